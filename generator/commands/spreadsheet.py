"""Read the tables staff keep in Excel or CSV, and find columns by their Vietnamese headers.

Headers are matched the way people write them: "Mã số", "MÃ SỐ", "Ma so" and "Mã  số " are
the same column, and "Dự toán năm 2025 (đồng)" is a "Dự toán" column. Every cell keeps its
sheet, row and column so that a bad value is reported where staff can find it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from generator.diagnostics import Diagnostic, Position, diagnostic
from generator.vn.text import fold

HEADER_SEARCH_ROWS = 20
"""Forms carry a title, the commune's name and the unit above the header row."""
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_GROUPED = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")


def header_key(text: object) -> str:
    """`"  Dự toán năm 2025 (đồng)"` -> `du toan nam 2025 dong`: tone marks, case, spacing gone."""
    return " ".join(_NOT_WORD.sub(" ", fold(str(text or "")).lower()).split())


def header_matches(header: str, aliases: Iterable[str]) -> bool:
    """Whether a header is one of the aliases or starts with one as whole words."""
    key = header_key(header)
    return any(
        key == wanted or key.startswith(wanted + " ")
        for wanted in (header_key(alias) for alias in aliases)
    )


@dataclass
class Sheet:
    """One table: a worksheet, or the whole of a CSV file."""

    name: str
    label: str
    """How messages name it: `bang.xlsx[Thu]`, or the CSV file's path."""
    rows: list[list[Any]]
    formulas: set[tuple[int, int]] = field(default_factory=set)
    """(row, column), 1-based, of formula cells whose result was never computed and saved."""
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    """Merged ranges (top, left, bottom, right), 1-based: a two-row header's groups."""

    def cell(self, row: int, column: int) -> Any:
        """The value at a 1-based row and column; None past the end of a short row."""
        values = self.rows[row - 1] if row <= len(self.rows) else []
        value = values[column - 1] if column <= len(values) else None
        if isinstance(value, str):
            value = " ".join(value.split()) or None
        return value

    def problem(
        self,
        code: str,
        row: int,
        column: int,
        message: str,
        field: str = "",
        hint: str | None = None,
    ) -> Diagnostic:
        """A diagnostic at a cell, named as Excel names it (C12) in the message."""
        ref = f"{get_column_letter(column)}{row}"
        return diagnostic(
            code, f"ô {ref}: {message}", self.label, Position(row, column), field=field, hint=hint
        )


