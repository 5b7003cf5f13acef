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
from fixtures import AS_OF, REPO
from openpyxl import Workbook, load_workbook

from generator.build import build
from generator.cli import main
from generator.commands.importing import check, import_budget, import_households
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
    """A figure as the portal prints it (`9.969.600.000`; `–`, or `–(chưa công bố)` in a column
    left blank in every row, for none) or as the CSV holds it."""
    text = text.strip().strip("*")
    return None if text in ("", "–", "–(chưa công bố)") else int(text.replace(".", ""))


def sheet_rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    """The data rows of a sheet, read straight from the file: what staff see in Excel."""
    rows = list(load_workbook(path, data_only=True)[sheet].iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] in ("Mã số", "STT", "A"))
    if rows[header][0] == "STT":  # the column-number row "A B 1 2" below the header, if any
        header = next((i for i in range(header, header + 3) if rows[i][0] == "A"), header)
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


def _rows(table: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows as YAML reads them or the importer made them: column numbers as text."""
    return [
        {**row, "values": {str(k): v for k, v in row.get("values", {}).items()}}
        for row in table["rows"]
    ]


def test_the_demo_budget_spreadsheet_imports_to_the_demo_yaml():
    imported = import_budget(BUDGET_XLSX, "bang.xlsx")
    assert imported.diagnostics == []
    assert (imported.data["year"], imported.data["phase"]) == (2024, "quyet-toan")
    expected = demo("content/ngan-sach/2024-quyet-toan.yaml")
    assert [t["form"] for t in imported.data["tables"]] == [t["form"] for t in expected["tables"]]
    for read, written in zip(imported.data["tables"], expected["tables"], strict=True):
        assert read["unit"] == "đồng"
        assert _rows(read) == _rows(written)


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
        "--published", "2025-08-05",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "content/ngan-sach/2024-quyet-toan.yaml"
    built = build(project, as_of=AS_OF)
    assert built.published, built.diagnostics

    html = (project.site_dir / "ngan-sach/2024/quyet-toan/index.html").read_text(encoding="utf-8")
    tables = BeautifulSoup(html, "html.parser").select(".ck-budget table.ck-form")
    open_data = list(
        csv.DictReader(
            io.StringIO((project.site_dir / "du-lieu/ngan-sach.figure.csv").read_text("utf-8-sig"))
        )
    )
    for position, (table, sheet) in enumerate(zip(tables, ("Thu", "Chi"), strict=True)):
        rows = sheet_rows(BUDGET_XLSX, sheet)
        page = [
            [tr.select_one(".ck-form__code").get_text(strip=True)]
            + [tr.select_one(".ck-form__name").get_text(strip=True)]
            + [td.get_text(strip=True) for td in tr.select("td[data-col]")]
            for tr in table.select("tbody tr")
        ]
        assert len(page) == len(rows)
        for cells, row in zip(page, rows, strict=True):
            assert cells[0] == (row[0] or "")
            assert cells[1] == row[1]
            for shown, value in zip(cells[2:], row[2:], strict=True):
                if isinstance(value, float):
                    assert float(shown.replace(".", "").replace(",", ".")) == value
                else:
                    assert number(shown) == value
        exported = [r for r in open_data if r["table_position"] == f"tables[{position}]"]
        figures = [v for row in rows for v in row[2:] if v is not None]
        assert len(exported) == len(figures)
        assert [float(r["value"]) for r in exported] == figures


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


def test_headers_are_found_below_a_title_block(tmp_path):
    path = workbook(
        tmp_path / "bang.xlsx",
        {
            "Chi ngân sách": [
                ["UBND XÃ A"],
                ["DỰ TOÁN CHI NGÂN SÁCH XÃ NĂM 2025"],
                [None, None, "Đơn vị tính: triệu đồng"],
                ["MÃ SỐ", "NỘI DUNG CHI", "DỰ TOÁN NĂM 2025", "THỰC HIỆN", "GHI CHÚ"],
                ["I", "Chi thường xuyên", 100, 90.5, None],
                ["1", "Chi sự nghiệp giáo dục", 100, 90.5, "đủ"],
            ]
        },
    )
    imported = import_budget(path, "bang.xlsx")
    assert imported.diagnostics == []
    (table,) = imported.data["tables"]
    assert (table["kind"], table["unit"]) == ("chi", "triệu đồng")
    assert [c["label"] for c in table["columns"]] == ["DỰ TOÁN NĂM 2025", "THỰC HIỆN", "GHI CHÚ"]
    assert [c.get("kind", "money") for c in table["columns"]] == ["money", "money", "text"]
    assert table["rows"] == [
        {"code": "I", "name": "Chi thường xuyên", "level": 1, "values": {"1": 100, "2": 90.5}},
        {
            "code": "1",
            "name": "Chi sự nghiệp giáo dục",
            "level": 2,
            "values": {"1": 100, "2": 90.5, "3": "đủ"},
        },
    ]


def test_budget_codes_nest_by_their_form(tmp_path):
    header = [["Đơn vị: đồng"], ["STT", "Nội dung", "Dự toán"]]
    rows = [
        [None, "Tổng số", 65], ["A", "Thu ngân sách", 60], ["I", "Thu 100%", 60], ["1", "Phí", 60],
        ["1.1", "Phí A", 20], ["1.2", "Phí B", 40], ["a", "Phí B1", 40], ["-", "Trong nhóm B1", 40],
        [None, "Dòng xã thêm", 0], ["II", "Thu khác", 0], ["B", "Mục khác", 5],
    ]  # fmt: skip
    imported = import_budget(workbook(tmp_path / "thu.xlsx", {"Thu": [*header, *rows]}), "thu")
    assert imported.diagnostics == []
    levels = [(r.get("code"), r["level"]) for r in imported.data["tables"][0]["rows"]]
    assert levels == [
        (None, 0), ("A", 1), ("I", 2), ("1", 3), ("1.1", 4), ("1.2", 4), ("a", 5), ("-", 6),
        (None, 6), ("II", 2), ("B", 1),
    ]  # fmt: skip


# ------------------------------------------------------------------ mistakes


def import_cli(project_root: Path, kind: str, path: Path, *args: str):
    return run("import", kind, str(path), "-p", str(project_root), *args)


def test_a_bad_number_is_reported_at_its_cell_and_nothing_is_written(tmp_path):
    path = workbook(
        tmp_path / "du-toan.xlsx",
        {
            "Thu": [
                ["Đơn vị: đồng"],
                ["Mã số", "Nội dung", "Dự toán"],
                ["1", "Phí, lệ phí", "12,5 triệu"],
                ["2", "Thu khác", "1.25.0"],
                ["3", "Lệ phí", True],
                ["4", "Phí khác", "9" * 5000],
            ]
        },
    )
    result = import_cli(tmp_path, "ngan-sach", path, "--year", "2025", "--phase", "du-toan")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "du-toan.xlsx[Thu]:3:3: CK153 lỗi: Dự toán: ô C3: “12,5 triệu” không phải số" in lines
    assert "du-toan.xlsx[Thu]:4:3: CK153 lỗi: Dự toán: ô C4: “1.25.0” không phải số" in lines
    assert (
        "du-toan.xlsx[Thu]:5:3: CK153 lỗi: Dự toán: ô C5: là giá trị đúng/sai, không phải số"
        in lines
    )
    # Thousands of digits (a key held down) are a figure too long to be one, not a crash.
    assert (
        "du-toan.xlsx[Thu]:6:3: CK153 lỗi: Dự toán: ô C6: có 5000 chữ số, quá dài cho một số "
        "liệu ngân sách" in lines
    )
    assert any(line.strip().startswith("cách sửa: Ghi số (dấu chấm") for line in lines)
    assert not (tmp_path / "content").exists()


def test_figures_typed_as_text_are_read_either_way_signed_and_nil(tmp_path):
    path = workbook(
        tmp_path / "thu.xlsx",
        {
            "Thu": [
                ["Đơn vị: đồng"],
                ["Mã số", "Nội dung", "Dự toán", "So sánh (%)"],
                ["1", "Phí", "1.250.000", "189.26"],
                ["2", "Thuế", "2,000,000", "139,01"],
                ["3", "Giảm", "-500.000.000", "-"],
                ["4", "Âm kế toán", "(1.234)", None],
                ["5", "Phần lẻ", "1.234.567,5", "100"],
            ]
        },
    )
    imported = import_budget(path, "thu.xlsx")
    assert imported.diagnostics == []
    values = [row["values"] for row in imported.data["tables"][0]["rows"]]
    assert values == [
        {"1": 1_250_000, "2": 189.26},
        {"1": 2_000_000, "2": 139.01},
        {"1": -500_000_000, "2": "-"},
        {"1": -1234},
        {"1": 1_234_567.5, "2": 100},
    ]


def test_a_wrong_total_is_a_warning_at_the_total_cell_and_the_file_is_written(tmp_path):
    path = workbook(
        tmp_path / "thu.xlsx",
        {
            "Thu": [
                ["Đơn vị: đồng"],
                ["Mã số", "Nội dung", "Dự toán"],
                [None, "Tổng thu", 310],
                ["I", "Thu 100%", 300],
                ["1", "Phí", 100],
                ["2", "Thuế", 150],
            ]
        },
    )
    result = import_cli(tmp_path, "ngan-sach", path)
    assert result.exit_code == 0
    assert (
        "thu.xlsx[Thu]:3:3: CK206 cảnh báo: ô C3: dòng “Tổng thu”, cột 1 (Dự toán): ghi 310 đồng "
        "nhưng cộng các dòng con được 300 đồng (chênh lệch 10 đồng)" in result.output
    )
    assert "thu.xlsx[Thu]:4:3: CK206 cảnh báo: ô C4: dòng I (Thu 100%)" in result.output
    assert (tmp_path / result.stdout.strip()).is_file()


def test_malformed_codes_and_rows_without_a_name_are_reported(tmp_path):
    path = workbook(
        tmp_path / "thu.xlsx",
        {
            "Thu": [
                ["Đơn vị: đồng"],
                ["Mã số", "Nội dung", "Dự toán"],
                ["1", "Phí", 10],
                ["1a", "Dòng lạ", 5],
                ["3", None, 5],
            ]
        },
    )
    imported = import_budget(path, "thu.xlsx")
    found = [(d.code, d.line, d.column) for d in imported.diagnostics]
    assert found == [("CK154", 4, 1), ("CK155", 5, 2)]
    assert "“1a” không đúng dạng" in imported.diagnostics[0].message


def test_a_missing_column_is_named_in_vietnamese(tmp_path):
    path = workbook(
        tmp_path / "thu.xlsx", {"Thu": [["Mã số", "Tên khoản", "Dự toán"], ["1", "Phí", 1]]}
    )
    imported = import_budget(path, "thu.xlsx")
    assert [d.code for d in imported.diagnostics] == ["CK152"]
    assert "“STT” và “Nội dung”" in imported.diagnostics[0].message
    assert "“Nội dung”" in imported.diagnostics[0].hint


def test_a_formula_never_computed_is_reported(tmp_path):
    # openpyxl saves formulas without their results, as a file generated by a program would be.
    path = workbook(
        tmp_path / "thu.xlsx",
        {
            "Thu": [
                ["Đơn vị: đồng"],
                ["Mã số", "Nội dung", "Dự toán"],
                [None, "Tổng thu", "=SUM(C4:C4)"],
                ["1", "Phí", 5],
            ]
        },
    )
    imported = import_budget(path, "thu.xlsx")
    assert [(d.code, d.line, d.column) for d in imported.diagnostics] == [("CK156", 3, 3)]


def test_a_table_whose_title_does_not_say_its_kind_can_be_named(tmp_path):
    rows = [["Đơn vị: đồng"], ["Mã số", "Nội dung", "Dự toán"], ["1", "Phí", 1]]
    path = workbook(tmp_path / "bang.xlsx", {"Sheet1": rows, "Ghi chú": [["Lập biểu: Kế toán"]]})
    plain = import_budget(path, "bang.xlsx")
    assert plain.diagnostics == [] and plain.data["tables"][0]["kind"] == "khac"
    assert any("Ghi chú" in note for note in plain.notes)
    chosen = import_budget(path, "bang.xlsx", table="chi")
    assert chosen.data["tables"][0]["kind"] == "chi"


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
    assert "117/CK TC-NSNN" in target.read_text(encoding="utf-8")


def test_the_unit_stated_in_the_sheet_is_used_and_checked(tmp_path):
    rows = [
        ["UBND xã Đông Hòa"],
        ["Đơn vị: 1000 đồng"],
        ["Mã số", "Nội dung", "Dự toán"],
        ["1", "Phí", 120],
    ]
    path = workbook(tmp_path / "thu.xlsx", {"Thu": rows})
    assert import_budget(path, "thu.xlsx").data["tables"][0]["unit"] == "1000 đồng"
    wrong = import_budget(path, "thu.xlsx", unit="đồng")
    assert [(d.code, d.line, d.column) for d in wrong.diagnostics] == [("CK159", 2, 1)]
    assert "1000 đồng" in wrong.diagnostics[0].message

    header = workbook(
        tmp_path / "chi.xlsx",
        {"Chi": [["Mã số", "Nội dung", "Dự toán (nghìn đồng)"], ["1", "Chi lương", 5]]},
    )
    assert import_budget(header, "chi.xlsx").data["tables"][0]["unit"] == "nghìn đồng"
    unknown = workbook(tmp_path / "x.xlsx", {"Thu": [["Đơn vị: USD"], *rows[2:]]})
    assert [d.code for d in import_budget(unknown, "x.xlsx").diagnostics] == ["CK122"]
    unstated = workbook(tmp_path / "y.xlsx", {"Thu": [["UBND xã Đông Hòa"], *rows[2:]]})
    assert [d.code for d in import_budget(unstated, "y.xlsx").diagnostics] == ["CK122"]
    assert import_budget(unstated, "y.xlsx", unit="triệu đồng").diagnostics == []


def test_a_csv_form_with_comma_thousands_imports(tmp_path):
    path = tmp_path / "chi-6-thang.csv"
    path.write_text(
        "BIỂU SỐ 115/CK TC-NSNN\n"
        "THỰC HIỆN CHI NGÂN SÁCH XÃ 6 THÁNG ĐẦU NĂM 2025\n"
        "Đơn vị: 1000 đồng\n"
        "STT,NỘI DUNG,DỰ TOÁN NĂM,THỰC HIỆN 6 THÁNG,SO SÁNH (%)\n"
        "A,B,1,2,3=2/1\n"
        ',TỔNG CHI,"1,200,000","600,000",50\n'
        'I,Chi thường xuyên,"1,200,000","600,000",50\n',
        encoding="utf-8-sig",
    )
    imported = import_budget(path, "chi-6-thang.csv")
    assert imported.diagnostics == []
    assert (imported.data["year"], imported.data["phase"]) == (2025, "6-thang")
    (table,) = imported.data["tables"]
    assert table["form"] == "115/CK TC-NSNN"
    assert table["columns"][2] == {
        "key": "3", "label": "SO SÁNH (%)", "formula": "2/1", "measure": "so-sanh", "kind": "percent",
    }  # fmt: skip
    assert [r["values"] for r in table["rows"]] == [{"1": 1_200_000, "2": 600_000, "3": 50}] * 2


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
    # the revenue table it did not read must survive it, untouched.
    expenditure = workbook(
        tmp_path / "chi.xlsx",
        {"Chi": [[c for c in row] for row in load_workbook(BUDGET_XLSX, data_only=True)["Chi"]
                 .iter_rows(values_only=True)]},
    )  # fmt: skip
    again = import_cli(tmp_path, "ngan-sach", expenditure, *args, "--force")
    assert again.exit_code == 0, again.output
    tables = yaml.safe_load(target.read_text(encoding="utf-8"))["tables"]
    earlier = yaml.safe_load(before)["tables"]
    assert len(earlier) == 2 and len(tables) == 2
    revenue = [t for t in earlier if "thu" in t["title"].lower().split()[0:3]]
    assert revenue and all(table in tables for table in revenue)


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


# ------------------------------------------------------------------ forms as clerks keep them


def final_accounts_2017(path: Path, *, total_percent: Any, total_format: str | None) -> Path:
    """Form 117 and 118 as a commune's final accounts workbook: title block, "ĐVT" line, the
    column-number row, a "Ghi chú" line and the signature block under the table; on the
    spending sheet a blank row before "Kết dư ngân sách", which has no STT."""
    book = Workbook()
    thu = book.active
    thu.title = "Thu"
    thu["A1"], thu["E1"] = "UBND XÃ SƠN VIÊN", "Biểu số 117/CK TC-NSNN"
    thu.merge_cells("A3:E3")
    thu["A3"] = "QUYẾT TOÁN THU NGÂN SÁCH XÃ NĂM 2017"
    thu.merge_cells("A4:E4")
    thu["A4"] = "(Quyết toán đã được Hội đồng nhân dân xã phê chuẩn)"
    thu["D5"] = "ĐVT: 1.000 đồng"
    for row in (
        ["STT", "CHỈ TIÊU", "DỰ TOÁN NĂM 2017", "QUYẾT TOÁN NĂM 2017", "SO SÁNH (%)"],
        ["A", "B", "1", "2", "3=2/1"],
        [None, "TỔNG THU NGÂN SÁCH XÃ", 6_353_200, 12_023_803, total_percent],
        ["I", "Thu cân đối ngân sách", 1_253_200, 2_123_803, "169,47%"],
        ["II", "Thu bổ sung từ ngân sách cấp trên", 5_100_000, 9_900_000, 1.9412],
    ):
        thu.append(row)
    if total_format is not None:
        thu["E8"].number_format = total_format
    thu["E10"].number_format = "0.00%"
    thu.append([])
    thu.append([None, "Ghi chú: Số liệu theo Nghị quyết số 05/NQ-HĐND ngày 10/7/2018"])
    thu.append([])
    thu.append([None, None, None, "Sơn Viên, ngày 11 tháng 7 năm 2018"])
    thu.append([None, "NGƯỜI LẬP BIỂU", None, "TM. ỦY BAN NHÂN DÂN"])
    thu.append([None, None, None, "KT. CHỦ TỊCH"])
    thu.append([None, None, None, "PHÓ CHỦ TỊCH"])
    thu.append([])
    thu.append([None, "Lê Thị Hoa", None, "Nguyễn Văn Bình"])

    chi = book.create_sheet("Chi")
    chi["E1"] = "Biểu số 118/CK TC-NSNN"
    chi.merge_cells("A3:E3")
    chi["A3"] = "QUYẾT TOÁN CHI NGÂN SÁCH XÃ NĂM 2017"
    chi["D4"] = "Đơn vị tính: Nghìn đồng"
    for row in (
        ["STT", "NỘI DUNG", "DỰ TOÁN", "QUYẾT TOÁN", "SO SÁNH (%)"],
        ["A", "B", "1", "2", "3=2/1"],
        [None, "TỔNG CHI NGÂN SÁCH XÃ", 6_353_200, 11_850_000, 186.52],
        ["I", "Chi đầu tư phát triển", 1_000_000, 6_200_000, 620],
        ["II", "Chi thường xuyên", 5_353_200, 5_650_000, 105.54],
        ["1", "Chi quản lý nhà nước, Đảng, đoàn thể", 3_500_000, 3_700_000, 105.71],
        ["2", "Chi sự nghiệp giáo dục", 1_853_200, 1_950_000, 105.22],
        [],
        [None, "Kết dư ngân sách", None, 173_803, None],
        [],
        [None, "KẾ TOÁN", None, "CHỦ TỊCH"],
    ):
        chi.append(row)
    book.save(path)
    return path


def test_a_percentage_formatted_cell_is_read_as_excel_shows_it(tmp_path):
    path = final_accounts_2017(tmp_path / "qt.xlsx", total_percent=1.8926, total_format="0.00%")
    imported = import_budget(path, "qt.xlsx")
    assert imported.diagnostics == []
    percents = [row["values"].get("3") for row in imported.data["tables"][0]["rows"]]
    # 1.8926 shown "189,26%"; a text "169,47%"; 1.9412 shown "194,12%".
    assert percents == [189.26, 169.47, 194.12]
    assert check(imported) == []  # 3=2/1 agrees with what the form printed

    # Shown without decimals ("189%"), the form printed 189: that is the figure.
    whole = final_accounts_2017(tmp_path / "qt0.xlsx", total_percent=1.8926, total_format="0%")
    assert import_budget(whole, "qt0.xlsx").data["tables"][0]["rows"][0]["values"]["3"] == 189
    # The same fraction without a percent format is a plain number, kept as typed.
    plain = final_accounts_2017(tmp_path / "qt1.xlsx", total_percent=189.26, total_format=None)
    assert import_budget(plain, "qt1.xlsx").data["tables"][0]["rows"][0]["values"]["3"] == 189.26


def test_the_note_and_signature_block_under_a_form_end_the_table(tmp_path):
    path = final_accounts_2017(tmp_path / "qt.xlsx", total_percent=1.8926, total_format="0.00%")
    result = import_cli(tmp_path, "ngan-sach", path, "--published", "2018-07-11")
    assert result.exit_code == 0, result.output
    assert "CK15" not in result.output and "CK206" not in result.output
    data = yaml.safe_load((tmp_path / result.stdout.strip()).read_text(encoding="utf-8"))
    thu, chi = data["tables"]
    assert [row["name"] for row in thu["rows"]] == [
        "TỔNG THU NGÂN SÁCH XÃ",
        "Thu cân đối ngân sách",
        "Thu bổ sung từ ngân sách cấp trên",
    ]
    assert thu["note"] == "Số liệu theo Nghị quyết số 05/NQ-HĐND ngày 10/7/2018"
    assert [row["name"] for row in chi["rows"]][-1] == "Kết dư ngân sách"
    assert "note" not in chi
    text = (tmp_path / result.stdout.strip()).read_text(encoding="utf-8")
    for signature in ("NGƯỜI LẬP BIỂU", "CHỦ TỊCH", "Nguyễn Văn Bình", "ngày 11 tháng 7"):
        assert signature not in text


def test_a_row_without_a_code_after_a_blank_row_is_not_in_the_group_above(tmp_path):
    path = final_accounts_2017(tmp_path / "qt.xlsx", total_percent=1.8926, total_format="0.00%")
    imported = import_budget(path, "qt.xlsx")
    chi = imported.data["tables"][1]["rows"]
    levels = {row["name"]: row["level"] for row in chi}
    assert levels["Chi thường xuyên"] == 1
    assert levels["Kết dư ngân sách"] == 0  # beside the total, in no group
    # Inside "Chi thường xuyên" it would add 173.803 to 5.650.000 and warn of a wrong total.
    assert [d.code for d in check(imported)] == []


def test_a_row_the_commune_added_sits_where_its_figures_add_up(tmp_path):
    """Form 104: "(xã bổ sung)" follows the "-" lines of item 3 but is part of item I."""
    path = workbook(
        tmp_path / "du-toan.xlsx",
        {
            "Biểu 104": [
                ["UBND XÃ THỌ LỘC", None, None, "Biểu số 104/CK TC-NSNN"],
                ["DỰ TOÁN THU NGÂN SÁCH XÃ NĂM 2025"],
                ["(Dự toán trình Hội đồng nhân dân)"],
                [None, None, None, "Đơn vị: 1000 đồng"],
                ["STT", "NỘI DUNG", "ƯỚC THỰC HIỆN NĂM 2024", "DỰ TOÁN NĂM 2025"],
                ["A", "B", "1", "2"],
                ["I", "Các khoản thu xã hưởng 100%", 1_290_600, 1_100_000],
                ["1", "Phí, lệ phí", 185_300, 160_000],
                ["2", "Thu từ quỹ đất công ích và hoa lợi công sản", 960_300, 850_000],
                ["3", "Thu khác", 100_000, 90_000],
                ["-", "Thu phạt vi phạm hành chính", 60_000, "-"],
                ["-", "Thu khác còn lại", 40_000, 90_000],
                [None, "Thu đóng góp tự nguyện của Nhân dân (xã bổ sung)", 45_000, "-"],
                ["II", "Thu bổ sung từ ngân sách cấp trên", 6_000_000, 6_200_000],
                ["1", "Thu bổ sung cân đối", 5_000_000, 5_000_000],
                ["-", "Bổ sung cân đối ngân sách", 5_000_000, 5_000_000],
                [None, "Bổ sung tiền lương (xã bổ sung)", 1_000_000, 1_200_000],
            ]
        },
    )
    imported = import_budget(path, "du-toan.xlsx")
    assert imported.diagnostics == []
    levels = [(row.get("code"), row["level"]) for row in imported.data["tables"][0]["rows"]]
    assert levels == [
        ("I", 1), ("1", 2), ("2", 2), ("3", 2), ("-", 3), ("-", 3),
        (None, 2),  # beside item 3: item 3's lines already make its 100.000
        ("II", 1), ("1", 2), ("-", 3),
        (None, 2),  # beside 1: 1's line already makes its 5.000.000, II needs it
    ]  # fmt: skip
    assert check(imported) == []


def test_a_two_row_merged_header_needs_no_column_number_row(tmp_path):
    """Form 116 as a province template prints it: groups merged over sub-columns, TT and Nội
    dung merged down over both header rows, no "A B 1 2" row."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Cân đối"
    sheet["A1"] = "Biểu số 116/CK TC-NSNN"
    sheet["A2"] = "CÂN ĐỐI QUYẾT TOÁN NGÂN SÁCH XÃ NĂM 2024"
    sheet["A3"] = "Đơn vị tính: đồng"
    for cells, text in (
        ("A4:A5", "TT"),
        ("B4:B5", "Nội dung"),
        ("C4:C5", "Dự toán năm"),
        ("D4:E4", "Quyết toán năm"),
        ("F4:F5", "So sánh QT/DT (%)"),
    ):
        sheet.merge_cells(cells)
        sheet[cells[:2]] = text
    sheet["D5"], sheet["E5"] = "Tổng số", "Trong đó: NSX hưởng"
    for row in (
        ["A", "TỔNG SỐ THU NGÂN SÁCH XÃ", "12.500.000.000", "13.812.456.789", "13.012.456.789",
         "110,50"],
        ["1", "Thu ngân sách xã hưởng 100%", "1.500.000.000", "1.612.456.789", "1.612.456.789",
         "107,50"],
        ["2", "Thu bổ sung từ ngân sách cấp trên", "11.000.000.000", "12.200.000.000",
         "11.400.000.000", "110,91"],
    ):  # fmt: skip
        sheet.append(row)
    path = tmp_path / "can-doi.xlsx"
    book.save(path)
    imported = import_budget(path, "can-doi.xlsx")
    assert imported.diagnostics == []
    [table] = imported.data["tables"]
    assert [(c.get("group"), c["label"]) for c in table["columns"]] == [
        (None, "Dự toán năm"),
        ("Quyết toán năm", "Tổng số"),
        ("Quyết toán năm", "Trong đó: NSX hưởng"),
        (None, "So sánh QT/DT (%)"),
    ]
    assert [row["code"] for row in table["rows"]] == ["A", "1", "2"]
    assert table["rows"][0]["values"] == {
        "1": 12_500_000_000,
        "2": 13_812_456_789,
        "3": 13_012_456_789,
        "4": 110.5,
    }


def test_the_title_and_row_name_header_read_as_the_form_prints_them(make_project):
    project = make_project({})
    path = final_accounts_2017(project.root / "qt.xlsx", total_percent=1.8926, total_format="0.00%")
    result = import_cli(project.root, "ngan-sach", path, "--published", "2018-07-11")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((project.root / result.stdout.strip()).read_text(encoding="utf-8"))
    assert data["title"] == "Quyết toán ngân sách xã năm 2017"
    assert [t.get("name_label") for t in data["tables"]] == ["CHỈ TIÊU", "NỘI DUNG"]
    built = build(project, as_of=AS_OF)
    assert built.published, built.diagnostics
    html = (project.site_dir / "ngan-sach/2017/quyet-toan/index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    headers = [t.select("thead th")[1].get_text(strip=True) for t in page.select("table.ck-form")]
    assert headers == ["CHỈ TIÊU", "NỘI DUNG"]
    first = page.select_one("table.ck-form tbody tr")
    assert first.select_one('td[data-col="3"]').get_text(strip=True) == "189,26"


def test_a_table_without_a_printed_row_name_header_keeps_noi_dung(make_project):
    project = make_project({})
    path = workbook(
        project.root / "thu.xlsx",
        {"Thu": [["Đơn vị: đồng"], ["Mã số", "Nội dung", "Dự toán"], ["1", "Phí", 100]]},
    )
    result = import_cli(
        project.root, "ngan-sach", path, "--year", "2025", "--phase", "du-toan",
        "--published", "2025-01-05",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (project.root / result.stdout.strip()).read_text(encoding="utf-8")
    assert "name_label" not in text
    assert build(project, as_of=AS_OF).published
    html = (project.site_dir / "ngan-sach/2025/du-toan/index.html").read_text(encoding="utf-8")
    table = BeautifulSoup(html, "html.parser").select_one("table.ck-form")
    assert table.select("thead th")[1].get_text(strip=True) == "Nội dung"


def poor_households_2019(path: Path, total: str, people_total: int, *, after: list[Any]) -> Path:
    """A commune's poor-household list: title block, a "(Kèm theo ...)" line, a header whose
    "Nhân khẩu" group is merged over "Tổng số | Trong đó nữ", a "Cộng" row and the signature
    block in the village column."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Hộ nghèo"
    sheet["A1"], sheet["E1"] = "UBND XÃ MỸ THẠNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    sheet.merge_cells("A3:G3")
    sheet["A3"] = "DANH SÁCH HỘ NGHÈO NĂM 2019"
    sheet.merge_cells("A4:G4")
    sheet["A4"] = "(Kèm theo Thông báo số 12/TB-UBND ngày 05/12/2018 của UBND xã Mỹ Thạnh)"
    for cells, text in (
        ("A6:A7", "STT"),
        ("B6:B7", "Họ và tên chủ hộ"),
        ("C6:C7", "Năm sinh"),
        ("D6:D7", "Số CCCD"),
        ("E6:E7", "Ấp"),
        ("F6:G6", "Nhân khẩu"),
    ):
        sheet.merge_cells(cells)
        sheet[cells[:2]] = text
    sheet["F7"], sheet["G7"] = "Tổng số", "Trong đó nữ"
    for row in (
        [1, "Nguyễn Văn Tư", 1958, "083058001234", "Ấp Thạnh Hòa", 3, 2],
        [2, "Lê Thị Bảy", 1962, "083162004321", "Ấp Thạnh Hòa", 1, 1],
        [3, "Trần Văn Út", 1970, "083070009876", "Ấp Thạnh Lợi", 5, 2],
        [None, total, None, None, None, people_total, 5],
        [],
        [None, None, None, None, "Mỹ Thạnh, ngày 05 tháng 12 năm 2018"],
        [None, "NGƯỜI LẬP BIỂU", None, None, "TM. ỦY BAN NHÂN DÂN"],
        [None, None, None, None, "CHỦ TỊCH"],
        [],
        [None, "Võ Thị Mai", None, None, "Nguyễn Văn Hai"],
        *after,
    ):
        sheet.append(row)
    book.save(path)
    return path


HOUSEHOLD_ARGS = (
    "--year", "2019", "--review-kind", "dinh-ky", "--posted-from", "2018-12-05",
    "--posted-to", "2018-12-20", "--published", "2018-12-05", "--place", "Trụ sở các ấp",
)  # fmt: skip


def test_a_household_list_ends_at_its_total_row_and_signature_block(tmp_path):
    path = poor_households_2019(tmp_path / "hn.xlsx", "Cộng: 03 hộ", 9, after=[])
    result = import_cli(tmp_path, "ho-ngheo", path, *HOUSEHOLD_ARGS)
    assert result.exit_code == 0, result.output
    assert "CK1" not in result.output and "CK2" not in result.output
    # The merged group's other sub-column is named among those left out.
    assert "“Năm sinh”, “Số CCCD”, “Nhân khẩu – Trong đó nữ”" in result.output
    data = yaml.safe_load((tmp_path / result.stdout.strip()).read_text(encoding="utf-8"))
    assert [(h["number"], h["head"], h["people"]) for h in data["poor"]] == [
        (1, "Nguyễn Văn Tư", 3),
        (2, "Lê Thị Bảy", 1),
        (3, "Trần Văn Út", 5),
    ]


def test_a_household_total_that_disagrees_is_a_warning_not_a_refusal(tmp_path):
    path = poor_households_2019(tmp_path / "hn.xlsx", "Tổng cộng: 04 hộ", 10, after=[])
    result = import_cli(tmp_path, "ho-ngheo", path, *HOUSEHOLD_ARGS)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        "hn.xlsx[Hộ nghèo]:11:2: CK204 cảnh báo: ô B11: dòng cộng ghi 4 hộ nhưng danh sách có "
        "3 hộ" in lines
    )
    assert (
        "hn.xlsx[Hộ nghèo]:11:6: CK204 cảnh báo: Nhân khẩu: ô F11: dòng cộng ghi 10 nhân khẩu "
        "nhưng cộng các hộ được 9" in lines
    )
    data = yaml.safe_load((tmp_path / result.stdout.strip()).read_text(encoding="utf-8"))
    assert len(data["poor"]) == 3


def test_a_household_left_under_the_signature_block_is_not_lost_silently(tmp_path):
    late = [4, "Phạm Văn Năm", 1980, None, "Ấp Thạnh Lợi", 2, 1]
    path = poor_households_2019(tmp_path / "hn.xlsx", "Cộng: 03 hộ", 9, after=[late])
    result = import_cli(tmp_path, "ho-ngheo", path, *HOUSEHOLD_ARGS)
    assert result.exit_code == 1
    assert (
        "hn.xlsx[Hộ nghèo]:18:2: CK160 lỗi: Họ và tên chủ hộ: ô B18: dòng hộ nằm dưới dòng cộng "
        "hoặc phần ký tên, không được nhập" in result.output
    )
    assert not (tmp_path / "content" / "ho-ngheo").exists()


def test_a_household_without_its_number_gets_a_hint_about_the_number(tmp_path):
    path = workbook(
        tmp_path / "hn.xlsx",
        {
            "Hộ nghèo": [
                ["STT", "Họ và tên chủ hộ", "Ấp"],
                [1, "Nguyễn Văn Tư", "Ấp Thạnh Hòa"],
                [None, "Lê Thị Bảy", "Ấp Thạnh Hòa"],
            ]
        },
    )
    imported = import_households(path, "hn.xlsx", year=2019)
    [problem] = imported.diagnostics
    assert (problem.code, problem.line, problem.column) == ("CK153", 3, 1)
    assert "số thứ tự" in problem.hint and "tiền" not in problem.hint
