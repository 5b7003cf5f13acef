"""ngan-sach: budget disclosures (estimate, execution by period, final accounts, amendments).

Each report holds the tables the commune published, as printed: the form's number and title, its
columns (with the groups of a two-level header, percentage columns and their printed formula such
as `6=4/2`), rows with the codes the form gives them (I, 1, a, -, or none) and their level, signed
figures, blank cells apart from zeros, and the unit printed above the table. Official figures are
published as signed: a total that does not add up is a warning, never a refusal.

Legal basis: Law 10/2022 Art. 11(2); Decree 163/2016 Art. 49 and Circular 343/2016/TT-BTC
(forms 103–120, budget years up to 2025); Law 89/2025 Art. 15, Decree 73/2026 Arts. 36–37 and
Circular 26/2026 Art. 26 (from budget year 2026).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, Strict, model_validator

from generator.diagnostics.positions import FieldPath
from generator.types.budget_forms import FORMS, KIND_TITLES, Form, find_form, unit_factor
from generator.types.common import (
    Date,
    Decision,
    Problem,
    StrictModel,
    Text,
    Year,
)
from generator.types.notice import Posted
from generator.vn.formatting import vnd

Phase = Literal[
    "du-thao-du-toan",
    "du-toan",
    "dieu-chinh",
    "quy-1",
    "quy-2",
    "quy-3",
    "quy-4",
    "6-thang",
    "9-thang",
    "ca-nam",
    "quyet-toan",
    "kiem-toan",
]

PHASE_TITLES: dict[str, str] = {
    "du-thao-du-toan": "Dự thảo dự toán trình HĐND",
    "du-toan": "Dự toán được HĐND quyết định",
    "dieu-chinh": "Điều chỉnh dự toán",
    "quy-1": "Thực hiện dự toán quý I",
    "quy-2": "Thực hiện dự toán quý II",
    "quy-3": "Thực hiện dự toán quý III",
    "quy-4": "Thực hiện dự toán quý IV",
    "6-thang": "Thực hiện dự toán 6 tháng",
    "9-thang": "Thực hiện dự toán 9 tháng",
    "ca-nam": "Thực hiện dự toán cả năm",
    "quyet-toan": "Quyết toán ngân sách",
    "kiem-toan": "Thực hiện kiến nghị kiểm toán",
}

PARTIAL_PERIODS = {
    "quy-1": "3 tháng",
    "quy-2": "6 tháng",
    "6-thang": "6 tháng",
    "quy-3": "9 tháng",
    "9-thang": "9 tháng",
}
"""Reports whose execution figures cover part of the year (cumulative from 1 January)."""

UNIT_TITLES = {"dong": "đồng", "nghin-dong": "nghìn đồng", "trieu-dong": "triệu đồng"}


def _as_key(value: object) -> object:
    # YAML reads a column number written bare (`1:` or `key: 5`) as an integer.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _keys_as_text(value: object) -> object:
    if isinstance(value, dict):
        return {_as_key(k): v for k, v in value.items()}
    return value


Key = Annotated[str, BeforeValidator(_as_key), Field(min_length=1, max_length=20)]
Number = Annotated[int, Strict()] | Annotated[float, Strict()]
CellText = Annotated[
    str,
    Field(
        min_length=1,
        # For the editor: "1.250.000" typed as text is a figure written wrong, not a text cell
        # (the build says so too, with the column it is in: CK103).
        json_schema_extra={"not": {"pattern": r"^\s*-?[0-9]{1,3}([.,][0-9]{3})+\s*$"}},
    ),
]
Cell = Number | CellText | None
"""A figure (signed), a text cell (a place, a date range), `-` as printed for nil, or blank."""
SignedAmount = Annotated[int, Strict()]
_FORM_NAME = r"^(Biểu số )?\d{3}(/CK TC-NSNN)?$|^nd73-[a-z-]+$|^dieu-chinh$"
_FORMULA = re.compile(r"^\s*[0-9A-Za-z]+(\s*[-+/]\s*[0-9A-Za-z]+)*\s*$")


_COMMENTED: dict[str, Any] = {"scaffold": "commented"}
"""A field `congkhai new` leaves as a comment: rarely needed when the form is named."""


class Column(StrictModel):
    """Một cột số liệu của biểu, theo thứ tự in trên biểu (sau hai cột STT và Nội dung)."""

    key: Key
    """Số thứ tự cột in trên dòng đánh số cột của biểu, ví dụ `1`, `5` (cột "5=3/1")."""
    label: Text
    """Tên cột như in trên biểu, ví dụ "Thu NSX" hoặc "Dự toán năm 2025"."""
    group: Text | None = None
    """Tên nhóm ở dòng tiêu đề trên (tiêu đề hai tầng), ví dụ "Ước thực hiện năm 2024"."""
    kind: Literal["money", "percent", "text"] = "money"
    """Loại cột: money (số tiền), percent (tỷ lệ %), text (chữ, ví dụ địa điểm)."""
    formula: Annotated[str, Field(pattern=_FORMULA.pattern)] | None = None
    """Công thức in trên biểu, ví dụ `3/1` (cột 5 = cột 3 / cột 1, tính %) hoặc `1+2-3`."""
    measure: (
        Literal[
            "du-toan",
            "uoc-thuc-hien",
            "thuc-hien",
            "luy-ke",
            "quyet-toan",
            "da-giao",
            "dieu-chinh",
            "sau-dieu-chinh",
            "so-sanh",
            "khac",
        ]
        | None
    ) = None
    """Cột ghi số gì: du-toan, uoc-thuc-hien, thuc-hien (trong kỳ), luy-ke (từ đầu năm),
    quyet-toan, da-giao, dieu-chinh, sau-dieu-chinh, so-sanh, khac."""
    scope: Literal["nsnn", "nsx"] | None = None
    """Với bảng thu: nsnn (thu NSNN trên địa bàn) hoặc nsx (phần ngân sách xã được hưởng)."""
    decimals: Annotated[int, Strict(), Field(ge=0, le=6)] | None = Field(
        None, json_schema_extra=_COMMENTED
    )
    """Số chữ số thập phân in trên biểu, ví dụ 2 cho “110,50” (YAML đọc 110.50 thành 110.5);
    để trống thì bỏ các số 0 cuối."""

    @property
    def heading(self) -> str:
        """`Ước thực hiện năm 2024 – Thu NSX`: how a card names the figure on a phone."""
        return f"{self.group} – {self.label}" if self.group else self.label

    @property
    def number(self) -> str:
        """The column-number row's cell: `5=3/1`."""
        return f"{self.key}={self.formula.replace(' ', '')}" if self.formula else self.key


