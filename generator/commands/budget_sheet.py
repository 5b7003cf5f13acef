"""Read a budget form as clerks keep it in Excel or CSV, into a table of the budget type.

A real form has a title block ("Biểu số 104/CK TC-NSNN", the title with the year, the stage in
brackets, "Đơn vị: 1000 đồng"), a header of one or two rows whose groups are merged cells, often a
column-number row ("A B 1 2 3 4 5=3/1 6=4/2"), then rows coded I, 1, a, "-" or not at all, parents
left blank while their children carry figures, and under the table a "Ghi chú" line and the
signature block, which end it. Every figure is kept in the column it was read from; a unit the
sheet does not state is an error, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.commands.spreadsheet import (
    Sheet,
    below_table,
    has_figure,
    header_key,
    header_matches,
    note_line,
    row_texts,
    signature_line,
)
from generator.diagnostics import Diagnostic
from generator.diagnostics.positions import FieldPath
from generator.types.budget_forms import find_form, unit_factor

CODE_HEADERS = ("STT", "Số TT", "Số thứ tự", "TT", "Mã số", "Mã")
NAME_HEADERS = ("Nội dung", "Chỉ tiêu", "Tên chỉ tiêu", "Tên dự án", "Danh mục", "Nội dung thu chi")
TEXT_HEADERS = ("Địa điểm", "Thời gian", "Ghi chú", "Chủ đầu tư")
SEARCH_ROWS = 25

_ROMAN = re.compile(r"^(?=[IVXL])L?X{0,3}(IX|IV|V?I{0,3})$")
_FORM = re.compile(r"\b(1[01]\d|120)\s*/\s*CK\s*TC\s*-?\s*NSNN", re.IGNORECASE)
_NUMBER_CELL = re.compile(r"^\s*([0-9A-Za-z]+)\s*(?:=\s*(.+?))?\s*$")
_YEAR = re.compile(r"\b(20\d\d)\b")

PHASE_WORDS = (
    ("du-thao-du-toan", ("du toan trinh", "trinh hoi dong", "trinh hdnd")),
    ("dieu-chinh", ("dieu chinh du toan",)),
    ("quyet-toan", ("quyet toan",)),
    ("quy-1", ("quy i ", "quy 1 ", "3 thang")),
    ("quy-2", ("quy ii ", "quy 2 ")),
    ("quy-3", ("quy iii", "quy 3 ")),
    ("quy-4", ("quy iv", "quy 4 ")),
    ("9-thang", ("9 thang", "chin thang")),
    ("6-thang", ("6 thang", "sau thang")),
    ("ca-nam", ("ca nam", "thuc hien nam")),
    (
        "du-toan",
        ("da duoc hoi dong", "hdnd quyet dinh", "du toan nam", "du toan thu", "du toan chi"),
    ),
)
"""Words of a form's title or stage line that name the report, checked in this order (a stage
line "Dự toán trình HĐND" before the title's "Dự toán")."""


def code_rank(code: str) -> int | None:
    """Depth of a row code in the usual forms: A > I > 1 > 1.1 > 1.1.1 > a > - > + > *."""
    if _ROMAN.match(code):
        return 1
    if re.fullmatch(r"[A-H]", code):
        return 0
    if re.fullmatch(r"\d+(\.\d+)*", code):
        return 2 + code.count(".")
    if re.fullmatch(r"[a-zđ]", code):
        return 10
    if code in ("-", "+", "*", "–"):
        return 11 + "-+*".index(code.replace("–", "-"))
    return None


MAX_DIGITS = 20


