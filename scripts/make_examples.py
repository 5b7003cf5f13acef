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


def _budget_rows(lines: list[dict[str, Any]]) -> list[list[Any]]:
    rows = []
    for line in lines:
        rows.append([line["code"], line["name"], line.get("estimate"), line.get("actual"), None])
        rows += _budget_rows(line.get("lines", []))
    return rows


def budget_workbook(data: dict[str, Any]) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    for side, word, label in (
        ("revenue", "Thu", "Tổng thu"),
        ("expenditure", "Chi", "Tổng chi"),
    ):
        table = data[side]
        sheet = book.create_sheet(word)
        _title_block(
            sheet,
            [
                "UBND XÃ TÂN HÒA",
                "Biểu số 02",
                f"QUYẾT TOÁN {word.upper()} NGÂN SÁCH XÃ NĂM {data['year']}",
                "Đơn vị tính: đồng",
            ],
        )
        sheet.append(["Mã số", "Nội dung", "Dự toán", "Quyết toán", "Ghi chú"])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center")
        total = table.get("total", {})
        sheet.append([None, label, total.get("estimate"), total.get("actual"), None])
        for row in _budget_rows(table["lines"]):
            sheet.append(row)
        for column in "CD":
            for cell in sheet[column]:
                cell.number_format = "#,##0"
        sheet.column_dimensions["B"].width = 55
        sheet.column_dimensions["C"].width = 18
        sheet.column_dimensions["D"].width = 18
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