class Row(StrictModel):
    """Một dòng của biểu, theo đúng thứ tự in; dòng con nằm ngay dưới dòng cha, cấp lớn hơn."""

    code: Annotated[str, BeforeValidator(_as_key)] | None = None
    """Số thứ tự in ở cột STT: `I`, `1`, `1.1`, `a`, `-`, hoặc bỏ trống như trên biểu."""
    name: Text
    """Nội dung dòng, ví dụ "Thuế sử dụng đất phi nông nghiệp"."""
    level: Annotated[int, Strict(), Field(ge=0, le=6)] = 1
    """Cấp của dòng: 0 dòng tổng cộng, 1 dòng I/II, 2 dòng 1/2, 3 dòng a/-; dòng con có cấp
    lớn hơn dòng cha."""
    children: Literal["sum", "partial", "none"] = Field("sum", json_schema_extra=_COMMENTED)
    """Các dòng con quan hệ thế nào: sum (cộng lại bằng dòng này), partial ("trong đó", chỉ một
    phần), none (không cộng)."""
    values: Annotated[dict[Key, Cell] | list[Cell], BeforeValidator(_keys_as_text)] = {}
    """Số liệu theo cột: `{1: 1250000, 3: -500000}` theo số cột, hoặc danh sách theo thứ tự cột;
    ô trống thì bỏ qua hoặc ghi `null`, ô in dấu gạch ghi `"-"`. Số âm ghi dấu trừ."""
    note: Text | None = Field(None, json_schema_extra=_COMMENTED)
    """Ghi chú in kèm dòng."""