def figure(value: Any, *, decimal_first: bool) -> int | float | str | None:
    """A cell as a signed figure, `-` for nil, None for blank, or why it is not a figure
    (a str starting with `!`). Text may group thousands with dots, commas or spaces and use
    either mark for decimals; with `decimal_first` (percentages) "189.26" or "139,01" are
    decimals, otherwise a single mark followed by three digits groups thousands."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "!là giá trị đúng/sai, không phải số"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    text = str(value).strip().replace("\u2212", "-").replace("%", "").strip()
    if text in ("-", "–", "—", "x"):
        return "-"
    if not text:
        return None
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    if text.startswith(("-", "–")):
        negative, text = True, text[1:].strip()
    text = text.replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(r"[0-9.,]+", text) or not re.search(r"\d", text):
        return f"!“{value}” không phải số"
    digits = sum(c.isdigit() for c in text)
    if digits > MAX_DIGITS:
        # The whole national budget in đồng has 16 digits; longer is a slip of the keyboard
        # (and Python refuses to read integers of more than 4,300 digits).
        return f"!có {digits} chữ số, quá dài cho một số liệu ngân sách"
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal = "." if text.rfind(".") > text.rfind(",") else ","
        grouping = "," if decimal == "." else "."
        text = text.replace(grouping, "").replace(decimal, ".")
    elif dots + commas:
        mark = "." if dots else ","
        parts = text.split(mark)
        if len(parts) > 2 or (len(parts[1]) == 3 and not decimal_first):
            if any(len(p) != 3 for p in parts[1:]):
                return f"!“{value}” không phải số"
            text = "".join(parts)
        else:
            text = text.replace(mark, ".")
    number: int | float = float(text) if "." in text else int(text)
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return -number if negative else number


@dataclass
class ReadColumn:
    index: int
    """1-based column in the sheet."""
    key: str
    label: str
    group: str | None
    kind: str
    formula: str | None
    measure: str | None
    scope: str | None

    def as_yaml(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key": self.key, "label": self.label}
        for name in ("group", "formula", "measure", "scope"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        if self.kind != "money":
            data["kind"] = self.kind
        return data


@dataclass
class ReadTable:
    sheet: Sheet
    data: dict[str, Any]
    """The table as YAML writes it (form, title, unit, columns, rows)."""
    cells: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    """Path inside the table -> (row, column) it came from."""
    year: int | None = None
    phase: str | None = None
    amendment: int | None = None
    """The amendment's number ("điều chỉnh dự toán ... lần 2"), for an amendment."""


def _text(sheet: Sheet, row: int, column: int) -> str:
    value = sheet.cell(row, column)
    return "" if value is None else str(value).strip()


def _measure(words: str) -> str | None:
    for measure, needles in (
        ("so-sanh", ("so sanh", "ty le", "%")),
        ("sau-dieu-chinh", ("sau dieu chinh",)),
        ("dieu-chinh", ("dieu chinh", "tang giam", "tang (+)")),
        ("da-giao", ("da giao",)),
        ("uoc-thuc-hien", ("uoc thuc hien", "uoc th")),
        ("luy-ke", ("luy ke",)),
        ("quyet-toan", ("quyet toan",)),
        ("thuc-hien", ("thuc hien",)),
        ("du-toan", ("du toan",)),
    ):
        if any(n in words for n in needles):
            return measure
    return None


def _scope(words: str) -> str | None:
    if "nsnn" in words or "ngan sach nha nuoc" in words:
        return "nsnn"
    if "nsx" in words or "ngan sach xa" in words or "xa huong" in words:
        return "nsx"
    return None


