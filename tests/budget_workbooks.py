"""Budget workbooks made the way commune clerks' Excel files look, one per Circular 343 commune
form (103 to 120) and a 2026 quarterly execution report on a province's template.

Each has the form number top right, a title with the year, the stage in brackets, a unit line
("Đơn vị: 1000 đồng"), a two-row header whose groups are merged cells, the column-number row
("A B 1 2 3 4 5=3/1 6=4/2"), rows coded I, 1, a, "-" or not at all, parents left blank while their
children carry figures, "-" for nil, percentages and totals as formulas with the values Excel saved,
and some figures typed as text with dot or comma thousands separators. Every spec keeps the
figures it wrote, so that a test can look for each of them on the built page.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

Value = int | float | str | None


@dataclass
class Col:
    key: str
    label: str
    group: str | None = None
    formula: str | None = None
    """As printed in the column-number row after `=`: `3/1`, `1+2-3`."""
    text: bool = False


@dataclass
class Line:
    code: str | None
    name: str
    level: int
    values: dict[str, Value] = field(default_factory=dict)
    blank_parent: bool = False


@dataclass
class Spec:
    stem: str
    form: str | None
    title: str
    stage: str
    unit: str
    """As printed after "Đơn vị: "."""
    columns: list[Col]
    lines: list[Line]
    year: int
    phase: str
    text_cells: dict[tuple[int, str], str] = field(default_factory=dict)
    """(line index, column key) -> how the figure is typed as text in the sheet."""
    formula_cells: set[tuple[int, str]] = field(default_factory=set)
    """Cells written as an Excel formula (with the value Excel saved)."""


REVENUE = [
    (None, "TỔNG THU NGÂN SÁCH", 0),
    ("I", "Các khoản thu xã hưởng 100%", 1),
    ("1", "Phí, lệ phí", 2),
    ("2", "Thu từ quỹ đất công ích và hoa lợi công sản", 2),
    ("3", "Thu khác ngân sách", 2),
    (None, "Thu đóng góp tự nguyện của nhân dân", 2),
    ("II", "Các khoản thu phân chia theo tỷ lệ phần trăm (%)", 1),
    ("1", "Thuế sử dụng đất phi nông nghiệp", 2),
    ("2", "Các khoản thu phân chia khác", 2),
    ("-", "Lệ phí trước bạ nhà, đất", 3),
    ("-", "Thuế thu nhập cá nhân", 3),
    ("III", "Thu bổ sung từ ngân sách cấp trên", 1),
    ("1", "Thu bổ sung cân đối ngân sách", 2),
    ("2", "Thu bổ sung có mục tiêu", 2),
]
SPENDING = [
    (None, "TỔNG CHI NGÂN SÁCH XÃ", 0),
    ("I", "Chi đầu tư phát triển", 1),
    ("1", "Chi đầu tư xây dựng cơ bản", 2),
    ("II", "Chi thường xuyên", 1),
    ("1", "Chi quốc phòng", 2),
    ("2", "Chi an ninh, trật tự an toàn xã hội", 2),
    ("3", "Chi sự nghiệp văn hóa, thông tin", 2),
    ("4", "Chi quản lý nhà nước, Đảng, đoàn thể", 2),
    ("a", "Quản lý nhà nước", 3),
    ("b", "Đảng cộng sản Việt Nam", 3),
    ("5", "Chi bảo đảm xã hội", 2),
    ("III", "Dự phòng ngân sách", 1),
]
BALANCE = [
    ("A", "TỔNG SỐ THU NGÂN SÁCH XÃ", 1),
    ("I", "Thu ngân sách xã hưởng theo phân cấp", 2),
    ("II", "Thu bổ sung từ ngân sách cấp trên", 2),
    ("III", "Thu kết dư", 2),
    ("B", "TỔNG SỐ CHI NGÂN SÁCH XÃ", 1),
    ("I", "Chi đầu tư phát triển", 2),
    ("II", "Chi thường xuyên", 2),
    ("III", "Dự phòng ngân sách", 2),
]
PROJECTS = [
    (None, "TỔNG SỐ", 0),
    ("1", "Đường giao thông nông thôn thôn Đông", 1),
    ("2", "Nhà văn hóa thôn Bắc", 1),
    ("3", "Rãnh tiêu thoát nước nghĩa trang liệt sỹ", 1),
]
FUNDS = [
    (None, "TỔNG SỐ", 0),
    ("1", "Quỹ công chuyên dùng", 1),
    ("-", "Quỹ đền ơn đáp nghĩa", 2),
    ("-", "Quỹ phòng chống thiên tai", 2),
    ("2", "Các khoản thu hộ, chi hộ", 1),
]


NIL_ROWS = {
    "Thu khác ngân sách",
    "Đảng cộng sản Việt Nam",
    "Quỹ phòng chống thiên tai",
    "Thu kết dư",
}
"""Rows whose last money cell the form prints as "-" (nil)."""


def _amount(seed: int, index: int, key: str) -> int:
    """A plausible figure in thousands of đồng, different in every cell."""
    return (
        seed * 7919 + index * 104_729 + int(re.sub(r"\D", "", key) or 1) * 15_485
    ) % 900_000 + 10_000


def _children(lines: list[tuple[Any, ...]], index: int) -> list[int]:
    level = lines[index][2]
    out = []
    for j in range(index + 1, len(lines)):
        if lines[j][2] <= level:
            break
        if lines[j][2] == level + 1:
            out.append(j)
    return out


def _fill(
    layout: list[tuple[Any, ...]],
    columns: list[Col],
    seed: int,
    *,
    blank_parents: bool,
    blank: dict[tuple[str, str], str] | None = None,
) -> list[Line]:
    """Figures for every leaf, parents as the sums of their children (or blank), the total as the
    sum of the top rows, formula columns computed, percentages to two decimals."""
    lines = [Line(code, name, level) for code, name, level in layout]
    money = [c for c in columns if not c.formula and not c.text]
    blank = blank or {}
    for i in reversed(range(len(lines))):
        kids = _children(layout, i)
        for column in money:
            if (lines[i].name, column.key) in blank and not kids:
                lines[i].values[column.key] = blank[(lines[i].name, column.key)] or None
                continue
            if not kids:
                nil = lines[i].name in NIL_ROWS and column is money[-1]
                lines[i].values[column.key] = "-" if nil else _amount(seed, i, column.key)
                continue
            figures = [lines[k].values.get(column.key) for k in kids]
            numbers = [f for f in figures if isinstance(f, int | float)]
            lines[i].values[column.key] = sum(numbers) if numbers else None
        if kids and blank_parents and layout[i][2] >= 1:
            lines[i].blank_parent = True
    for line in lines:
        if line.blank_parent:
            for column in money:
                line.values[column.key] = None
        for column in columns:
            if column.text:
                line.values[column.key] = None
            elif column.formula:
                line.values[column.key] = compute(column.formula, line.values)
    return lines


def compute(formula: str, values: dict[str, Value]) -> Value:
    tokens = re.findall(r"[-+/]|[0-9]+", formula)
    if "/" in tokens:
        at = tokens.index("/")
        top = compute("".join(tokens[:at]), values)
        bottom = compute("".join(tokens[at + 1 :]), values)
        if not isinstance(top, int | float) or not isinstance(bottom, int | float) or not bottom:
            return None
        return round(top / bottom * 100, 2)
    total = 0
    sign = 1
    for token in tokens:
        if token in "+-":
            sign = 1 if token == "+" else -1
            continue
        value = values.get(token)
        if value == "-":
            value = 0
        if not isinstance(value, int | float):
            return None
        total += sign * value
    return total


def _split(groups: list[str]) -> list[Col]:
    columns: list[Col] = []
    for n, group in enumerate(groups):
        columns.append(Col(str(2 * n + 1), "THU NSNN", group))
        columns.append(Col(str(2 * n + 2), "THU NSX", group))
    if len(groups) == 2:
        columns.append(Col("5", "THU NSNN", "SO SÁNH (%)", "3/1"))
        columns.append(Col("6", "THU NSX", "SO SÁNH (%)", "4/2"))
    return columns


def _pair(first: str, second: str) -> list[Col]:
    return [Col("1", first), Col("2", second), Col("3", "SO SÁNH (%)", None, "2/1")]


def _investment(last: list[Col]) -> list[Col]:
    return [
        Col("1", "Địa điểm xây dựng", text=True),
        Col("2", "Thời gian khởi công - hoàn thành", text=True),
        Col("3", "Tổng mức đầu tư được duyệt"),
        Col("4", "Lũy kế vốn đã bố trí đến hết năm 2024"),
        *last,
    ]


FUNDS_COLUMNS = [
    Col("1", "Số dư đầu năm"),
    Col("2", "Số thu trong năm"),
    Col("3", "Số chi trong năm"),
    Col("4", "Số dư cuối năm", None, "1+2-3"),
]

DRAFT = "(Dự toán trình Hội đồng nhân dân)"
APPROVED = "(Dự toán đã được Hội đồng nhân dân quyết định)"
EXECUTION = "(Tình hình thực hiện 6 tháng đầu năm)"
ACCOUNTS = "(Quyết toán đã được Hội đồng nhân dân phê chuẩn)"


def _specs() -> list[Spec]:
    specs: list[Spec] = []

    def add(
        number: int,
        title: str,
        stage: str,
        columns: list[Col],
        layout,
        year: int,
        phase: str,
        unit: str = "1000 đồng",
        blank_parents: bool = False,
        blank=None,
    ) -> None:
        lines = _fill(layout, columns, number, blank_parents=blank_parents, blank=blank)
        specs.append(
            Spec(
                f"bieu-{number}",
                f"{number}/CK TC-NSNN",
                title,
                stage,
                unit,
                columns,
                lines,
                year,
                phase,
            )
        )

    outturn, draft = "ƯỚC THỰC HIỆN NĂM 2024", "DỰ TOÁN NĂM 2025"
    # Revenue on the territory has no figure for transfers from above: only THU NSX is filled.
    transfers = {
        (name, "1"): "" for name in ("Thu bổ sung cân đối ngân sách", "Thu bổ sung có mục tiêu")
    }
    transfers |= {(name, "3"): "" for name, _ in transfers}
    add(
        103,
        "CÂN ĐỐI NGÂN SÁCH XÃ NĂM 2025",
        DRAFT,
        _pair(outturn, draft),
        BALANCE,
        2025,
        "du-thao-du-toan",
    )
    add(
        104,
        "DỰ TOÁN THU NGÂN SÁCH XÃ NĂM 2025",
        DRAFT,
        _split([outturn, draft]),
        REVENUE,
        2025,
        "du-thao-du-toan",
        blank_parents=True,
        blank=transfers,
    )
    add(
        105,
        "DỰ TOÁN CHI NGÂN SÁCH XÃ NĂM 2025",
        DRAFT,
        _pair(outturn, draft),
        SPENDING,
        2025,
        "du-thao-du-toan",
    )
    add(
        106,
        "DỰ TOÁN CHI ĐẦU TƯ PHÁT TRIỂN NĂM 2025",
        DRAFT,
        _investment([Col("5", "Dự toán năm 2025")]),
        PROJECTS,
        2025,
        "du-thao-du-toan",
        unit="đồng",
    )
    add(
        107,
        "DỰ TOÁN CÁC HOẠT ĐỘNG TÀI CHÍNH KHÁC CỦA XÃ NĂM 2025",
        DRAFT,
        FUNDS_COLUMNS,
        FUNDS,
        2025,
        "du-thao-du-toan",
    )
    add(
        108,
        "CÂN ĐỐI NGÂN SÁCH XÃ NĂM 2025",
        APPROVED,
        [Col("1", "DỰ TOÁN NĂM 2025")],
        BALANCE,
        2025,
        "du-toan",
    )
    add(
        109,
        "DỰ TOÁN THU NGÂN SÁCH XÃ NĂM 2025",
        APPROVED,
        _split(["DỰ TOÁN NĂM 2025"]),
        REVENUE,
        2025,
        "du-toan",
        blank_parents=True,
        blank={k: v for k, v in transfers.items() if k[1] == "1"},
    )
    add(
        110,
        "DỰ TOÁN CHI NGÂN SÁCH XÃ NĂM 2025",
        APPROVED,
        [Col("1", "DỰ TOÁN NĂM 2025")],
        SPENDING,
        2025,
        "du-toan",
    )
    add(
        111,
        "DỰ TOÁN CHI ĐẦU TƯ PHÁT TRIỂN NĂM 2025",
        APPROVED,
        _investment([Col("5", "Dự toán năm 2025")]),
        PROJECTS,
        2025,
        "du-toan",
        unit="đồng",
    )
    add(
        112,
        "DỰ TOÁN CÁC HOẠT ĐỘNG TÀI CHÍNH KHÁC CỦA XÃ NĂM 2025",
        APPROVED,
        FUNDS_COLUMNS,
        FUNDS,
        2025,
        "du-toan",
    )
    add(
        113,
        "CÂN ĐỐI NGÂN SÁCH XÃ 6 THÁNG ĐẦU NĂM 2025",
        EXECUTION,
        _pair("DỰ TOÁN NĂM", "THỰC HIỆN 6 THÁNG"),
        BALANCE,
        2025,
        "6-thang",
    )
    add(
        114,
        "THỰC HIỆN THU NGÂN SÁCH XÃ 6 THÁNG ĐẦU NĂM 2025",
        EXECUTION,
        _split(["DỰ TOÁN NĂM", "THỰC HIỆN 6 THÁNG"]),
        REVENUE,
        2025,
        "6-thang",
        blank_parents=True,
        blank=transfers,
    )
    add(
        115,
        "THỰC HIỆN CHI NGÂN SÁCH XÃ 6 THÁNG ĐẦU NĂM 2025",
        EXECUTION,
        _pair("DỰ TOÁN NĂM", "THỰC HIỆN 6 THÁNG"),
        SPENDING,
        2025,
        "6-thang",
        unit="triệu đồng",
    )
    add(
        116,
        "QUYẾT TOÁN CÂN ĐỐI NGÂN SÁCH XÃ NĂM 2024",
        ACCOUNTS,
        _pair("DỰ TOÁN", "QUYẾT TOÁN"),
        BALANCE,
        2024,
        "quyet-toan",
    )
    add(
        117,
        "QUYẾT TOÁN THU NGÂN SÁCH XÃ NĂM 2024",
        ACCOUNTS,
        _split(["DỰ TOÁN", "QUYẾT TOÁN"]),
        REVENUE,
        2024,
        "quyet-toan",
        blank_parents=True,
        blank=transfers,
    )
    add(
        118,
        "QUYẾT TOÁN CHI NGÂN SÁCH XÃ NĂM 2024",
        ACCOUNTS,
        _pair("DỰ TOÁN", "QUYẾT TOÁN"),
        SPENDING,
        2024,
        "quyet-toan",
    )
    add(
        119,
        "QUYẾT TOÁN CHI ĐẦU TƯ PHÁT TRIỂN NĂM 2024",
        ACCOUNTS,
        _investment(
            [Col("5", "Dự toán"), Col("6", "Quyết toán"), Col("7", "So sánh (%)", None, "6/5")]
        ),
        PROJECTS,
        2024,
        "quyet-toan",
        unit="đồng",
    )
    add(
        120,
        "QUYẾT TOÁN CÁC HOẠT ĐỘNG TÀI CHÍNH KHÁC CỦA XÃ NĂM 2024",
        ACCOUNTS,
        FUNDS_COLUMNS,
        FUNDS,
        2024,
        "quyet-toan",
    )
    for spec in specs:
        _decorate(spec)
    specs.append(_quarterly_2026())
    return specs


def _decorate(spec: Spec) -> None:
    """Type some figures as text the way clerks do, and make totals and percentages formulas."""
    number = int(spec.form[:3]) if spec.form else 0
    money = [c for c in spec.columns if not c.formula and not c.text]
    for i, line in enumerate(spec.lines):
        for column in spec.columns:
            value = line.values.get(column.key)
            if (column.formula and value is not None) or (
                line.level == 0 and isinstance(value, int)
            ):
                spec.formula_cells.add((i, column.key))
        if i % 4 == 2 and money and isinstance(line.values.get(money[0].key), int):
            value = line.values[money[0].key]
            assert isinstance(value, int)
            text = f"{value:,}" if number % 2 else f"{value:,}".replace(",", ".")
            spec.text_cells[(i, money[0].key)] = text
    if number in (106, 111, 119):
        places = ["Thôn Đông", "Thôn Bắc", "Nghĩa trang liệt sỹ"]
        for i, line in enumerate(spec.lines[1:], 1):
            line.values["1"] = places[i - 1]
            line.values["2"] = "2024-2025"


def _quarterly_2026() -> Spec:
    columns = [
        Col("1", "Dự toán năm 2026"),
        Col("2", "Thực hiện quý III"),
        Col("3", "Lũy kế 9 tháng"),
        Col("4", "So sánh lũy kế với dự toán (%)", None, "3/1"),
    ]
    layout = [
        (None, "TỔNG THU NGÂN SÁCH XÃ", 0),
        ("I", "Thu ngân sách xã hưởng theo phân cấp", 1),
        ("1", "Thu phí, lệ phí", 2),
        ("2", "Thuế sử dụng đất phi nông nghiệp", 2),
        ("II", "Thu bổ sung từ ngân sách cấp trên", 1),
        (None, "Trong đó: bổ sung có mục tiêu", 2),
    ]
    lines = _fill(layout, columns, 2026, blank_parents=False)
    # "Trong đó": a part of the transfers, not all of them; the last quarter's is nil ("-").
    part = {k: v // 3 for k, v in lines[4].values.items() if k in ("1", "3")}
    lines[5].values = {**part, "2": "-", "4": compute("3/1", part)}
    spec = Spec(
        "bao-cao-9-thang-2026",
        None,
        "BÁO CÁO TÌNH HÌNH THỰC HIỆN THU NGÂN SÁCH XÃ 9 THÁNG NĂM 2026",
        "(Theo mẫu của Ủy ban nhân dân tỉnh)",
        "1000 đồng",
        columns,
        lines,
        2026,
        "9-thang",
    )
    _decorate(spec)
    return spec


SPECS = {spec.stem: spec for spec in _specs()}


def add_sheet(book: Workbook, spec: Spec, name: str) -> None:
    ws = book.create_sheet(name[:31])
    width = 2 + len(spec.columns)
    last = get_column_letter(width)
    ws["A1"] = "UBND XÃ TÂN HÒA"
    if spec.form:
        ws.cell(1, width, f"Biểu số {spec.form}")
    ws["A3"] = spec.title
    ws.merge_cells(f"A3:{last}3")
    ws["A4"] = spec.stage
    ws.merge_cells(f"A4:{last}4")
    if spec.unit:
        ws.cell(5, width, f"Đơn vị: {spec.unit}")
    grouped = any(c.group for c in spec.columns)
    top, second = 6, 7
    ws.cell(top, 1, "STT")
    ws.cell(top, 2, "NỘI DUNG")
    if grouped:
        ws.merge_cells(start_row=top, start_column=1, end_row=second, end_column=1)
        ws.merge_cells(start_row=top, start_column=2, end_row=second, end_column=2)
    column = 3
    while column - 3 < len(spec.columns):
        col = spec.columns[column - 3]
        if col.group:
            span = [c for c in spec.columns if c.group == col.group]
            ws.cell(top, column, col.group)
            if len(span) > 1:
                ws.merge_cells(
                    start_row=top,
                    start_column=column,
                    end_row=top,
                    end_column=column + len(span) - 1,
                )
            for offset, member in enumerate(span):
                ws.cell(second, column + offset, member.label)
            column += len(span)
        else:
            ws.cell(top, column, col.label)
            if grouped:
                ws.merge_cells(
                    start_row=top, start_column=column, end_row=second, end_column=column
                )
            column += 1
    numbers = (second if grouped else top) + 1
    ws.cell(numbers, 1, "A")
    ws.cell(numbers, 2, "B")
    for n, col in enumerate(spec.columns, 3):
        ws.cell(numbers, n, f"{col.key}={col.formula}" if col.formula else col.key)
    first = numbers + 1
    letters = {c.key: get_column_letter(n) for n, c in enumerate(spec.columns, 3)}
    for i, line in enumerate(spec.lines):
        row = first + i
        if line.code is not None:
            ws.cell(row, 1, line.code)
        ws.cell(row, 2, line.name)
        for n, col in enumerate(spec.columns, 3):
            value = line.values.get(col.key)
            if (i, col.key) in spec.formula_cells:
                ws.cell(row, n, _excel_formula(spec, i, col, letters, first))
            elif (i, col.key) in spec.text_cells:
                ws.cell(row, n, spec.text_cells[(i, col.key)])
            elif value is not None:
                ws.cell(row, n, value)
    ws.sheet_properties.tabColor = "1072BA"
    book.cached = getattr(book, "cached", {})  # type: ignore[attr-defined]
    for i, line in enumerate(spec.lines):
        for n, col in enumerate(spec.columns, 3):
            if (i, col.key) in spec.formula_cells:
                book.cached[(ws.title, f"{get_column_letter(n)}{first + i}")] = line.values[col.key]  # type: ignore[attr-defined]


def _excel_formula(spec: Spec, i: int, col: Col, letters: dict[str, str], first: int) -> str:
    row = first + i
    if col.formula:
        tokens = re.findall(r"[-+/]|[0-9]+", col.formula)
        parts = [t if t in "+-/" else f"{letters[t]}{row}" for t in tokens]
        text = "".join(parts)
        return f"={text}*100" if "/" in tokens else f"={text}"
    top = [first + j for j, line in enumerate(spec.lines) if line.level == 1]
    return "=SUM(" + ",".join(f"{letters[col.key]}{r}" for r in top) + ")"


def _save_cached_values(path: Path) -> None:
    """Put the values Excel would have saved beside each formula (openpyxl writes none)."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    names = {f"xl/worksheets/sheet{n}.xml": ws.title for n, ws in enumerate(book.worksheets, 1)}
    values = _CACHE.get(path, {})
    out = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            title = names.get(item.filename)
            if title is not None:
                text = data.decode("utf-8")

                def put(match: re.Match[str], title: str = title) -> str:
                    value = values.get((title, match.group(1)))
                    shown = "" if value is None else repr(value)
                    return f'<c r="{match.group(1)}"{match.group(2)}><f>{match.group(3)}</f><v>{shown}</v></c>'

                text = re.sub(
                    r'<c r="([A-Z]+\d+)"([^>]*)><f>([^<]*)</f><v\s*/?>(?:</v>)?</c>', put, text
                )
                data = text.encode("utf-8")
            target.writestr(item, data)
    out.replace(path)


_CACHE: dict[Path, dict[tuple[str, str], Value]] = {}


def make(spec: Spec, folder: Path) -> Path:
    """The spec's workbook in `folder`, formulas with their saved values."""
    path = folder / f"{spec.stem}.xlsx"
    book = Workbook()
    book.remove(book.active)
    add_sheet(book, spec, spec.stem)
    book.save(path)
    _CACHE[path] = book.cached  # type: ignore[attr-defined]
    _save_cached_values(path)
    return path


def make_many(specs: list[Spec], path: Path) -> Path:
    """Several forms in one workbook, a sheet each."""
    book = Workbook()
    book.remove(book.active)
    for spec in specs:
        add_sheet(book, spec, spec.stem)
    book.save(path)
    _CACHE[path] = book.cached  # type: ignore[attr-defined]
    _save_cached_values(path)
    return path