class BudgetForm(StrictModel):
    """Một biểu số liệu như xã đã công khai: biểu thu, chi, cân đối, chi đầu tư, tài chính khác."""

    form: Annotated[str, Field(pattern=_FORM_NAME)] | None = None
    """Số hiệu biểu: `104/CK TC-NSNN` (Thông tư 343/2016, biểu 103–120), hoặc `nd73-thuc-hien`,
    `nd73-du-toan`, `nd73-quyet-toan`, `dieu-chinh` (từ năm 2026); cột lấy theo mẫu nếu không
    ghi `columns`."""
    title: Text | None = Field(None, json_schema_extra=_COMMENTED)
    """Tiêu đề in trên biểu; mặc định theo mẫu."""
    kind: Literal["can-doi", "thu", "chi", "chi-dau-tu", "tai-chinh-khac", "khac"] | None = Field(
        None, json_schema_extra=_COMMENTED
    )
    """Loại bảng: can-doi, thu, chi, chi-dau-tu, tai-chinh-khac, khac; mặc định theo mẫu."""
    unit: Text | None = Field(None, json_schema_extra=_COMMENTED)
    """Đơn vị in trên biểu, ví dụ "đồng", "1000 đồng", "triệu đồng"; mặc định theo `unit` của
    mục."""
    name_label: Text | None = Field(None, json_schema_extra=_COMMENTED)
    """Tiêu đề cột nội dung dòng như in trên biểu, ví dụ "CHỈ TIÊU"; mặc định "Nội dung"."""
    columns: list[Column] = Field([], json_schema_extra=_COMMENTED)
    """Các cột số liệu; bỏ trống thì dùng các cột của mẫu ghi ở `form`."""
    rows: list[Row]
    """Các dòng của biểu, theo thứ tự in."""
    note: Text | None = Field(None, json_schema_extra=_COMMENTED)
    """Ghi chú in dưới biểu (ví dụ: số liệu trích một phần)."""


# ---------------------------------------------------------------- old shape (before forms)


class BudgetLine(StrictModel):
    """Một dòng của bảng thu hoặc chi (cách ghi cũ); có thể có các dòng con."""

    code: Text
    """Mã số hoặc số thứ tự của dòng theo biểu mẫu, ví dụ `I`, `1`, `1.1`."""
    name: Text
    """Nội dung thu / chi, ví dụ "Thuế sử dụng đất phi nông nghiệp"."""
    estimate: SignedAmount | None = None
    """Số dự toán (số nguyên, không dấu chấm; có thể viết 1_250_000; số giảm ghi dấu trừ)."""
    actual: SignedAmount | None = None
    """Số thực hiện hoặc quyết toán trong kỳ."""
    lines: list[BudgetLine] = []
    """Các dòng con; tổng của chúng được đối chiếu với số của dòng này."""


class Totals(StrictModel):
    """Dòng tổng cộng ghi trên biểu mẫu (cách ghi cũ)."""

    estimate: SignedAmount | None = None
    """Tổng số dự toán."""
    actual: SignedAmount | None = None
    """Tổng số thực hiện."""


class BudgetTable(StrictModel):
    """Một bảng thu hoặc chi theo cách ghi cũ (cột Dự toán, Thực hiện); nên dùng `tables`."""

    total: Totals | None = None
    """Dòng tổng cộng như trên biểu mẫu đã được phê duyệt."""
    lines: list[BudgetLine]
    """Các dòng của bảng, theo thứ tự trên biểu mẫu."""


# ---------------------------------------------------------------- the tables as published