def read_table(sheet: Sheet, unit: str | None) -> ReadTable | list[Diagnostic]:
    """One sheet's table, or what stops it being read (at the cells)."""
    header = _header_row(sheet)
    if header is None:
        return [
            sheet.problem(
                "CK152",
                1,
                1,
                "không tìm thấy dòng tiêu đề có cột “STT” và “Nội dung”",
                hint=f"Trong {SEARCH_ROWS} dòng đầu, đặt một dòng tiêu đề có các cột “STT” (hoặc "
                "“Mã số”) và “Nội dung” (không phân biệt hoa thường, có dấu hay không dấu).",
            )
        ]
    header_row, code_col, name_col = header
    fill_merged(sheet, last_row=header_row + 3)
    numbers_row = _numbers_row(sheet, header_row, code_col, name_col)
    if numbers_row is not None:
        last_header = numbers_row - 1
        first_data = numbers_row + 1
    else:
        last_header = _header_bottom(sheet, header_row, code_col, name_col)
        first_data = last_header + 1
    problems: list[Diagnostic] = []
    columns = _columns(sheet, header_row, last_header, numbers_row, code_col, name_col)
    if not columns:
        problems.append(
            sheet.problem(
                "CK152", header_row, name_col + 1, "không có cột số liệu nào sau cột “Nội dung”"
            )
        )
        return problems
    title_block = [_line(sheet, r) for r in range(1, header_row)]
    data: dict[str, Any] = {}
    form = None
    for line in title_block:
        match = _FORM.search(line)
        if match:
            form = find_form(f"{match.group(1)}/CK TC-NSNN")
            break
    if form is not None:
        data["form"] = form.number
    title = next(
        (
            line
            for line in title_block
            if line
            and not _FORM.search(line)
            and not header_key(line).startswith(("don vi", "dvt", "ubnd", "uy ban", "xa ", "huyen"))
            and not line.startswith("(")
            and len(line) > 12
        ),
        None,
    )
    if title:
        data["title"] = title
    stage = next((line for line in title_block if line.startswith("(")), "")
    if form is not None:
        data["kind"] = form.kind
    else:
        words = header_key(title or sheet.name)
        data["kind"] = (
            "can-doi"
            if "can doi" in words
            else "chi-dau-tu"
            if "dau tu" in words
            else "thu"
            if re.search(r"\bthu\b", words) and not re.search(r"\bchi\b", words)
            else "chi"
            if re.search(r"\bchi\b", words) and not re.search(r"\bthu\b", words)
            else "khac"
        )
    found_unit = _unit(sheet, header_row)
    if isinstance(found_unit, Diagnostic):
        problems.append(found_unit)
    elif found_unit is not None:
        printed, row, column = found_unit
        if unit is not None and unit_factor(unit) != unit_factor(printed):
            problems.append(
                sheet.problem(
                    "CK159",
                    row,
                    column,
                    f"bảng tính ghi đơn vị “{printed}”, nhưng đã chọn --unit {unit}",
                )
            )
        data["unit"] = printed
    elif unit is not None:
        data["unit"] = unit
    else:
        problems.append(
            sheet.problem(
                "CK122",
                header_row,
                1,
                "bảng tính không ghi đơn vị tính",
                hint="Thêm dòng “Đơn vị: đồng” (hoặc 1000 đồng, triệu đồng) trên bảng như biểu "
                "gốc, "
                "hoặc chỉ rõ bằng --unit. Không đoán đơn vị: số liệu sẽ sai gấp nghìn lần.",
            )
        )
    printed_name = _text(sheet, header_row, name_col)
    if printed_name != "Nội dung":
        data["name_label"] = printed_name  # "CHỈ TIÊU" as printed, not the portal's default
    data["columns"] = [c.as_yaml() for c in columns]
    result = ReadTable(sheet, data)
    end = _table_end(sheet, first_data, code_col, columns)
    rows, row_problems = _rows(sheet, first_data, end, code_col, name_col, columns, result)
    problems += row_problems
    if not rows:
        problems.append(sheet.problem("CK155", first_data, 1, "bảng không có dòng số liệu nào"))
    data["rows"] = rows
    note = _note(sheet, end)
    if note:
        data["note"] = note
    words = f" {header_key(stage)} {header_key(title or '')} "
    result.phase = next((p for p, needles in PHASE_WORDS if any(n in words for n in needles)), None)
    if form is not None and result.phase in (None, "du-toan", "ca-nam"):
        number = int(form.number[:3])
        result.phase = (
            "du-thao-du-toan"
            if number <= 107
            else "du-toan"
            if number <= 112
            else "quyet-toan"
            if number >= 116
            else result.phase or "ca-nam"
        )
    year = _YEAR.search(title or "")
    result.year = int(year.group(1)) if year else None
    if result.phase == "dieu-chinh":
        number = re.search(r"\blan\s*(\d{1,2})\b", words)
        result.amendment = int(number.group(1)) if number else None
    return problems or result


def _line(sheet: Sheet, row: int) -> str:
    """A title-block row's text, a merged title counted once."""
    texts: list[str] = []
    for column in range(1, _width(sheet) + 1):
        text = _text(sheet, row, column)
        if text and (not texts or texts[-1] != text):
            texts.append(text)
    return " ".join(texts)


