"""Write the demo spreadsheets in examples/ from the demo commune's own YAML.

    uv run python scripts/make_examples.py

They are laid out the way commune staff keep them (a title block above the header row, a totals
row, a notes column the importer ignores), so `congkhai import` can be tried on something real:

    congkhai import ngan-sach examples/ngan-sach-2024-quyet-toan.xlsx --year 2024 --phase quyet-toan
    congkhai import ho-ngheo examples/ho-ngheo-2025.xlsx --year 2025

tests/test_import.py imports each one and compares it with the YAML it came from.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator.types.budget_forms import find_form

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
BUDGET_SOURCE = REPO / "content/ngan-sach/2024-quyet-toan.yaml"
HOUSEHOLD_SOURCE = REPO / "content/ho-ngheo/2025-ra-soat-dinh-ky.yaml"
# A fixed timestamp in the workbook properties, so that rerunning the script changes nothing
# that matters (openpyxl would otherwise stamp the current time).
STAMP = dt.datetime(2025, 1, 1)

BUDGET_FILE = EXAMPLES / "ngan-sach-2024-quyet-toan.xlsx"
HOUSEHOLD_FILE = EXAMPLES / "ho-ngheo-2025.xlsx"
HOUSEHOLD_CSV = EXAMPLES / "ho-ngheo-2025-can-ngheo.csv"


def _title_block(sheet: Worksheet, lines: list[str]) -> None:
    for row, text in enumerate(lines, 1):
        sheet.cell(row, 1, text).font = Font(bold=row == 3)
    sheet.append([])


def budget_workbook(data: dict[str, Any]) -> Workbook:
    """Each table of the report as its form is printed: form number top right, title and stage,
    the unit line, a two-row header with merged groups, the column-number row, then the rows."""
    book = Workbook()
    book.remove(book.active)
    for table, name in zip(data["tables"], ("Thu", "Chi"), strict=True):
        form = find_form(table["form"])
        assert form is not None
        columns = form.columns
        sheet = book.create_sheet(name)
        width = 2 + len(columns)
        sheet.cell(1, 1, "UBND XÃ TÂN HÒA").font = Font(bold=True)
        sheet.cell(1, width, f"Biểu số {form.number}")
        sheet.cell(3, 1, f"{form.title.upper()} NĂM {data['year']}").font = Font(bold=True)
        sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=width)
        sheet.cell(4, 1, f"({form.stage})")
        sheet.merge_cells(start_row=4, start_column=1, end_row=4, end_column=width)
        sheet.cell(5, width, "Đơn vị: đồng")
        grouped = any(c.group for c in columns)
        for column, text in ((1, "STT"), (2, "Nội dung")):
            sheet.cell(6, column, text)
            if grouped:
                sheet.merge_cells(start_row=6, start_column=column, end_row=7, end_column=column)
        index = 0
        while index < len(columns):
            column = columns[index]
            span = []
            for other in columns[index:]:
                if not column.group or other.group != column.group:
                    break
                span.append(other)
            if span:
                sheet.cell(6, 3 + index, column.group)
                if len(span) > 1:
                    sheet.merge_cells(
                        start_row=6, start_column=3 + index, end_row=6,
                        end_column=2 + index + len(span),
                    )  # fmt: skip
                for offset, member in enumerate(span):
                    sheet.cell(7, 3 + index + offset, member.label)
                index += len(span)
            else:
                sheet.cell(6, 3 + index, column.label)
                if grouped:
                    sheet.merge_cells(
                        start_row=6, start_column=3 + index, end_row=7, end_column=3 + index
                    )
                index += 1
        numbers = 8 if grouped else 7
        sheet.cell(numbers, 1, "A")
        sheet.cell(numbers, 2, "B")
        for offset, column in enumerate(columns):
            printed = f"{column.key}={column.formula}" if column.formula else column.key
            sheet.cell(numbers, 3 + offset, printed)
        for row in sheet.iter_rows(min_row=6, max_row=numbers):
            for cell in row:
                cell.font = Font(bold=cell.row < numbers, italic=cell.row == numbers)
                cell.alignment = Alignment(horizontal="center", wrap_text=True)
        for line in table["rows"]:
            values = line.get("values", {})
            sheet.append(
                [line.get("code"), line["name"]]
                + [values.get(int(c.key), values.get(c.key)) for c in columns]
            )
        for offset in range(len(columns)):
            letter = "CDEFGHIJ"[offset]
            for cell in sheet[letter][numbers:]:
                cell.number_format = "#,##0.##"
            sheet.column_dimensions[letter].width = 16
        sheet.column_dimensions["B"].width = 50
    return book


LISTS = (
    ("poor", "Hộ nghèo", "DANH SÁCH HỘ NGHÈO"),
    ("near_poor", "Hộ cận nghèo", "DANH SÁCH HỘ CẬN NGHÈO"),
    ("escaped", "Thoát nghèo", "DANH SÁCH HỘ THOÁT NGHÈO, THOÁT CẬN NGHÈO"),
)
HOUSEHOLD_HEADER = ["STT", "Họ và tên chủ hộ", "Thôn", "Phân loại", "Ghi chú"]


def household_workbook(data: dict[str, Any]) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    for key, name, heading in LISTS:
        sheet = book.create_sheet(name)
        _title_block(
            sheet,
            ["UBND XÃ TÂN HÒA", "", f"{heading} NĂM {data['year']}", "(Kèm theo kết quả rà soát)"],
        )
        sheet.append(HOUSEHOLD_HEADER)
        for household in data[key]:
            sheet.append(
                [
                    household["number"],
                    household["head"],
                    household["village"],
                    household.get("category"),
                    None,
                ]
            )
        sheet.append([None, f"Tổng cộng: {len(data[key])} hộ"])
        sheet.column_dimensions["B"].width = 28
        sheet.column_dimensions["D"].width = 45
    return book


def _save(book: Workbook, path: Path) -> None:
    book.properties.creator = "UBND xã Tân Hòa"
    book.properties.created = STAMP
    book.properties.modified = STAMP
    book.save(path)
    print(f"wrote {path.relative_to(REPO)}")


def main() -> None:
    EXAMPLES.mkdir(exist_ok=True)
    budget = yaml.safe_load(BUDGET_SOURCE.read_text(encoding="utf-8"))
    households = yaml.safe_load(HOUSEHOLD_SOURCE.read_text(encoding="utf-8"))
    _save(budget_workbook(budget), BUDGET_FILE)
    _save(household_workbook(households), HOUSEHOLD_FILE)
    # The same near-poor list as a CSV saved from Excel ("CSV UTF-8"): BOM, semicolons.
    with HOUSEHOLD_CSV.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(HOUSEHOLD_HEADER[:4])
        for household in households["near_poor"]:
            writer.writerow(
                [
                    household["number"],
                    household["head"],
                    household["village"],
                    household.get("category", ""),
                ]
            )
    print(f"wrote {HOUSEHOLD_CSV.relative_to(REPO)}")


if __name__ == "__main__":
    sys.exit(main())