@dataclass(frozen=True)
class Table:
    """One published table with its layout resolved (the form's columns where none are written),
    every row's figures by column key, and where each part sits in the YAML file."""

    form: Form | None
    title: str
    kind: str
    unit: str
    """As printed: "1000 đồng"."""
    factor: int | None
    """đồng per unit; None for a unit not known (an error)."""
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    cells: tuple[dict[str, Any], ...]
    """Each row's figures by column key."""
    path: FieldPath
    row_paths: tuple[FieldPath, ...]
    value_paths: tuple[dict[str, FieldPath], ...]
    note: str | None = None
    name_label: str = "Nội dung"
    """The header of the rows' names as the form prints it ("CHỈ TIÊU")."""

    @property
    def number(self) -> str | None:
        return self.form.number if self.form and "/" in self.form.number else None

    @property
    def has_groups(self) -> bool:
        return any(c.group for c in self.columns)

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def figure(self, index: int, key: str) -> float | int | None:
        """A row's figure in a column; for a parent the form left blank, what its children add
        up to (forms often print only the detail lines)."""
        value = numeric(self.cells[index].get(key))
        if value is not None or self.rows[index].children != "sum":
            return value
        figures = [self.figure(j, key) for j in self.children(index)]
        found = [f for f in figures if f is not None]
        return sum(found) if found else None

    def children(self, index: int) -> list[int]:
        """The rows directly below a row: the highest level among those that follow it before a
        row of its own level or higher."""
        level = self.rows[index].level
        below: list[int] = []
        for j in range(index + 1, len(self.rows)):
            if self.rows[j].level <= level:
                break
            below.append(j)
        if not below:
            return []
        top = min(self.rows[j].level for j in below)
        return [j for j in below if self.rows[j].level == top]


def numeric(value: object) -> float | int | None:
    """A cell's figure for sums: `-` is nil (0), text and blanks are not figures."""
    if value == "-":
        return 0
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return None


def _decimals(value: float | int) -> int:
    text = repr(value)
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def evaluate(formula: str, cells: dict[str, Any]) -> float | None:
    """A printed formula over a row's cells: `3/1` is a percentage, `1+2-3` a sum; None when a
    cell it needs is blank or a division by zero."""
    tokens = re.findall(r"[-+/]|[0-9A-Za-z]+", formula)
    if "/" in tokens:
        at = tokens.index("/")
        top, bottom = (
            evaluate("".join(tokens[:at]), cells),
            evaluate("".join(tokens[at + 1 :]), cells),
        )
        if top is None or not bottom:
            return None
        return top / bottom * 100
    total: float = 0
    sign = 1
    for token in tokens:
        if token in "+-":
            sign = 1 if token == "+" else -1
            continue
        value = numeric(cells.get(token))
        if value is None:
            return None
        total += sign * value
    return total