def fill_merged(sheet: Sheet, last_row: int) -> None:
    """Give every cell of a merged header range the range's text, so that "Dự toán năm 2025"
    spanning two columns is the group of both."""
    for top, left, bottom, right in sheet.merged:
        if top > last_row:
            continue
        value = sheet.cell(top, left)
        for r in range(top, bottom + 1):
            while len(sheet.rows) < r:
                sheet.rows.append([])
            row = sheet.rows[r - 1]
            while len(row) < right:
                row.append(None)
            for c in range(left, right + 1):
                if row[c - 1] is None:
                    row[c - 1] = value


def _width(sheet: Sheet) -> int:
    return max((len(r) for r in sheet.rows[:60]), default=0)


def _header_row(sheet: Sheet) -> tuple[int, int, int] | None:
    for row in range(1, min(len(sheet.rows), SEARCH_ROWS) + 1):
        code = name = None
        for column in range(1, len(sheet.rows[row - 1]) + 1):
            text = _text(sheet, row, column)
            if not text:
                continue
            if code is None and header_matches(text, CODE_HEADERS) and len(text) < 12:
                code = column
            elif name is None and header_matches(text, NAME_HEADERS):
                name = column
        if code is not None and name is not None:
            return row, code, name
    return None


def _numbers_row(sheet: Sheet, header_row: int, code_col: int, name_col: int) -> int | None:
    for row in range(header_row + 1, min(header_row + 4, len(sheet.rows)) + 1):
        if (
            header_key(_text(sheet, row, code_col)) == "a"
            and header_key(_text(sheet, row, name_col)) == "b"
        ):
            return row
    return None


def _header_bottom(sheet: Sheet, header_row: int, code_col: int, name_col: int) -> int:
    """The last row of a header with no column-number row under it. The STT and "Nội dung"
    cells merged down over two rows say the header has two (the merge copies "STT" into the
    second row, so it cannot be told from its text); else a second row with words where the
    first has groups, and no code or figure, is the sub-columns' row."""
    merged_down = [
        bottom
        for top, left, bottom, right in sheet.merged
        if top == header_row and any(left <= c <= right for c in (code_col, name_col))
    ]
    if merged_down and max(merged_down) > header_row:
        return min(max(merged_down), header_row + 2)
    below = [_text(sheet, header_row + 1, c) for c in range(1, _width(sheet) + 1)]
    code_below = below[code_col - 1] if code_col <= len(below) else ""
    name_below = below[name_col - 1] if name_col <= len(below) else ""
    if (
        not code_below
        and any(below)
        and name_below in ("", _text(sheet, header_row, name_col))
        and not _looks_like_data(sheet, header_row + 1, name_col)
    ):
        return header_row + 1
    return header_row


def _looks_like_data(sheet: Sheet, row: int, name_col: int) -> bool:
    return any(
        isinstance(sheet.cell(row, c), int | float) for c in range(name_col + 1, _width(sheet) + 1)
    )


def _columns(
    sheet: Sheet,
    header_row: int,
    last_header: int,
    numbers_row: int | None,
    code_col: int,
    name_col: int,
) -> list[ReadColumn]:
    columns: list[ReadColumn] = []
    for column in range(1, _width(sheet) + 1):
        if column in (code_col, name_col):
            continue
        texts = [_text(sheet, r, column) for r in range(header_row, last_header + 1)]
        texts = [t for t in texts if t]
        number = _text(sheet, numbers_row, column) if numbers_row else ""
        if not texts and not number:
            continue
        label = texts[-1] if texts else number
        group = texts[0] if len(texts) > 1 and texts[0] != label else None
        key, formula = str(len(columns) + 1), None
        match = _NUMBER_CELL.match(number.replace(" ", "")) if number else None
        if match:
            key = match.group(1)
            formula = (
                match.group(2).replace("x100", "").replace("*100", "") if match.group(2) else None
            )
        words = header_key(f"{group or ''} {label}")
        if header_matches(label, TEXT_HEADERS):
            kind = "text"
        elif (
            (formula and "/" in formula)
            or "%" in f"{group} {label}"
            or "so sanh" in words
            or "ty le" in words
        ):
            kind = "percent"
        else:
            kind = "money"
        measure = _measure(header_key(label)) or _measure(words)
        if kind == "percent":
            measure = "so-sanh"
        columns.append(
            ReadColumn(
                column,
                key,
                label,
                group,
                kind,
                formula,
                measure if kind != "text" else None,
                _scope(words),
            )
        )
    return columns


