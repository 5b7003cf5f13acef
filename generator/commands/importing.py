"""`congkhai import`: budget tables and household lists from spreadsheets to YAML.

Staff keep these in Excel. The importer finds the columns by their Vietnamese headers, rebuilds
the budget hierarchy from the line codes (I, II, 1, 2, 1.1 ...), and checks the result with the
type's own rules before writing anything, so a wrong total or a duplicate number is reported at
the spreadsheet cell it came from, not at a line of a YAML file staff never typed. Details the
spreadsheet does not hold (publication date, approving decision) are left as blanks to fill.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from generator.commands.scaffold import file_name, schema_ref
from generator.commands.spreadsheet import (
    Columns,
    Sheet,
    find_columns,
    header_key,
    read_tables,
    whole_number,
)
from generator.commands.yaml_out import dump
from generator.diagnostics import Diagnostic, diagnostic
from generator.diagnostics.positions import FieldPath
from generator.load import placeholders
from generator.project import Project
from generator.publish.schemas import schema_file_name, write_schemas
from generator.types import TYPES
from generator.types.ho_ngheo import LIST_TITLES
from generator.types.ngan_sach import PHASE_TITLES, UNIT_TITLES
from generator.validate.privacy import scan_text
from generator.vn.text import slugify

BUDGET_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("Mã số", "Mã", "STT", "Số TT", "Số thứ tự", "TT"),
    "name": ("Nội dung", "Chỉ tiêu", "Tên chỉ tiêu"),
    "estimate": ("Dự toán",),
    "actual": ("Thực hiện", "Ước thực hiện", "Quyết toán"),
}
"""Budget columns and the headers that name them (compared without tone marks or case), the
first one as messages and docs name it."""
HOUSEHOLD_COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("STT", "Số TT", "Số thứ tự", "TT"),
    "head": ("Họ và tên chủ hộ", "Họ tên chủ hộ", "Chủ hộ", "Họ và tên", "Họ tên"),
    "village": ("Thôn", "Tổ dân phố", "Thôn, tổ dân phố", "Thôn, xóm", "Ấp", "Bản"),
    "people": ("Số khẩu", "Số nhân khẩu", "Nhân khẩu"),
    "category": ("Phân loại", "Loại hộ"),
}
"""Household columns; any other column (ID number, birth date, phone) is never imported."""

BUDGET_SIDES = {"revenue": "Thu", "expenditure": "Chi"}
"""Budget table -> the word that names its sheet ("Thu", "Chi ngân sách")."""
HOUSEHOLD_LISTS = {"near_poor": "Cận nghèo", "escaped": "Thoát", "poor": "Nghèo"}
"""Household list -> the words that name its sheet, checked in this order ("cận nghèo" first)."""

_ROMAN = re.compile(r"^(?=[IVX])X{0,3}(IX|IV|V?I{0,3})$")


@dataclass
class Imported:
    """The item built from a spreadsheet, before it is written."""

    kind: str
    data: dict[str, Any]
    stand_ins: dict[str, Any]
    """Values used only to check the tables while the item's own details are still blank."""
    cells: dict[FieldPath, tuple[Sheet, int, int]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def locate(self, path: FieldPath) -> tuple[Sheet, int, int] | None:
        for end in range(len(path), 0, -1):
            if path[:end] in self.cells:
                return self.cells[path[:end]]
        return None


# ---------------------------------------------------------------- budget


def code_rank(code: str) -> int | None:
    """Depth of a budget line code in the usual forms: A > I > 1 > 1.1 > 1.1.1 > a > -."""
    if _ROMAN.match(code):
        return 1
    if re.fullmatch(r"[A-Z]", code):
        return 0
    if re.fullmatch(r"\d+(\.\d+)*", code):
        return 2 + code.count(".")
    if re.fullmatch(r"[a-zđ]", code):
        return 10
    if code in ("-", "+", "*"):
        return 11 + "-+*".index(code)
    return None


def _code_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().rstrip(".)").strip() or None


def import_budget(
    path: Path,
    display: str,
    *,
    year: int | None = None,
    phase: str | None = None,
    published: dt.date | None = None,
    title: str | None = None,
    unit: str | None = None,
    table: str | None = None,
) -> Imported:
    """Read the revenue and expenditure tables (sheets "Thu" and "Chi", or one given table).

    The unit is the one given, else the one the sheet states ("Đơn vị tính: triệu đồng"), else
    đồng; a sheet stating another unit than the one given is an error, not a guess: the figures
    would be published a thousand times too large or too small.
    """
    phases = list(PHASE_TITLES)
    data: dict[str, Any] = {
        "title": title
        or (f"{PHASE_TITLES[phase]} năm {year}" if phase and year else placeholders.TEXT),
        "year": year if year is not None else placeholders.NUMBER,
        "phase": phase or placeholders.choice(phases),
        "published": published or placeholders.DATE,
        "unit": unit or "dong",
    }
    imported = Imported(
        "ngan-sach",
        data,
        stand_ins={
            "title": "-",
            "year": 2025,
            "phase": "du-toan",
            "published": dt.date(2025, 1, 1),
        },
    )
    sheets, problems = read_tables(path, display)
    imported.diagnostics += problems
    for sheet, side in _assign(sheets, BUDGET_SIDES, table, path, imported):
        if side in data:
            imported.diagnostics.append(
                sheet.problem(
                    "CK157", 1, 1, f"đã có một bảng {BUDGET_SIDES[side].lower()} ở trang khác"
                )
            )
            continue
        columns = find_columns(sheet, BUDGET_COLUMNS, ("code", "name"))
        if isinstance(columns, Diagnostic):
            imported.diagnostics.append(columns)
            continue
        if "estimate" not in columns.index and "actual" not in columns.index:
            imported.diagnostics.append(
                sheet.problem(
                    "CK152",
                    columns.header_row,
                    1,
                    'không có cột số liệu "Dự toán" hoặc "Thực hiện"',
                )
            )
            continue
        _note_ignored(imported, sheet, columns)
        stated = stated_unit(sheet, columns)
        if stated is not None:
            found, row, column = stated
            if unit is not None and found != unit:
                imported.diagnostics.append(
                    sheet.problem(
                        "CK159",
                        row,
                        column,
                        f"bảng tính ghi đơn vị {UNIT_TITLES[found]}, nhưng đã chọn "
                        f"--unit {unit} ({UNIT_TITLES[unit]})",
                    )
                )
            unit = unit or found
        data["unit"] = unit or "dong"
        data[side] = _budget_table(sheet, columns, side, imported)
    return imported


UNIT_PHRASES = (
    ("trieu-dong", "trieu dong"),
    ("nghin-dong", "nghin dong"),
    ("nghin-dong", "ngan dong"),
)
"""How a sheet names its unit, most specific first; plain "đồng" is checked last."""


def stated_unit(sheet: Sheet, columns: Columns) -> tuple[str, int, int] | None:
    """The unit a sheet states: in an "Đơn vị tính" line above the table or in an amount header."""
    amount_columns = {columns.index.get("estimate"), columns.index.get("actual")}
    for row in range(1, columns.header_row + 1):
        for column in range(1, len(sheet.rows[row - 1]) + 1):
            key = header_key(sheet.cell(row, column))
            words = key.split()
            says_unit = "don vi tinh" in key or "dvt" in words
            if not says_unit and not (row == columns.header_row and column in amount_columns):
                continue
            for unit, phrase in UNIT_PHRASES:
                if f" {phrase} " in f" {key} ":
                    return unit, row, column
            if "dong" in words:
                return "dong", row, column
    return None


def _budget_table(sheet: Sheet, columns: Columns, side: str, imported: Imported) -> dict[str, Any]:
    table: dict[str, Any] = {}
    top: list[dict[str, Any]] = []
    stack: list[tuple[int, dict[str, Any], FieldPath]] = []
    code_column, name_column = columns.index["code"], columns.index["name"]
    for row in range(columns.header_row + 1, len(sheet.rows) + 1):
        raw_code, name = sheet.cell(row, code_column), sheet.cell(row, name_column)
        amounts = _amounts(sheet, row, columns, imported)
        code = _code_text(raw_code)
        if code is None and name is None and not amounts:
            continue
        if code is None and name is not None and header_key(name).startswith("tong"):
            if "total" in table:
                imported.diagnostics.append(
                    sheet.problem("CK154", row, name_column, "bảng có hai dòng tổng cộng")
                )
                continue
            table["total"] = {key: value for key, (value, _) in amounts.items()}
            for key, (_, column) in amounts.items():
                imported.cells[(side, "total", key)] = (sheet, row, column)
            continue
        if code is None:
            imported.diagnostics.append(
                sheet.problem(
                    "CK155",
                    row,
                    code_column,
                    f"dòng “{name}” không có mã số",
                    columns.headers["code"],
                    hint="Ghi mã số (I, 1, 1.1...) cho dòng; dòng tổng cộng thì bắt đầu bằng chữ "
                    "“Tổng”.",
                )
            )
            continue
        if name is None:
            imported.diagnostics.append(
                sheet.problem(
                    "CK155", row, name_column, f"dòng {code} không có nội dung", "Nội dung"
                )
            )
            continue
        rank = code_rank(code)
        if rank is None:
            imported.diagnostics.append(
                sheet.problem("CK154", row, code_column, f"mã số “{code}” không đúng dạng", "Mã số")
            )
            continue
        while stack and stack[-1][0] >= rank:
            stack.pop()
        if "." in code:
            parent = code.rsplit(".", 1)[0]
            if not stack or stack[-1][1]["code"] != parent:
                imported.diagnostics.append(
                    sheet.problem(
                        "CK154",
                        row,
                        code_column,
                        f"dòng {code} phải nằm ngay dưới dòng {parent} hoặc các dòng con của nó",
                        "Mã số",
                    )
                )
                continue
        line: dict[str, Any] = {"code": code, "name": str(name)}
        line.update({key: value for key, (value, _) in amounts.items()})
        if stack:
            owner, owner_path = stack[-1][1], stack[-1][2]
            children = owner.setdefault("lines", [])
            at: FieldPath = (*owner_path, "lines", len(children))
            children.append(line)
        else:
            at = (side, "lines", len(top))
            top.append(line)
        stack.append((rank, line, at))
        imported.cells[at] = (sheet, row, code_column)
        for key, (_, column) in amounts.items():
            imported.cells[(*at, key)] = (sheet, row, column)
    table["lines"] = top
    if not top:
        imported.diagnostics.append(
            sheet.problem("CK155", columns.header_row + 1, 1, "bảng không có dòng số liệu nào")
        )
    return table


def _amounts(
    sheet: Sheet, row: int, columns: Columns, imported: Imported
) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    for key in ("estimate", "actual"):
        column = columns.index.get(key)
        if column is None:
            continue
        if (row, column) in sheet.formulas:
            imported.diagnostics.append(
                sheet.problem(
                    "CK156", row, column, "công thức chưa có kết quả", columns.headers[key]
                )
            )
            continue
        value = whole_number(sheet.cell(row, column))
        if isinstance(value, str):
            imported.diagnostics.append(
                sheet.problem("CK153", row, column, value, columns.headers[key])
            )
        elif value is not None:
            found[key] = (value, column)
    return found


# ---------------------------------------------------------------- households


def import_households(
    path: Path,
    display: str,
    *,
    year: int | None = None,
    review_kind: str | None = None,
    posted_from: dt.date | None = None,
    posted_to: dt.date | None = None,
    published: dt.date | None = None,
    title: str | None = None,
    places: tuple[str, ...] = (),
    list_name: str | None = None,
) -> Imported:
    """Read the household lists (sheets "Hộ nghèo", "Hộ cận nghèo", "Thoát nghèo", or one)."""
    data: dict[str, Any] = {
        "title": title
        or (f"Kết quả rà soát hộ nghèo, hộ cận nghèo năm {year}" if year else placeholders.TEXT),
        "year": year if year is not None else placeholders.NUMBER,
        "review_kind": review_kind or placeholders.choice(["dinh-ky", "thuong-xuyen"]),
        "posted_from": posted_from or placeholders.DATE,
        "posted_to": posted_to or placeholders.DATE,
        "posting_places": list(places) or [placeholders.TEXT],
        "published": published or placeholders.DATE,
    }
    day = dt.date(2025, 1, 1)
    imported = Imported(
        "ho-ngheo",
        data,
        stand_ins={
            "title": "-",
            "year": 2025,
            "review_kind": "dinh-ky",
            "posted_from": day,
            "posted_to": day,
            "posting_places": ["-"],
            "published": day,
        },
    )
    sheets, problems = read_tables(path, display)
    imported.diagnostics += problems
    for sheet, key in _assign(sheets, HOUSEHOLD_LISTS, list_name, path, imported):
        if key in data:
            imported.diagnostics.append(
                sheet.problem("CK157", 1, 1, f"đã có {LIST_TITLES[key].lower()} ở trang khác")
            )
            continue
        columns = find_columns(sheet, HOUSEHOLD_COLUMNS, ("head", "village"))
        if isinstance(columns, Diagnostic):
            imported.diagnostics.append(columns)
            continue
        _note_ignored(imported, sheet, columns)
        data[key] = _households(sheet, columns, key, imported)
    return imported


def _households(
    sheet: Sheet, columns: Columns, key: str, imported: Imported
) -> list[dict[str, Any]]:
    households: list[dict[str, Any]] = []
    for row in range(columns.header_row + 1, len(sheet.rows) + 1):
        cells = {name: sheet.cell(row, column) for name, column in columns.index.items()}
        head, village = cells.get("head"), cells.get("village")
        if head is None and village is None:
            continue  # blank rows, and numbered rows left empty at the end of a form
        if head is not None and village is None and header_key(head).startswith("tong"):
            continue  # "Tổng cộng: 25 hộ"
        at: FieldPath = (key, len(households))
        household: dict[str, Any] = {}
        if "number" in columns.index:
            number = whole_number(cells["number"])
            column = columns.index["number"]
            if number is None or isinstance(number, str) or number < 1:
                why = number if isinstance(number, str) else "không có số thứ tự (1, 2, 3...)"
                imported.diagnostics.append(
                    sheet.problem("CK153", row, column, why, columns.headers["number"])
                )
                continue
            household["number"] = number
            imported.cells[(*at, "number")] = (sheet, row, column)
        else:
            household["number"] = len(households) + 1
        missing = [name for name in ("head", "village") if cells.get(name) is None]
        for name in missing:
            imported.diagnostics.append(
                sheet.problem(
                    "CK155", row, columns.index[name], "ô để trống", columns.headers[name]
                )
            )
        if missing:
            continue
        household["head"] = str(head)
        household["village"] = str(village)
        if cells.get("people") is not None:
            people = whole_number(cells["people"])
            if people is None or isinstance(people, str) or people < 1:
                why = people if isinstance(people, str) else "số khẩu phải là số nguyên dương"
                column = columns.index["people"]
                imported.diagnostics.append(
                    sheet.problem("CK153", row, column, why, columns.headers["people"])
                )
                continue
            household["people"] = people
            imported.cells[(*at, "people")] = (sheet, row, columns.index["people"])
        if cells.get("category") is not None:
            household["category"] = str(cells["category"])
        imported.cells[at] = (sheet, row, columns.index["head"])
        households.append(household)
    return households


# ---------------------------------------------------------------- shared


def _assign(
    sheets: list[Sheet],
    names: dict[str, str],
    chosen: str | None,
    path: Path,
    imported: Imported,
) -> list[tuple[Sheet, str]]:
    """Which sheet holds which table: named by the option, else by the sheet's (or file's) name."""
    if chosen is not None:
        if len(sheets) > 1:
            imported.notes.append(f"Chỉ đọc trang tính đầu tiên “{sheets[0].name}”.")
        return [(sheets[0], chosen)] if sheets else []
    assigned = []
    for sheet in sheets:
        words = header_key(sheet.name if path.suffix.lower() != ".csv" else path.stem).split()
        key = _key_for(words, names)
        if key is not None:
            assigned.append((sheet, key))
        elif len(sheets) > 1:
            imported.notes.append(f"Bỏ qua trang tính “{sheet.name}” (không phải bảng cần nhập).")
    if sheets and not assigned:
        imported.diagnostics.append(
            sheets[0].problem(
                "CK157",
                1,
                1,
                "không biết trang tính nào là bảng nào: "
                + ", ".join(f"“{s.name}”" for s in sheets),
            )
        )
    return assigned


def _key_for(words: list[str], names: dict[str, str]) -> str | None:
    for key, name in names.items():
        if all(word in words for word in header_key(name).split()):
            return key
    return None


def _note_ignored(imported: Imported, sheet: Sheet, columns: Columns) -> None:
    if columns.ignored:
        imported.notes.append(
            f"Trang “{sheet.name}”: không nhập các cột "
            + ", ".join(f"“{h}”" for h in columns.ignored)
            + "."
        )


def check(imported: Imported) -> list[Diagnostic]:
    """The type's own rules (totals, numbering) on what was read, reported at the cells."""
    model: type[BaseModel] = TYPES[imported.kind].model
    data = {
        **imported.stand_ins,
        **{k: v for k, v in imported.data.items() if not list(placeholders.blanks(v))},
    }
    out: list[Diagnostic] = list(_personal_data(imported))
    try:
        item = model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            path = tuple(p for p in error["loc"] if isinstance(p, str | int))
            where = imported.locate(path)
            if where is not None:
                sheet, row, column = where
                out.append(sheet.problem("CK104", row, column, error["msg"]))
        return out
    for problem in item.problems():  # type: ignore[attr-defined]
        where = imported.locate(problem.path)
        if where is not None:
            sheet, row, column = where
            out.append(sheet.problem(problem.code, row, column, problem.message, hint=problem.hint))
    return out


def _personal_data(imported: Imported) -> Iterator[Diagnostic]:
    """What the build would refuse as personal data (an ID number typed after a head of
    household's name), reported now at its cell: nothing is written that could not be built."""
    for path, value in _texts(imported.data, ()):
        found = scan_text(value)
        where = imported.locate(path)
        if found is not None and where is not None:
            sheet, row, column = where
            yield sheet.problem(
                "CK130",
                row,
                column,
                found,
                hint="Xoá số CCCD, số điện thoại, ngày sinh khỏi ô này trong bảng tính rồi nhập "
                "lại: danh sách công khai chỉ ghi họ tên, thôn và phân loại.",
            )


def _texts(value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))