class Budget(Posted):
    """Công khai ngân sách xã: dự toán, điều chỉnh dự toán, thực hiện theo kỳ, quyết toán. Có
    văn bản đã ký (`signed`, ví dụ nghị quyết HĐND xã) và tệp đính kèm là đủ để đăng; biểu số
    liệu (`tables`) ghi thêm sau."""

    year: Year
    """Năm ngân sách, ví dụ 2025."""
    phase: Phase
    """Giai đoạn: du-thao-du-toan, du-toan, dieu-chinh, quy-1, 6-thang, 9-thang, ca-nam,
    quyet-toan..."""
    amendment: Annotated[int, Strict(), Field(ge=1, le=20)] | None = None
    """Lần điều chỉnh dự toán trong năm (1, 2...), với giai đoạn dieu-chinh."""
    approval: Decision | None = None
    """Văn bản phê duyệt hoặc quyết định (nghị quyết HĐND, quyết định UBND)."""
    form_code: Text | None = None
    """Số hiệu biểu mẫu của cả báo cáo nếu có (biểu mẫu của tỉnh hoặc của HĐND)."""
    form_source: (
        Literal["bieu-trinh-hdnd", "bieu-hdnd-quyet-dinh", "mau-cua-tinh", "mau-81"] | None
    ) = None
    """Biểu mẫu (từ năm 2026): bieu-trinh-hdnd, bieu-hdnd-quyet-dinh, mau-cua-tinh, mau-81."""
    sent_to_council: Date | None = None
    """Ngày gửi dự thảo dự toán đến đại biểu HĐND (mốc tính hạn 5 ngày làm việc, đến năm 2026)."""
    council_session_opened: Date | None = None
    """Ngày khai mạc kỳ họp HĐND xem xét dự toán (mốc tính hạn, dự toán từ năm 2027)."""
    submitted: Date | None = None
    """Ngày trình báo cáo thực hiện cả năm lên HĐND hoặc cơ quan có thẩm quyền (mốc tính hạn)."""
    unit: Text = "dong"
    """Đơn vị tính in trên biểu: "đồng", "1000 đồng", "triệu đồng" (hoặc dong, nghin-dong,
    trieu-dong); từng biểu có thể ghi đơn vị riêng."""
    tables: list[BudgetForm] = []
    """Các biểu số liệu theo đúng mẫu đã công khai (biểu thu, chi, cân đối...); để trống khi
    mới đăng văn bản đã ký."""
    revenue: BudgetTable | None = Field(None, json_schema_extra={"deprecated": True})
    """Bảng thu theo cách ghi cũ (chỉ cột Dự toán, Thực hiện); nên dùng `tables`."""
    expenditure: BudgetTable | None = Field(None, json_schema_extra={"deprecated": True})
    """Bảng chi theo cách ghi cũ (chỉ cột Dự toán, Thực hiện); nên dùng `tables`."""

    @model_validator(mode="before")
    @classmethod
    def _forms_name_the_report(cls, data: Any) -> Any:
        # A report whose tables name Circular 343 forms names its forms: `form_code` need not
        # repeat them (the rule tt343.forms reads it).
        if isinstance(data, dict) and not data.get("form_code"):
            tables = data.get("tables")
            forms = [
                t["form"]
                for t in (tables if isinstance(tables, list) else [])
                if isinstance(t, dict) and isinstance(t.get("form"), str) and "/" in t["form"]
            ]
            if forms:
                return {**data, "form_code": ", ".join(forms)}
        return data

    def period_year(self) -> int:
        return self.year

    def default_slug(self, stem: str) -> str:
        # One disclosure per phase per year: the URL is /ngan-sach/<year>/<phase>/; amendments,
        # several a year, are /ngan-sach/<year>/dieu-chinh-<n>/.
        if self.phase == "dieu-chinh":
            return f"dieu-chinh-{self.amendment or 1}"
        return self.phase

    def listing_note(self) -> str:
        return f"{self.phase_title} năm {self.year}"

    @property
    def phase_title(self) -> str:
        if self.phase == "dieu-chinh" and self.amendment:
            return f"Điều chỉnh dự toán lần {self.amendment}"
        return PHASE_TITLES[self.phase]

    @property
    def partial_period(self) -> str | None:
        """`9 tháng` for a report covering part of the year; None for a whole year or estimate."""
        return PARTIAL_PERIODS.get(self.phase)

    @property
    def unit_title(self) -> str:
        return UNIT_TITLES.get(self.unit, self.unit)

    @functools.cached_property
    def published_tables(self) -> list[Table]:
        """Every table in the order published: the `tables`, else the old revenue and spending."""
        out = [self._table(i, t) for i, t in enumerate(self.tables)]
        for side, kind in (("revenue", "thu"), ("expenditure", "chi")):
            old: BudgetTable | None = getattr(self, side)
            if old is not None:
                out.append(_from_old(old, side, kind, self))
        return out

    def _table(self, index: int, table: BudgetForm) -> Table:
        form = find_form(table.form) if table.form else None
        columns = tuple(table.columns) or (
            tuple(Column(**vars(c)) for c in form.columns) if form else ()
        )
        path: FieldPath = ("tables", index)
        cells: list[dict[str, Any]] = []
        value_paths: list[dict[str, FieldPath]] = []
        for r, row in enumerate(table.rows):
            at: FieldPath = (*path, "rows", r, "values")
            if isinstance(row.values, list):
                pairs = [
                    (columns[i].key if i < len(columns) else str(i + 1), v, (*at, i))
                    for i, v in enumerate(row.values)
                ]
            else:
                pairs = [(k, v, (*at, k)) for k, v in row.values.items()]
            cells.append({k: v for k, v, _ in pairs if v is not None})
            value_paths.append({k: p for k, _, p in pairs})
        unit = table.unit or self.unit
        return Table(
            form=form,
            title=table.title or (form.title if form else KIND_TITLES[table.kind or "khac"]),
            kind=table.kind or (form.kind if form else "khac"),
            unit=UNIT_TITLES.get(unit, unit),
            factor=unit_factor(unit),
            columns=columns,
            rows=tuple(table.rows),
            cells=tuple(cells),
            path=path,
            row_paths=tuple((*path, "rows", r) for r in range(len(table.rows))),
            value_paths=tuple(value_paths),
            note=table.note,
            name_label=table.name_label or "Nội dung",
        )

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if self.approval and self.approval.date > self.published:
            yield Problem("CK111", ("approval", "date"), "văn bản phê duyệt ban hành sau ngày đăng")
        if not self.published_tables and not self.publishes_document():
            yield Problem(
                "CK101",
                (),
                "chưa có biểu số liệu nào (`tables`), văn bản đã ký hay tệp đính kèm",
                "Đăng văn bản đã ký: `signed:` (loại, số, ngày, cơ quan ban hành) kèm "
                "`attachments:`, rồi bổ sung biểu sau; hoặc thêm biểu ở `tables` (chạy "
                "`congkhai new ngan-sach` hoặc `congkhai import ngan-sach`).",
            )
        if self.amendment is not None and self.phase != "dieu-chinh":
            yield Problem(
                "CK104",
                ("amendment",),
                "chỉ ghi lần điều chỉnh `amendment` với giai đoạn dieu-chinh",
                "Xoá `amendment` hoặc đổi `phase: dieu-chinh`.",
            )
        if unit_factor(self.unit) is None:
            yield _unknown_unit(("unit",), self.unit)
        for index, table in enumerate(self.tables):
            yield from _layout_problems(table, self.published_tables[index])
        for table in self.published_tables:
            if table.factor is not None:
                yield from _figure_problems(table)


