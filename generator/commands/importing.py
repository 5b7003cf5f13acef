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

from generator.commands.budget_sheet import read_table
from generator.commands.scaffold import file_name, schema_ref
from generator.commands.spreadsheet import (
    Columns,
    Sheet,
    below_table,
    find_columns,
    header_key,
    read_tables,
    row_texts,
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
from generator.types.ngan_sach import PHASE_TITLES
from generator.validate.privacy import scan_text
from generator.vn.text import slugify

HOUSEHOLD_COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("STT", "Số TT", "Số thứ tự", "TT"),
    "head": ("Họ và tên chủ hộ", "Họ tên chủ hộ", "Chủ hộ", "Họ và tên", "Họ tên"),
    "village": ("Thôn", "Tổ dân phố", "Thôn, tổ dân phố", "Thôn, xóm", "Ấp", "Bản"),
    "people": ("Số khẩu", "Số nhân khẩu", "Nhân khẩu"),
    "category": ("Phân loại", "Loại hộ"),
}
"""Household columns; any other column (ID number, birth date, phone) is never imported."""

HOUSEHOLD_LISTS = {"near_poor": "Cận nghèo", "escaped": "Thoát", "poor": "Nghèo"}
"""Household list -> the words that name its sheet, checked in this order ("cận nghèo" first)."""


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
    amendment: int | None = None,
) -> Imported:
    """Read every budget form of a workbook (one a sheet) or a CSV file, as printed.

    The unit is the one the sheet prints ("Đơn vị: 1000 đồng"), else the one given; a sheet
    printing none, or another one than given, is an error, not a guess: the figures would be
    published a thousand times too large or too small. `table` names the kind of a sheet whose
    title does not say it (thu, chi, can-doi...).
    """
    data: dict[str, Any] = {
        "title": title or placeholders.TEXT,
        "year": year if year is not None else placeholders.NUMBER,
        "phase": phase or placeholders.choice(list(PHASE_TITLES)),
        "published": published or placeholders.DATE,
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
    tables: list[dict[str, Any]] = []
    found_phase = found_year = None
    for sheet in sheets:
        read = read_table(sheet, unit)
        if isinstance(read, list):
            if len(sheets) > 1 and all(p.code == "CK152" for p in read):
                imported.notes.append(f"Bỏ qua trang tính “{sheet.name}” (không có biểu số liệu).")
                continue
            imported.diagnostics += read
            continue
        if table is not None:
            read.data["kind"] = SIDE_KINDS.get(table, table)
        index = len(tables)
        tables.append(read.data)
        for at, (row, column) in read.cells.items():
            imported.cells[("tables", index, *at)] = (sheet, row, column)
        imported.cells[("tables", index)] = (sheet, 1, 1)
        found_phase = found_phase or read.phase
        found_year = found_year or read.year
        amendment = amendment or read.amendment
    if sheets and not tables and not imported.diagnostics:
        imported.diagnostics.append(
            sheets[0].problem("CK152", 1, 1, "không có trang tính nào có biểu số liệu")
        )
    data["tables"] = tables
    if phase is None and found_phase is not None:
        data["phase"] = found_phase
    if year is None and found_year is not None:
        data["year"] = found_year
    if data["phase"] == "dieu-chinh":
        data["amendment"] = amendment or placeholders.NUMBER
    if title is None and isinstance(data["year"], int) and data["phase"] in PHASE_TITLES:
        data["title"] = default_title(data["phase"], data["year"])
    return imported


def default_title(phase: str, year: int) -> str:
    """`Dự toán được HĐND quyết định ngân sách xã năm 2025`, `Quyết toán ngân sách xã năm 2017`
    (the phase's own title may already say "ngân sách")."""
    stage = PHASE_TITLES[phase]
    subject = "xã" if stage.endswith("ngân sách") else "ngân sách xã"
    return f"{stage} {subject} năm {year}"


SIDE_KINDS = {"revenue": "thu", "expenditure": "chi"}
"""`--table revenue` as written before the forms: the kind of table it names."""


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
    listed = 0  # rows read as households, right or wrong: what a total row's count counts
    # A header merged over two rows ("Nhân khẩu" over "Tổng số | Trong đó nữ") ends below them.
    header_bottom = max(
        [columns.header_row]
        + [bottom for top, _left, bottom, _right in sheet.merged if top == columns.header_row]
    )
    for row in range(header_bottom + 1, len(sheet.rows) + 1):
        cells = {name: sheet.cell(row, column) for name, column in columns.index.items()}
        head, village = cells.get("head"), cells.get("village")
        numbered = _numbered(cells)
        if not numbered and _total_line(sheet, row):
            # "Cộng: 03 hộ", "Tổng cộng": the list ends here; its figures are only checked.
            _check_total(sheet, row, columns, households, listed, imported)
            _households_below(sheet, row + 1, columns, imported)
            break
        if not numbered and below_table(sheet, row):
            _households_below(sheet, row + 1, columns, imported)
            break  # the signature block or a note: the list ended above
        if head is None and village is None:
            continue  # blank rows, and numbered rows left empty at the end of a form
        listed += 1
        at: FieldPath = (key, len(households))
        household: dict[str, Any] = {}
        if "number" in columns.index:
            number = whole_number(cells["number"])
            column = columns.index["number"]
            if number is None or isinstance(number, str) or number < 1:
                why = number if isinstance(number, str) else "không có số thứ tự (1, 2, 3...)"
                imported.diagnostics.append(
                    sheet.problem(
                        "CK153",
                        row,
                        column,
                        why,
                        columns.headers["number"],
                        hint="Ghi số thứ tự của hộ là số nguyên dương (1, 2, 3...) ở cột "
                        f"“{columns.headers['number']}”; dòng cộng và phần ký tên dưới danh sách "
                        "không cần số thứ tự.",
                    )
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
                    sheet.problem(
                        "CK153",
                        row,
                        column,
                        why,
                        columns.headers["people"],
                        hint="Ghi số nhân khẩu của hộ là số nguyên dương (1, 2, 3...).",
                    )
                )
                continue
            household["people"] = people
            imported.cells[(*at, "people")] = (sheet, row, columns.index["people"])
        if cells.get("category") is not None:
            household["category"] = str(cells["category"])
        imported.cells[at] = (sheet, row, columns.index["head"])
        households.append(household)
    return households


def _numbered(cells: dict[str, Any]) -> bool:
    """Whether a row carries a household's number (a total or signature line never does)."""
    number = whole_number(cells.get("number"))
    return isinstance(number, int) and number >= 1


_COUNT = re.compile(r"(\d+)\s*hộ", re.IGNORECASE)


def _total_line(sheet: Sheet, row: int) -> str | None:
    """The text of a total row ("Cộng: 03 hộ", "Tổng cộng", "Tổng số hộ: 25"), if it is one."""
    return next(
        (t for t in row_texts(sheet, row) if header_key(t).split()[:1] in (["cong"], ["tong"])),
        None,
    )


def _check_total(
    sheet: Sheet,
    row: int,
    columns: Columns,
    households: list[dict[str, Any]],
    listed: int,
    imported: Imported,
) -> None:
    """A total row's count of households and of people, against the rows above it: a total that
    differs is shown (as printed, the list is what was posted), never refused."""
    text = _total_line(sheet, row) or ""
    count = _COUNT.search(text)
    if count and int(count.group(1)) != listed:
        column = next(
            c for c, v in enumerate(sheet.rows[row - 1], 1) if isinstance(v, str) and v == text
        )
        imported.diagnostics.append(
            sheet.problem(
                "CK204",
                row,
                column,
                f"dòng cộng ghi {int(count.group(1))} hộ nhưng danh sách có {listed} hộ",
                hint="Danh sách vẫn được nhập như đã lập; đếm lại các dòng hộ và sửa dòng cộng "
                "(hoặc bổ sung hộ còn thiếu) cho khớp.",
            )
        )
    if "people" not in columns.index:
        return
    column = columns.index["people"]
    stated = whole_number(sheet.cell(row, column))
    counted = [h.get("people") for h in households]
    if isinstance(stated, int) and counted and None not in counted:
        total = sum(p for p in counted if p is not None)
        if stated != total:
            imported.diagnostics.append(
                sheet.problem(
                    "CK204",
                    row,
                    column,
                    f"dòng cộng ghi {stated} nhân khẩu nhưng cộng các hộ được {total}",
                    columns.headers["people"],
                    hint="Danh sách vẫn được nhập như đã lập; đối chiếu số khẩu từng hộ với "
                    "dòng cộng.",
                )
            )


def _households_below(sheet: Sheet, first: int, columns: Columns, imported: Imported) -> None:
    """A numbered household under the list's total or signature block would not be imported:
    say so rather than publish a list that lacks it."""
    for row in range(first, len(sheet.rows) + 1):
        cells = {name: sheet.cell(row, column) for name, column in columns.index.items()}
        if _numbered(cells) and cells.get("head") is not None and cells.get("village") is not None:
            imported.diagnostics.append(
                sheet.problem(
                    "CK160",
                    row,
                    columns.index["head"],
                    "dòng hộ nằm dưới dòng cộng hoặc phần ký tên, không được nhập",
                    columns.headers["head"],
                    hint="Đưa mọi hộ lên trên dòng “Cộng”; danh sách kết thúc ở dòng cộng, dòng "
                    "“Ghi chú” hoặc phần ký tên. Nếu danh sách cộng riêng từng thôn, xoá các dòng "
                    "cộng từng thôn.",
                )
            )


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


def unread_tables(target: Path, imported: Imported) -> list[str]:
    """The household lists the file at `target` holds that this import did not read: writing
    over it would delete them (the near-poor list, when only the poor list was imported). A
    budget report never loses one: its tables are merged (merge_tables)."""
    try:
        existing = yaml.safe_load(target.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    if not isinstance(existing, dict):
        return []
    return [key for key in HOUSEHOLD_LISTS if existing.get(key) and key not in imported.data]


def target_path(project: Project, imported: Imported, source: Path) -> Path:
    """`content/ngan-sach/2025-du-toan.yaml`, or the spreadsheet's name while details are blank."""
    data = imported.data
    folder = project.content_dir / imported.kind
    year = data.get("year")
    if imported.kind == "ngan-sach" and isinstance(year, int) and data["phase"] in PHASE_TITLES:
        if data["phase"] == "dieu-chinh" and isinstance(data.get("amendment"), int):
            # Several amendments a year: one file (and page) each.
            return folder / f"{year}-dieu-chinh-{data['amendment']}.yaml"
        return folder / f"{year}-{data['phase']}.yaml"
    if isinstance(year, int) and not list(placeholders.blanks(data["title"])):
        return folder / file_name(year, data["title"])
    return folder / f"{slugify(source.stem)}.yaml"


def write(project: Project, imported: Imported, source: Path, *, force: bool) -> Path | Diagnostic:
    """Write the item as YAML, with the schema line for editors. A budget report already there
    takes the tables read beside its own (Thu from one file, Chi from another): a table it holds
    is replaced only with --force, and never one this import did not read. Any other file is
    never written over unless forced."""
    target = target_path(project, imported, source)
    data = imported.data
    if target.exists() and imported.kind == "ngan-sach":
        merged = merge_tables(target, imported, force=force, display=project.display(target))
        if isinstance(merged, Diagnostic):
            return merged
        data = merged
    elif target.exists() and not force:
        return diagnostic("CK158", "đã có tệp này", project.display(target))
    unread = unread_tables(target, imported) if target.exists() and data is imported.data else []
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
    if list(placeholders.blanks(data)):
        lines.append("# Điền vào mọi chỗ <điền ...> và <chọn ...> (thay cả cụm, kể cả dấu < >).")
    text = "\n".join([*lines, *dump(data)]) + "\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def merge_tables(
    target: Path, imported: Imported, *, force: bool, display: str
) -> dict[str, Any] | Diagnostic:
    """The report already written, with the tables just read added (or, forced, replacing the
    table of the same form and title)."""
    try:
        existing = yaml.safe_load(target.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        existing = None
    if not isinstance(existing, dict):
        if not force:
            return diagnostic("CK158", "đã có tệp này nhưng không đọc được", display)
        return imported.data
    merged = dict(existing)
    for key, value in imported.data.items():
        if key != "tables" and key not in merged:
            merged[key] = value
    tables = list(merged.get("tables") or [])
    for table in imported.data.get("tables", []):
        same = next(
            (
                i
                for i, old in enumerate(tables)
                if isinstance(old, dict)
                and old.get("form") == table.get("form")
                and old.get("title") == table.get("title")
            ),
            None,
        )
        if same is None:
            tables.append(table)
        elif force:
            tables[same] = table
        else:
            name = table.get("form") or table.get("title") or "này"
            return diagnostic(
                "CK158",
                f"tệp đã có biểu {name}",
                display,
                hint="Thêm --force để thay biểu này bằng biểu vừa đọc (các biểu khác trong tệp "
                "được giữ nguyên).",
            )
    merged["tables"] = tables
    return merged