def _unit(sheet: Sheet, header_row: int) -> tuple[str, int, int] | Diagnostic | None:
    for row in range(1, header_row + 3):
        for column in range(1, len(sheet.rows[row - 1]) + 1 if row <= len(sheet.rows) else 1):
            text = _text(sheet, row, column)
            key = header_key(text)
            if not key:
                continue
            if key.startswith(("don vi", "dvt")) and row < header_row:
                printed = re.sub(r"^(đơn vị( tính)?|đvt)\s*:?\s*", "", text, flags=re.IGNORECASE)
                printed = printed.strip(" .()")
                if unit_factor(printed) is None:
                    return sheet.problem(
                        "CK122",
                        row,
                        column,
                        f"không biết đơn vị “{printed}”",
                        hint="Sửa dòng đơn vị cho đúng: “Đơn vị: đồng”, “1000 đồng”, “nghìn đồng” "
                        "hoặc “triệu đồng”.",
                    )
                return printed, row, column
            bracket = re.search(r"\(([^()]*đ[ồo]ng[^()]*)\)", text, re.IGNORECASE)
            if bracket and row >= header_row and unit_factor(bracket.group(1)) is not None:
                return bracket.group(1).strip(), row, column
    return None


def _table_end(sheet: Sheet, first: int, code_col: int, columns: list[ReadColumn]) -> int:
    """The first row below the table: its "Ghi chú" line or signature block, or past the end.
    Forms print these under the figures; they are not rows of the table. A row with a code or
    a figure (even typed as text) is a row of the table, whatever its words."""
    for row in range(first, len(sheet.rows) + 1):
        if (
            sheet.cell(row, code_col) is None
            and not any(
                isinstance(figure(sheet.cell(row, c.index), decimal_first=False), int | float)
                for c in columns
            )
            and below_table(sheet, row)
        ):
            return row
    return len(sheet.rows) + 1


def _note(sheet: Sheet, end: int) -> str | None:
    """The text of the "Ghi chú: ..." line that ends a table, with the lines that carry it on
    (up to a blank row or the signature block)."""
    texts = row_texts(sheet, end)
    first = next((note_line(t) for t in texts if note_line(t) is not None), None)
    if first is None:
        return None
    parts = [first, *(t for t in texts[1:] if not signature_line(t))]
    for row in range(end + 1, len(sheet.rows) + 1):
        more = row_texts(sheet, row)
        if not more or has_figure(sheet, row) or any(signature_line(t) for t in more):
            break
        parts += more
    return " ".join(p for p in parts if p) or None