def _unknown_unit(path: FieldPath, unit: str) -> Problem:
    return Problem(
        "CK122",
        path,
        f"không biết đơn vị “{unit}”",
        "Ghi đơn vị đúng như in trên biểu: “đồng”, “1000 đồng”, “nghìn đồng” hoặc “triệu đồng”. "
        "Không đoán đơn vị: số liệu sẽ sai gấp nghìn lần.",
    )


def _layout_problems(written: BudgetForm, table: Table) -> Iterator[Problem]:
    if written.form and table.form is None:
        yield Problem(
            "CK123",
            (*table.path, "form"),
            f"không có mẫu biểu “{written.form}”",
            "Ghi số hiệu biểu của Thông tư 343/2016/TT-BTC từ 103/CK TC-NSNN đến 120/CK TC-NSNN, "
            "hoặc một trong: "
            + ", ".join(k for k in FORMS if "/" not in k)
            + "; hoặc bỏ `form` và liệt kê các cột ở `columns`.",
        )
    if written.unit and table.factor is None:
        yield _unknown_unit((*table.path, "unit"), written.unit)
    if not table.columns:
        yield Problem(
            "CK101",
            (*table.path, "columns"),
            "biểu không có cột số liệu nào",
            "Ghi số hiệu biểu ở `form` để dùng các cột của mẫu, hoặc liệt kê các cột ở `columns`.",
        )
        return
    keys = [c.key for c in table.columns]
    for key in {k for k in keys if keys.count(k) > 1}:
        yield Problem("CK107", (*table.path, "columns"), f"hai cột cùng số {key}")
    for r, row in enumerate(written.rows):
        if isinstance(row.values, list) and len(row.values) > len(table.columns):
            yield Problem(
                "CK104",
                (*table.row_paths[r], "values"),
                f"dòng có {len(row.values)} số nhưng biểu chỉ có {len(table.columns)} cột",
                "Mỗi số ứng với một cột theo thứ tự; ô trống ghi null.",
            )
        for key, value in table.cells[r].items():
            column = table.column(key)
            at = table.value_paths[r].get(key, (*table.row_paths[r], "values"))
            if column is None:
                yield Problem(
                    "CK104",
                    at,
                    f"không có cột số {key} trong biểu",
                    "Các cột của biểu: " + ", ".join(keys) + ".",
                )
            elif isinstance(value, str) and value != "-" and column.kind != "text":
                yield Problem(
                    "CK103",
                    at,
                    f"cột {key} ({column.heading}) ghi số, nhưng ở đây là chữ “{value}”",
                    "Ghi số không có dấu chấm ngăn cách (1250000 hoặc 1_250_000); số âm ghi dấu "
                    "trừ; ô trống thì bỏ qua.",
                )
            elif isinstance(value, float) and column.kind == "money" and _whole(table.factor):
                # Forms in đồng and nghìn đồng print whole numbers: a dot here is the clerk's
                # thousands separator, which YAML reads as a decimal point (270.983 -> 270,983).
                yield Problem(
                    "CK104",
                    at,
                    f"số tiền được đọc là {str(value).replace('.', ',')} (số thập phân), nhưng "
                    f"biểu tính bằng {table.unit}",
                    "YAML đọc dấu chấm là dấu thập phân (270.983 là 270,983). Ghi số liền, không "
                    "dấu chấm: 270983 hoặc 270_983.",
                )


