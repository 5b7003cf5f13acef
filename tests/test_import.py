"""`congkhai import`: spreadsheets become YAML, bad cells are reported where they are."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import REPO
from helpers import AS_OF
from openpyxl import Workbook, load_workbook

from generator.build import build
from generator.cli import main
from generator.commands.importing import import_budget, import_households
from generator.commands.spreadsheet import header_matches

EXAMPLES = REPO / "examples"
BUDGET_XLSX = EXAMPLES / "ngan-sach-2024-quyet-toan.xlsx"
HOUSEHOLD_XLSX = EXAMPLES / "ho-ngheo-2025.xlsx"
HOUSEHOLD_CSV = EXAMPLES / "ho-ngheo-2025-can-ngheo.csv"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def demo(path: str) -> dict[str, Any]:
    return yaml.safe_load((REPO / path).read_text(encoding="utf-8"))


def number(text: str) -> int | None:
    """A figure as the portal prints it (`9.969.600.000`, `–` for none) or as the CSV holds it."""
    text = text.strip().strip("*")
    return None if text in ("", "–") else int(text.replace(".", ""))


def sheet_rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    """The data rows of a sheet, read straight from the file: what staff see in Excel."""
    rows = list(load_workbook(path, data_only=True)[sheet].iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "Mã số" or row[0] == "STT")
    return [row for row in rows[header + 1 :] if any(v is not None for v in row)]


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


# ------------------------------------------------------------------ the demo spreadsheets


def test_the_demo_budget_spreadsheet_imports_to_the_demo_yaml():
    imported = import_budget(BUDGET_XLSX, "bang.xlsx", year=2024, phase="quyet-toan")
    assert imported.diagnostics == []
    expected = demo("content/ngan-sach/2024-quyet-toan.yaml")
    assert imported.data["revenue"] == expected["revenue"]
    assert imported.data["expenditure"] == expected["expenditure"]


def test_the_demo_household_spreadsheet_imports_to_the_demo_yaml():
    imported = import_households(HOUSEHOLD_XLSX, "ds.xlsx", year=2025)
    assert imported.diagnostics == []
    expected = demo("content/ho-ngheo/2025-ra-soat-dinh-ky.yaml")
    for key in ("poor", "near_poor", "escaped"):
        assert imported.data[key] == expected[key]
    # The "Ghi chú" column is not part of the published list.
    assert any("Ghi chú" in note for note in imported.notes)


def test_budget_round_trip_spreadsheet_to_built_page_and_open_data(make_project):
    project = make_project({})
    result = run(
        "import", "ngan-sach", str(BUDGET_XLSX), "-p", str(project.root),
        "--year", "2024", "--phase", "quyet-toan", "--published", "2025-08-05",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "content/ngan-sach/2024-quyet-toan.yaml"
    built = build(project, as_of=AS_OF)
    assert built.published, built.diagnostics

    html = (project.site_dir / "ngan-sach/2024/quyet-toan/index.html").read_text(encoding="utf-8")
    tables = BeautifulSoup(html, "html.parser").select(".ck-budget table")
    open_data = list(
        csv.DictReader(
            io.StringIO(
                (project.site_dir / "du-lieu/ngan-sach.budget-line.csv").read_text("utf-8-sig")
            )
        )
    )
    for table, sheet, side in zip(tables, ("Thu", "Chi"), ("revenue", "expenditure"), strict=True):
        rows = sheet_rows(BUDGET_XLSX, sheet)
        page = [
            [td.get_text(" ", strip=True) for td in tr.select("td")]
            for tr in table.select("tbody tr")
        ]
        assert len(page) == len(rows)
        for cells, (code, name, estimate, actual, _) in zip(page, rows, strict=True):
            assert cells[0] == (code or "")
            assert cells[1] == name
            assert number(cells[2]) == estimate
            assert number(cells[3]) == actual
        exported = [r for r in open_data if r["list_position"].startswith(f"{side}.lines")]
        lines = [row for row in rows if row[0] is not None]  # the totals row is not a line
        assert len(exported) == len(lines)
        for record, (code, name, estimate, actual, _) in zip(exported, lines, strict=True):
            assert (record["code"], record["name"]) == (str(code), name)
            assert (number(record["estimate"]), number(record["actual"])) == (estimate, actual)


def test_household_round_trip_from_csv_to_built_page(make_project):
    project = make_project({})
    result = run(
        "import", "ho-ngheo", str(HOUSEHOLD_CSV), "-p", str(project.root), "--year", "2025",
        "--review-kind", "dinh-ky", "--posted-from", "2025-11-24", "--posted-to", "2025-12-24",
        "--published", "2025-11-24", "--place", "Trụ sở UBND xã",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    path = project.root / result.stdout.strip()
    built = build(project, as_of=AS_OF)
    assert built.published, built.diagnostics

    with HOUSEHOLD_CSV.open(encoding="utf-8-sig", newline="") as source:
        rows = list(csv.reader(source, delimiter=";"))[1:]
    slug = path.stem.removeprefix("2025-")
    html = (project.site_dir / f"ho-ngheo/2025/{slug}/index.html").read_text(encoding="utf-8")
    table = BeautifulSoup(html, "html.parser").select("article table")[-1]
    page = [[td.get_text(strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert [cells[:4] for cells in page] == [row[:4] for row in rows]


# ------------------------------------------------------------------ headers


@pytest.mark.parametrize(
    ("header", "aliases", "matches"),
    [
        ("Mã số", ("ma so",), True),
        ("MÃ  SỐ ", ("ma so",), True),
        ("ma so", ("ma so",), True),
        ("Dự toán năm 2025 (đồng)", ("du toan",), True),
        ("Họ và tên chủ hộ", ("ho va ten chu ho",), True),
        ("Thôn, tổ dân phố", ("thon",), True),
        ("Thông tin khác", ("thon",), False),
        ("So sánh (%)", ("du toan", "thuc hien"), False),
    ],
)
def test_headers_match_whatever_the_case_tone_marks_or_spacing(header, aliases, matches):
    assert header_matches(header, aliases) is matches


def test_headers_are_found_below_a_title_block_in_any_order(tmp_path):
    path = workbook(
        tmp_path / "bang.xlsx",
        {
            "Chi ngân sách": [
                ["UBND XÃ A"],
                ["DỰ TOÁN CHI"],
                [],
                ["GHI CHÚ", "THỰC HIỆN", "NỘI DUNG CHI", "DỰ TOÁN NĂM 2025", "MÃ SỐ"],
                [None, 90, "Chi thường xuyên", 100, "I"],
                [None, 90, "Chi sự nghiệp giáo dục", 100, "1"],
            ]
        },
    )
    imported = import_budget(path, "bang.xlsx")
    assert imported.diagnostics == []
    assert imported.data["expenditure"]["lines"] == [
        {
            "code": "I",
            "name": "Chi thường xuyên",
            "estimate": 100,
            "actual": 90,
            "lines": [
                {"code": "1", "name": "Chi sự nghiệp giáo dục", "estimate": 100, "actual": 90}
            ],
        }
    ]
    assert "revenue" not in imported.data


def test_budget_codes_nest_by_their_form(tmp_path):
    header = ["STT", "Nội dung", "Dự toán"]
    rows = [
        ["A", "Thu ngân sách", 60], ["I", "Thu 100%", 60], ["1", "Phí", 60], ["1.1", "Phí A", 20],
        ["1.2", "Phí B", 40], ["1.2.1", "Phí B1", 40], ["a", "Trong đó", 40],
        ["II", "Thu khác", 0], ["B", "Mục khác", 5],
    ]  # fmt: skip
    imported = import_budget(workbook(tmp_path / "thu.xlsx", {"Thu": [header, *rows]}), "thu.xlsx")
    assert imported.diagnostics == []

    def shape(lines):
        return [(line["code"], shape(line.get("lines", []))) for line in lines]

    assert shape(imported.data["revenue"]["lines"]) == [
        ("A", [("I", [("1", [("1.1", []), ("1.2", [("1.2.1", [("a", [])])])])]), ("II", [])]),
        ("B", []),
    ]


# ------------------------------------------------------------------ mistakes


def import_cli(project_root: Path, kind: str, path: Path, *args: str):
    return run("import", kind, str(path), "-p", str(project_root), *args)


def test_a_bad_number_is_reported_at_its_cell_and_nothing_is_written(tmp_path):
    path = workbook(
        tmp_path / "du-toan.xlsx",
        {
            "Thu": [
                ["Mã số", "Nội dung", "Dự toán"],
                ["1", "Phí, lệ phí", "12,5 triệu"],
                ["2", "Thu khác", 1.5],
                ["3", "Lệ phí", -4],
            ]
        },
    )
    result = import_cli(tmp_path, "ngan-sach", path, "--year", "2025", "--phase", "du-toan")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert 'du-toan.xlsx[Thu]:2:3: CK153 lỗi: Dự toán: ô C2: "12,5 triệu" không phải số' in lines
    assert "du-toan.xlsx[Thu]:3:3: CK153 lỗi: Dự toán: ô C3: số 1.5 có phần thập phân" in lines
    assert "du-toan.xlsx[Thu]:4:3: CK153 lỗi: Dự toán: ô C4: số âm -4" in lines
    assert any(line.strip().startswith("cách sửa: Ghi số tiền là số nguyên") for line in lines)
    assert not (tmp_path / "content").exists()


def test_thousands_written_as_text_are_read_as_numbers(tmp_path):
    path = workbook(
        tmp_path / "thu.xlsx",
        {
            "Thu": [
                ["Mã số", "Nội dung", "Dự toán"],
                ["1", "Phí", "1.250.000"],
                ["2", "Thuế", "2,000"],
            ]
        },
    )
    imported = import_budget(path, "thu.xlsx")
    assert [line["estimate"] for line in imported.data["revenue"]["lines"]] == [1_250_000, 2_000]


def test_a_wrong_total_is_reported_at_the_total_cell(tmp_path):
    path = workbook(
        tmp_path / "thu.xlsx",
        {
            "Thu": [
                ["Mã số", "Nội dung", "Dự toán"],
                [None, "Tổng thu", 310],
                ["I", "Thu 100%", 300],
                ["1", "Phí", 100],
                ["2", "Thuế", 150],
            ]
        },
    )
    result = import_cli(tmp_path, "ngan-sach", path)
    assert result.exit_code == 1
    assert "thu.xlsx[Thu]:2:3: CK106 lỗi: ô C2: Tổng dự toán thu ghi 310" in result.output
    assert (
        "thu.xlsx[Thu]:3:3: CK106 lỗi: ô C3: Số dự toán của dòng I (Thu 100%) ghi 300"
        in result.output
    )


def test_misplaced_and_malformed_codes_are_reported(tmp_path):
    path = workbook(
        tmp_path / "thu.xlsx",
        {
            "Thu": [
                ["Mã số", "Nội dung", "Dự toán"],
                ["1", "Phí", 10],
                ["2.1", "Phí con của dòng 2", 10],
                ["1a", "Dòng lạ", 5],
                [None, "Dòng không mã", 5],
                ["3", None, 5],
            ]
        },
    )
    imported = import_budget(path, "thu.xlsx")
    found = [(d.code, d.line, d.column) for d in imported.diagnostics]
    assert found == [("CK154", 3, 1), ("CK154", 4, 1), ("CK155", 5, 1), ("CK155", 6, 2)]
    assert "phải nằm ngay dưới dòng 2" in imported.diagnostics[0].message


def test_a_missing_column_is_named_in_vietnamese(tmp_path):
    path = workbook(
        tmp_path / "thu.xlsx", {"Thu": [["Mã số", "Tên khoản", "Dự toán"], ["1", "Phí", 1]]}
    )
    imported = import_budget(path, "thu.xlsx")
    assert [d.code for d in imported.diagnostics] == ["CK152"]
    assert 'thiếu cột "Nội dung"' in imported.diagnostics[0].message
    assert '"Mã số", "Nội dung"' in imported.diagnostics[0].hint


def test_a_formula_never_computed_is_reported(tmp_path):
    # openpyxl saves formulas without their results, as a file generated by a program would be.
    path = workbook(
        tmp_path / "thu.xlsx",
        {
            "Thu": [
                ["Mã số", "Nội dung", "Dự toán"],
                [None, "Tổng thu", "=SUM(C3:C3)"],
                ["1", "Phí", 5],
            ]
        },
    )
    imported = import_budget(path, "thu.xlsx")
    assert [(d.code, d.line, d.column) for d in imported.diagnostics] == [("CK156", 2, 3)]


def test_sheets_that_say_nothing_are_not_guessed(tmp_path):
    path = workbook(
        tmp_path / "bang.xlsx", {"Sheet1": [["Mã số", "Nội dung", "Dự toán"], ["1", "Phí", 1]]}
    )
    assert [d.code for d in import_budget(path, "bang.xlsx").diagnostics] == ["CK157"]
    chosen = import_budget(path, "bang.xlsx", table="expenditure")
    assert chosen.diagnostics == [] and chosen.data["expenditure"]["lines"][0]["name"] == "Phí"


def test_a_file_that_is_not_a_spreadsheet_is_reported(tmp_path):
    path = tmp_path / "bang.xlsx"
    path.write_text("không phải bảng tính", encoding="utf-8")
    assert [d.code for d in import_budget(path, "bang.xlsx").diagnostics] == ["CK151"]
    latin = tmp_path / "thu.csv"
    # Saved by an old Excel in the Vietnamese Windows code page, not UTF-8.
    latin.write_bytes(b"M\xe3 s\xf4\xec;N\xf4\xf2i dung;D\xfd\xf2 to\xe1n\n1;Ph\xed;5\n")
    assert [d.code for d in import_budget(latin, "thu.csv").diagnostics] == ["CK151"]


def test_household_mistakes_are_reported_at_their_cells(tmp_path):
    path = workbook(
        tmp_path / "ds.xlsx",
        {
            "Hộ nghèo": [
                ["Danh sách hộ nghèo"],
                ["STT", "Họ và tên chủ hộ", "Thôn", "Số CCCD", "Phân loại"],
                [1, "Nguyễn Văn A", "Thôn Đông", "001080012345", None],
                [2, "Trần Thị B", None, "001080054321", None],
                [1, "Lê Văn C", "Thôn Đoài", "001080099999", "Hộ nghèo"],
                ["x", "Phạm Văn D", "Thôn Đoài", None, None],
                [None, "Tổng cộng: 4 hộ"],
            ]
        },
    )
    result = import_cli(tmp_path, "ho-ngheo", path, "--year", "2025")
    assert result.exit_code == 1
    assert "ds.xlsx[Hộ nghèo]:4:3: CK155 lỗi: Thôn: ô C4: ô để trống" in result.output
    assert 'ds.xlsx[Hộ nghèo]:6:1: CK153 lỗi: STT: ô A6: "x" không phải số' in result.output

    path = workbook(
        tmp_path / "ds2.xlsx",
        {
            "Hộ nghèo": [
                ["STT", "Họ và tên chủ hộ", "Thôn", "Số CCCD"],
                [1, "Nguyễn Văn A", "Thôn Đông", "001080012345"],
                [1, "Lê Văn C", "Thôn Đoài", "001080099999"],
            ]
        },
    )
    result = import_cli(tmp_path, "ho-ngheo", path, "--year", "2025")
    assert (
        "ds2.xlsx[Hộ nghèo]:3:1: CK107 lỗi: ô A3: số thứ tự 1 đã dùng cho hộ Nguyễn Văn A"
        in result.output
    )


def test_identity_numbers_never_reach_the_yaml(tmp_path):
    path = workbook(
        tmp_path / "ho-ngheo.xlsx",
        {
            "Hộ cận nghèo": [
                ["STT", "Họ và tên chủ hộ", "Năm sinh", "Số CCCD", "Thôn"],
                [1, "Nguyễn Văn A", 1970, "001080012345", "Thôn Đông"],
            ]
        },
    )
    result = import_cli(tmp_path, "ho-ngheo", path, "--year", "2025")
    assert result.exit_code == 0, result.output
    assert "không nhập các cột “Năm sinh”, “Số CCCD”" in result.output
    text = (tmp_path / result.stdout.strip()).read_text(encoding="utf-8")
    assert "001080012345" not in text and "1970" not in text
    assert yaml.safe_load(text)["near_poor"] == [
        {"number": 1, "head": "Nguyễn Văn A", "village": "Thôn Đông"}
    ]


def test_imported_file_needs_its_blanks_filled_before_it_is_published(make_project):
    project = make_project({})
    result = import_cli(
        project.root, "ngan-sach", BUDGET_XLSX, "--year", "2024", "--phase", "quyet-toan"
    )
    assert result.exit_code == 0, result.output
    text = (project.root / result.stdout.strip()).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/ngan-sach.schema.json\n")
    assert (project.root / "schemas/ngan-sach.schema.json").is_file()
    checked = run("validate", "-p", str(project.root), "--as-of", "2025-12-01")
    assert checked.exit_code == 1
    assert "CK150" in checked.output and "published" in checked.output


def test_import_does_not_overwrite_unless_forced(tmp_path):
    args = ("--year", "2024", "--phase", "quyet-toan")
    assert import_cli(tmp_path, "ngan-sach", BUDGET_XLSX, *args).exit_code == 0
    target = tmp_path / "content/ngan-sach/2024-quyet-toan.yaml"
    target.write_text("# đã sửa tay\n", encoding="utf-8")
    again = import_cli(tmp_path, "ngan-sach", BUDGET_XLSX, *args)
    assert again.exit_code == 1 and "CK158" in again.output
    assert target.read_text(encoding="utf-8") == "# đã sửa tay\n"
    forced = import_cli(tmp_path, "ngan-sach", BUDGET_XLSX, *args, "--force")
    assert forced.exit_code == 0
    assert "revenue:" in target.read_text(encoding="utf-8")


def test_the_unit_stated_in_the_sheet_is_used_and_checked(tmp_path):
    rows = [
        ["Đơn vị: UBND xã Đông Hòa"],
        ["Đơn vị tính: triệu đồng"],
        ["Mã số", "Nội dung", "Dự toán"],
        ["1", "Phí", 120],
    ]
    path = workbook(tmp_path / "thu.xlsx", {"Thu": rows})
    assert import_budget(path, "thu.xlsx").data["unit"] == "trieu-dong"
    wrong = import_budget(path, "thu.xlsx", unit="dong")
    assert [(d.code, d.line, d.column) for d in wrong.diagnostics] == [("CK159", 2, 1)]
    assert "triệu đồng" in wrong.diagnostics[0].message

    header = workbook(
        tmp_path / "chi.xlsx",
        {"Chi": [["Mã số", "Nội dung", "Dự toán (nghìn đồng)"], ["1", "Chi lương", 5]]},
    )
    assert import_budget(header, "chi.xlsx").data["unit"] == "nghin-dong"
    unstated = workbook(tmp_path / "x.xlsx", {"Thu": [["Đơn vị: UBND xã Đông Hòa"], *rows[2:]]})
    assert import_budget(unstated, "x.xlsx", unit="trieu-dong").diagnostics == []


def test_csv_mistakes_are_reported_as_file_row_column(tmp_path):
    path = tmp_path / "ho-can-ngheo.csv"
    path.write_text("STT,Họ và tên chủ hộ,Thôn\n1,Nguyễn Văn A,Thôn Đông\n2,,Thôn Trung\n", "utf-8")
    result = import_cli(tmp_path, "ho-ngheo", path, "--year", "2025")
    assert result.exit_code == 1
    assert "ho-can-ngheo.csv:3:2: CK155 lỗi: Họ và tên chủ hộ: ô B3: ô để trống" in result.output


def test_household_people_column_is_imported_and_shown(make_project):
    project = make_project({})
    path = workbook(
        project.root / "ds.xlsx",
        {
            "Hộ nghèo": [
                ["STT", "Họ và tên chủ hộ", "Ấp", "Số khẩu", "Ngày sinh"],
                [1, "Nguyễn Văn A", "Ấp 1", 4, "1980-01-01"],
                [2, "Trần Thị B", "Ấp 2", 2, "1975-05-05"],
            ]
        },
    )
    result = run(
        "import", "ho-ngheo", str(path), "-p", str(project.root), "--year", "2025",
        "--review-kind", "dinh-ky", "--posted-from", "2025-11-24", "--posted-to", "2025-12-24",
        "--published", "2025-11-24", "--place", "Trụ sở UBND xã",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [written] = (project.content_dir / "ho-ngheo").glob("*.yaml")
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert [(h["head"], h["people"]) for h in data["poor"]] == [
        ("Nguyễn Văn A", 4),
        ("Trần Thị B", 2),
    ]
    assert "1980" not in written.read_text(encoding="utf-8")
    assert build(project, as_of=AS_OF).published
    html = (project.site_dir / f"ho-ngheo/2025/{written.stem[5:]}/index.html").read_text("utf-8")
    header = [th.get_text(strip=True) for th in BeautifulSoup(html, "html.parser").select("th")]
    assert "Số khẩu" in header


# ------------------------------------------------------------------ nothing is lost, nothing leaks


def test_importing_one_table_never_deletes_the_other(tmp_path):
    args = ("--year", "2024", "--phase", "quyet-toan")
    both = import_cli(tmp_path, "ngan-sach", BUDGET_XLSX, *args)
    assert both.exit_code == 0, both.output
    target = tmp_path / "content/ngan-sach/2024-quyet-toan.yaml"
    before = target.read_text(encoding="utf-8")
    # Only the expenditure sheet, in a file of its own, imported over the item with --force:
    # the clerk follows CK158's hint to force, and the revenue table must survive it.
    expenditure = workbook(
        tmp_path / "chi.xlsx",
        {"Chi": [[c for c in row] for row in load_workbook(BUDGET_XLSX, data_only=True)["Chi"]
                 .iter_rows(values_only=True)]},
    )  # fmt: skip
    again = import_cli(tmp_path, "ngan-sach", expenditure, *args, "--force")
    assert again.exit_code == 1
    assert "CK158" in again.output and "`revenue`" in again.output
    assert target.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    "head",
    ["Nguyễn Văn A 001 085 012 345", "Nguyễn Văn A - CMND 162.345.678", "Nguyễn Văn A (0912 345 678)",
     "Nguyễn Văn A, sinh ngày 12 tháng 3 năm 1985"],
)  # fmt: skip
def test_personal_data_in_an_imported_cell_is_reported_at_the_cell(tmp_path, head):
    path = workbook(
        tmp_path / "ho-ngheo.xlsx",
        {"Hộ nghèo": [["STT", "Họ và tên chủ hộ", "Thôn"], [1, head, "Thôn Đông"]]},
    )
    result = import_cli(tmp_path, "ho-ngheo", path, "--year", "2025")
    assert result.exit_code == 1
    assert "CK130" in result.output and "ô B2" in result.output
    assert not (tmp_path / "content").exists() or not list((tmp_path / "content").rglob("*.yaml"))