TABLES = (*BUDGET_SIDES, *HOUSEHOLD_LISTS)


def unread_tables(target: Path, imported: Imported) -> list[str]:
    """The tables the file at `target` holds that this import did not read: writing over it
    would delete them (a revenue table, when only the expenditure sheet was imported)."""
    try:
        existing = yaml.safe_load(target.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    if not isinstance(existing, dict):
        return []
    return [key for key in TABLES if existing.get(key) and key not in imported.data]


def target_path(project: Project, imported: Imported, source: Path) -> Path:
    """`content/ngan-sach/2025-du-toan.yaml`, or the spreadsheet's name while details are blank."""
    data = imported.data
    folder = project.content_dir / imported.kind
    year = data.get("year")
    if imported.kind == "ngan-sach" and isinstance(year, int) and data["phase"] in PHASE_TITLES:
        return folder / f"{year}-{data['phase']}.yaml"
    if isinstance(year, int) and not list(placeholders.blanks(data["title"])):
        return folder / file_name(year, data["title"])
    return folder / f"{slugify(source.stem)}.yaml"


def write(project: Project, imported: Imported, source: Path, *, force: bool) -> Path | Diagnostic:
    """Write the item as YAML, with the schema line for editors; never over a file unless forced."""
    target = target_path(project, imported, source)
    if target.exists() and not force:
        return diagnostic("CK158", "đã có tệp này", project.display(target))
    unread = unread_tables(target, imported) if target.exists() else []
    if unread:
        # Even with --force: --force replaces what was imported again, never what was not.
        names = ", ".join(f"`{key}`" for key in unread)
        return diagnostic(
            "CK158",
            f"tệp đã có bảng {names} mà lần nhập này không đọc; ghi đè sẽ xoá bảng đó",
            project.display(target),
            hint="Nhập một bảng tính có đủ các trang (Thu và Chi) trong một lần, hoặc sửa thẳng "
            "tệp YAML; --force không xoá bảng không được nhập lại.",
        )
    schemas_dir = project.root / "schemas"
    write_schemas(schemas_dir)
    ref = schema_ref(target, schemas_dir, schema_file_name(imported.kind))
    lines = [
        f"# yaml-language-server: $schema={ref}",
        f"# Nhập từ {source.name} bằng lệnh congkhai import {imported.kind}. Sửa bảng tính rồi",
        "# nhập lại (--force), hoặc sửa thẳng tệp này.",
    ]
    if list(placeholders.blanks(imported.data)):
        lines.append("# Điền vào mọi chỗ <điền ...> và <chọn ...> (thay cả cụm, kể cả dấu < >).")
    text = "\n".join([*lines, *dump(imported.data)]) + "\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