def _whole(factor: int | None) -> bool:
    """Whether amounts in this unit are printed as whole numbers: đồng and nghìn đồng are."""
    return factor is not None and factor <= 1000


def _figure_problems(table: Table) -> Iterator[Problem]:
    money = [c for c in table.columns if c.kind == "money" and not c.formula]
    for index, row in enumerate(table.rows):
        below = table.children(index)
        if below and row.children != "none":
            for column in money:
                yield from _sum_problems(table, index, below, column)
        for column in table.columns:
            if column.formula:
                yield from _formula_problems(table, index, column)


def _where(table: Table, index: int) -> str:
    row = table.rows[index]
    return f"dòng {row.code} ({row.name})" if row.code else f"dòng “{row.name}”"


def _amount(value: float) -> str:
    if float(value).is_integer():
        return vnd(int(value))
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _sum_problems(table: Table, index: int, below: list[int], column: Column) -> Iterator[Problem]:
    stated = numeric(table.cells[index].get(column.key))
    figures = [table.figure(j, column.key) for j in below]
    if stated is None or all(f is None for f in figures):
        return  # a parent left blank, or children without figures in this column
    computed = sum(f for f in figures if f is not None)
    at = table.value_paths[index].get(column.key, table.row_paths[index])
    unit = table.unit
    row = table.rows[index]
    if row.children == "sum" and round(stated - computed, 6) != 0:
        yield Problem(
            "CK206",
            at,
            f"{_where(table, index)}, cột {column.key} ({column.heading}): ghi {_amount(stated)} "
            f"{unit} nhưng cộng các dòng con được {_amount(computed)} {unit} "
            f"(chênh lệch {_amount(stated - computed)} {unit})",
            "Số liệu chính thức vẫn được đăng như đã ký. Nếu biểu chỉ kê một phần các dòng con, "
            "ghi `children: partial` cho dòng này; nếu gõ nhầm, sửa cho đúng biểu.",
        )
    elif row.children == "partial" and stated >= 0 and computed > stated:
        yield Problem(
            "CK206",
            at,
            f"{_where(table, index)}, cột {column.key} ({column.heading}): các khoản “trong đó” "
            f"cộng được {_amount(computed)} {unit}, lớn hơn số của dòng {_amount(stated)} {unit} "
            f"(chênh lệch {_amount(computed - stated)} {unit})",
        )