def read_tables(path: Path, display: str) -> tuple[list[Sheet], list[Diagnostic]]:
    """Every sheet of an .xlsx file, or the one table of a .csv file."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _read_workbook(path, display), []
        if suffix == ".csv":
            return [_read_csv(path, display)], []
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError) as exc:
        return [], [diagnostic("CK151", f"không mở được tệp ({type(exc).__name__})", display)]
    except csv.Error as exc:
        return [], [
            diagnostic(
                "CK151",
                f"tệp CSV không đọc được: {exc}",
                display,
                hint="Mở tệp bằng Excel rồi Save As → CSV UTF-8 (Comma delimited), nhập lại.",
            )
        ]
    except UnicodeDecodeError:
        return [], [
            diagnostic(
                "CK151",
                "tệp CSV không phải mã UTF-8",
                display,
                hint="Trong Excel chọn Save As → CSV UTF-8 (Comma delimited) rồi nhập lại.",
            )
        ]
    return [], [
        diagnostic(
            "CK151",
            f"không đọc được tệp đuôi `{path.suffix}`",
            display,
            hint="Lưu bảng tính dạng .xlsx hoặc .csv (Excel: Save As → Excel Workbook hoặc "
            "CSV UTF-8).",
        )
    ]


def _read_workbook(path: Path, display: str) -> list[Sheet]:
    # Values as last computed by Excel; formulas separately, to tell "empty" from "never computed".
    values = load_workbook(path, data_only=True, read_only=True)
    # Not read-only: only a full worksheet knows its merged cells (a header's groups).
    formulas = load_workbook(path, data_only=False)
    sheets = []
    try:
        for name in values.sheetnames:
            rows = [list(row) for row in values[name].iter_rows(values_only=True)]
            uncomputed = {
                (r, c)
                for r, row in enumerate(formulas[name].iter_rows(values_only=True), 1)
                for c, value in enumerate(row, 1)
                if isinstance(value, str)
                and value.startswith("=")
                and (r > len(rows) or c > len(rows[r - 1]) or rows[r - 1][c - 1] is None)
            }
            merged = [
                (m.min_row, m.min_col, m.max_row, m.max_col)
                for m in formulas[name].merged_cells.ranges
            ]
            _as_shown_percent(rows, formulas[name])
            sheets.append(Sheet(name, f"{display}[{name}]", rows, uncomputed, merged))
    finally:
        values.close()
    return sheets


def _as_shown_percent(rows: list[list[Any]], formats: Any) -> None:
    """A cell formatted as a percentage holds a fraction (1.8926) that Excel shows as "189,26%":
    the form printed 189,26, so that is the figure, rounded as shown."""
    for r, row in enumerate(formats.iter_rows(), 1):
        for c, cell in enumerate(row, 1):
            if "%" not in (cell.number_format or "") or r > len(rows) or c > len(rows[r - 1]):
                continue
            value = rows[r - 1][c - 1]
            if isinstance(value, int | float) and not isinstance(value, bool):
                shown = round(value * 100, _decimals_shown(cell.number_format))
                rows[r - 1][c - 1] = int(shown) if float(shown).is_integer() else shown


def _decimals_shown(number_format: str) -> int:
    """`0.00%` -> 2: the digits Excel shows after the decimal mark (first section of the format)."""
    first = number_format.split(";")[0]
    decimals = re.search(r"\.([0#?]+)", first)
    return len(decimals.group(1)) if decimals else 0


def _read_csv(path: Path, display: str) -> Sheet:
    text = path.read_bytes().decode("utf-8-sig")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # newline="": the csv module reads the line ends itself (a lone \r, a line break in quotes).
    rows = [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    return Sheet(path.stem, display, [[cell if cell.strip() else None for cell in r] for r in rows])


@dataclass
class Columns:
    """Where each wanted column is, found from the header row."""

    header_row: int
    index: dict[str, int]
    """Field name -> 1-based column."""
    headers: dict[str, str]
    """Field name -> the header as written in the sheet."""
    ignored: list[str]
    """Headers of columns no field wanted (they are not imported)."""


def find_columns(
    sheet: Sheet, wanted: dict[str, tuple[str, ...]], required: Iterable[str]
) -> Columns | Diagnostic:
    """Find the header row: the first row, near the top, that has every required column."""
    required = list(required)
    best: tuple[int, dict[str, int]] = (0, {})
    for row in range(1, min(len(sheet.rows), HEADER_SEARCH_ROWS) + 1):
        index: dict[str, int] = {}
        for column in range(1, len(sheet.rows[row - 1]) + 1):
            header = sheet.cell(row, column)
            if header is None:
                continue
            for name, aliases in wanted.items():
                if name not in index and header_matches(str(header), aliases):
                    index[name] = column
                    break
        if all(name in index for name in required):
            headers = {name: str(sheet.cell(row, column)) for name, column in index.items()}
            ignored = [
                str(value)
                for column, value in enumerate(sheet.rows[row - 1], 1)
                if value is not None and column not in index.values()
            ]
            return Columns(row, index, headers, ignored + _sub_columns(sheet, row, index))
        if len(index) > len(best[1]):
            best = (row, index)
    missing = [name for name in required if name not in best[1]]
    expected = "; ".join(f'"{wanted[name][0]}"' for name in missing)
    return sheet.problem(
        "CK152",
        best[0] or 1,
        1,
        f"không tìm thấy dòng tiêu đề có đủ các cột: thiếu cột {expected}",
        hint=f"Trong {HEADER_SEARCH_ROWS} dòng đầu, đặt một dòng tiêu đề có các cột "
        + ", ".join(f'"{wanted[name][0]}"' for name in required)
        + " (không phân biệt hoa thường, có dấu hay không dấu).",
    )


def _sub_columns(sheet: Sheet, row: int, index: dict[str, int]) -> list[str]:
    """Sub-columns under a merged group of the header ("Nhân khẩu" over "Tổng số | Trong đó
    nữ") that no field takes: named "Nhân khẩu – Trong đó nữ" among the columns not imported."""
    out = []
    for top, left, _bottom, right in sheet.merged:
        if top != row or right == left:
            continue
        group = sheet.cell(row, left)
        for column in range(left, right + 1):
            below = sheet.cell(row + 1, column)
            if column not in index.values() and isinstance(below, str):
                out.append(f"{group} – {below}" if group else below)
    return out


def whole_number(value: Any) -> int | str | None:
    """A cell as a whole number of đồng: int, None when empty, or why it is not one (a str).

    Excel stores 1250000 as a float; typed text may group thousands Vietnamese-style
    (1.250.000) or English-style (1,250,000).
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "là giá trị đúng/sai, không phải số"
    if isinstance(value, int):
        return value if value >= 0 else f"số âm {value}"
    if isinstance(value, float):
        if not value.is_integer():
            return f"số {value} có phần thập phân"
        return int(value) if value >= 0 else f"số âm {value:g}"
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    if _GROUPED.match(text):
        return int(re.sub(r"[.,\s]", "", text))
    return f'"{text}" không phải số'


SIGNATURE_WORDS = (
    "tm",
    "kt",
    "chu tich",
    "pho chu tich",
    "nguoi lap bieu",
    "nguoi lap",
    "ke toan",
    "thu truong don vi",
    "xac nhan cua",
    "ky ghi ro ho ten",
    "ky ten",
    "ky dong dau",
)
"""How the signature block under a form begins: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "CHỦ TỊCH",
"NGƯỜI LẬP BIỂU", "KẾ TOÁN", "(Ký, ghi rõ họ tên)"."""
_PLACE_AND_DATE = re.compile(r"\bngay\b.*\bthang\b.*\bnam\b")
_NOTE = re.compile(r"^\s*ghi\s+chú\s*:?\s*", re.IGNORECASE)


def signature_line(text: object) -> bool:
    """Whether a cell starts the signature block under a table, or is its place-and-date line
    ("Thọ Lộc, ngày 10 tháng 12 năm 2024", "…, ngày … tháng … năm …")."""
    key = header_key(text)
    return bool(key) and (header_matches(key, SIGNATURE_WORDS) or bool(_PLACE_AND_DATE.search(key)))


def note_line(text: object) -> str | None:
    """The note of a "Ghi chú: ..." line under a table ("" when the note follows on the next
    lines); None for any other text."""
    if not isinstance(text, str) or not header_key(text).startswith("ghi chu"):
        return None
    return _NOTE.sub("", " ".join(text.split()), count=1)


def row_texts(sheet: Sheet, row: int) -> list[str]:
    """The text cells of a row, left to right."""
    values = sheet.rows[row - 1] if row <= len(sheet.rows) else []
    return [" ".join(v.split()) for v in values if isinstance(v, str) and v.strip()]


def has_figure(sheet: Sheet, row: int) -> bool:
    """Whether a row holds a number (a signature or note line never does)."""
    values = sheet.rows[row - 1] if row <= len(sheet.rows) else []
    return any(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def below_table(sheet: Sheet, row: int) -> bool:
    """Whether a row is the signature block or a note under the table (it holds no figure):
    the table ended above it."""
    if has_figure(sheet, row):
        return False
    return any(signature_line(t) or note_line(t) is not None for t in row_texts(sheet, row))