def _rows(
    sheet: Sheet,
    first: int,
    end: int,
    code_col: int,
    name_col: int,
    columns: list[ReadColumn],
    table: ReadTable,
) -> tuple[list[dict[str, Any]], list[Diagnostic]]:
    rows: list[dict[str, Any]] = []
    problems: list[Diagnostic] = []
    stack: list[int] = []
    after_blank = False
    for row in range(first, end):
        code_value = sheet.cell(row, code_col)
        if isinstance(code_value, float) and code_value.is_integer():
            code_value = int(code_value)
        code = str(code_value).strip().rstrip(".)").strip() if code_value is not None else ""
        code = code or ("-" if str(code_value or "").strip() == "-" else "")
        name = _text(sheet, row, name_col)
        values: dict[str, Any] = {}
        spots: dict[str, int] = {}
        for column in columns:
            if (row, column.index) in sheet.formulas:
                problems.append(
                    sheet.problem(
                        "CK156", row, column.index, "công thức chưa có kết quả", column.label
                    )
                )
                continue
            raw = sheet.cell(row, column.index)
            if column.kind == "text":
                value: Any = None if raw is None else str(raw)
            else:
                value = figure(raw, decimal_first=column.kind == "percent")
            if isinstance(value, str) and value.startswith("!"):
                problems.append(
                    sheet.problem(
                        "CK153",
                        row,
                        column.index,
                        value[1:],
                        column.label,
                        hint="Ghi số (dấu chấm hoặc dấu phẩy ngăn cách hàng nghìn đều được), "
                        "số âm có dấu trừ, ô không có số ghi “-” hoặc để trống.",
                    )
                )
                continue
            if value is not None:
                values[column.key] = value
                spots[column.key] = column.index
        if not code and not name and not values:
            after_blank = bool(rows)
            continue
        folded = header_key(name)
        if not name:
            problems.append(
                sheet.problem(
                    "CK155", row, name_col, "dòng có số liệu nhưng không có nội dung", "Nội dung"
                )
            )
            continue
        if not code and folded.startswith("trong do") and not values:
            if rows:
                rows[-1]["children"] = "partial"
            continue
        previous = rows[-1]["level"] if rows else 0
        if not code and folded.startswith(("tong", "cong")):
            level = 0
            stack = []
        elif not code and folded.startswith("trong do"):
            # "Trong đó: ..." with figures: a part of the row above, not all of its children.
            if (
                rows
                and rows[-1].get("children") != "partial"
                and not rows[-1]["name"].lower().startswith("trong đó")
            ):
                rows[-1]["children"] = "partial"
                level = previous + 1
            else:
                level = previous
        elif not code and after_blank:
            # A blank row closed the block above ("Kết dư ngân sách" under the spending): the
            # row stands beside the table's top rows, not inside the last group.
            level = min(r["level"] for r in rows)
            stack = []
        elif not code:
            # A row the commune added: beside the row above it, unless the figures say it is
            # beside that row's parent ("(xã bổ sung)" after the "-" lines of item 3).
            money = [c.key for c in columns if c.kind == "money"]
            level = _codeless_level(rows, max(previous, 1), values, money)
        else:
            rank = code_rank(code)
            if rank is None:
                problems.append(
                    sheet.problem(
                        "CK154",
                        row,
                        code_col,
                        f"số thứ tự “{code}” không đúng dạng",
                        "STT",
                        hint="Ghi số thứ tự như trên biểu: A, I, 1, 1.1, a, “-” hoặc để trống.",
                    )
                )
                continue
            while stack and stack[-1] >= rank:
                stack.pop()
            stack.append(rank)
            level = len(stack)
        line: dict[str, Any] = {}
        if code:
            line["code"] = code
        line["name"] = name
        line["level"] = level
        if values:
            line["values"] = values
        index = len(rows)
        table.cells[("rows", index)] = (row, code_col)
        for key, column_index in spots.items():
            table.cells[("rows", index, "values", key)] = (row, column_index)
        rows.append(line)
        after_blank = False
    return rows, problems


def _codeless_level(
    rows: list[dict[str, Any]], level: int, values: dict[str, Any], money: list[str]
) -> int:
    """The level of a row without a code. Its place is beside the row above, but when the
    group it would join already adds up to its parent's figures in every column it has a
    figure in, it cannot be part of that group: it is a sibling of the parent (and so on up)."""
    while level > 1:
        parent = next((i for i in range(len(rows) - 1, -1, -1) if rows[i]["level"] < level), None)
        if parent is None or rows[parent].get("children") == "partial":
            break
        above = rows[parent].get("values", {})
        keys = [
            k
            for k in money
            if isinstance(values.get(k), int | float)
            and values[k] != 0
            and isinstance(above.get(k), int | float)
        ]
        group = [r for r in rows[parent + 1 :] if r["level"] == level]
        if not keys or not group:
            break
        if any(sum(_amount(r.get("values", {}).get(k)) for r in group) != above[k] for k in keys):
            break
        level = max(rows[parent]["level"], 1)
    return level


def _amount(value: Any) -> int | float:
    """A figure for a sum: `-` and blanks are nil."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else 0