def _formula_problems(table: Table, index: int, column: Column) -> Iterator[Problem]:
    assert column.formula is not None
    stated = table.cells[index].get(column.key)
    if not isinstance(stated, int | float) or isinstance(stated, bool):
        return
    computed = evaluate(column.formula, table.cells[index])
    if computed is None:
        return
    printed = column.decimals if column.decimals is not None else _decimals(stated)
    tolerance = 0.5 * 10**-printed + 1e-9
    if abs(stated - computed) <= tolerance:
        return
    shown = f"{computed:.2f}".replace(".", ",")
    what = "%" if column.kind == "percent" else f" {table.unit}"
    yield Problem(
        "CK207",
        table.value_paths[index].get(column.key, table.row_paths[index]),
        f"{_where(table, index)}, cột {column.number} ({column.heading}): ghi "
        f"{str(stated).replace('.', ',')}{what} nhưng tính theo công thức {column.formula} được "
        f"{shown}{what}",
        "Số liệu chính thức vẫn được đăng như đã ký; đối chiếu lại với biểu gốc.",
    )


def _from_old(old: BudgetTable, side: str, kind: str, item: Budget) -> Table:
    """A table of the old shape as a form: columns Dự toán, Thực hiện (or Quyết toán) and the
    share executed, rows flattened with their level."""
    has_actual = (old.total is not None and old.total.actual is not None) or any(
        _has_actual(line) for line in old.lines
    )
    actual_measure = "quyet-toan" if item.phase == "quyet-toan" else "luy-ke"
    columns = [Column(key="1", label="Dự toán", measure="du-toan")]
    if has_actual:
        columns += [
            Column(
                key="2",
                label="Quyết toán" if actual_measure == "quyet-toan" else "Thực hiện",
                measure=actual_measure,
            ),
            Column(
                key="3",
                label="Tỷ lệ thực hiện so với dự toán (%)",
                kind="percent",
                formula="2/1",
                measure="so-sanh",
            ),
        ]
    rows: list[Row] = []
    cells: list[dict[str, Any]] = []
    paths: list[FieldPath] = []
    value_paths: list[dict[str, FieldPath]] = []

    def add(
        code: str | None,
        name: str,
        level: int,
        estimate: int | None,
        actual: int | None,
        at: FieldPath,
    ) -> None:
        values: dict[str, Any] = {}
        if estimate is not None:
            values["1"] = estimate
        if has_actual and actual is not None:
            values["2"] = actual
            if estimate:
                values["3"] = round(actual / estimate * 100, 2)
        rows.append(Row(code=code, name=name, level=level, values=values))
        cells.append(values)
        paths.append(at)
        value_paths.append({"1": (*at, "estimate"), "2": (*at, "actual"), "3": at})

    if old.total is not None:
        add(
            None,
            "Tổng thu" if kind == "thu" else "Tổng chi",
            0,
            old.total.estimate,
            old.total.actual,
            (side, "total"),
        )

    def walk(lines: list[BudgetLine], level: int, at: FieldPath) -> None:
        for i, line in enumerate(lines):
            here = (*at, i)
            add(line.code, line.name, level, line.estimate, line.actual, here)
            walk(line.lines, level + 1, (*here, "lines"))

    walk(old.lines, 1, (side, "lines"))
    unit = UNIT_TITLES.get(item.unit, item.unit)
    return Table(
        form=None,
        title=KIND_TITLES[kind],
        kind=kind,
        unit=unit,
        factor=unit_factor(item.unit),
        columns=tuple(columns),
        rows=tuple(rows),
        cells=tuple(cells),
        path=(side,),
        row_paths=tuple(paths),
        value_paths=tuple(value_paths),
    )


def _has_actual(line: BudgetLine) -> bool:
    return line.actual is not None or any(_has_actual(child) for child in line.lines)
