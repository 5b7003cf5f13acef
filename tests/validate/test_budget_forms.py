"""Budget forms as communes publish them: each Circular 343 form (103–120) and a 2026 quarterly
report, made as clerks' workbooks, imports with `congkhai import`, builds with the real pipeline,
and shows every figure of the original in its row and column with the unit; official figures
that do not add up publish with a warning; an amendment's reduction publishes as a reduction."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import budget_workbooks as books
import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner
from fixtures import AS_OF, REPO

from generator.build import build
from generator.cli import main

PUBLISHED = {2024: "2025-07-30", 2025: "2025-07-20", 2026: "2026-10-10"}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def printed(value: object) -> str:
    """How the form prints a cell: dotted thousands, decimal comma, `-` for nil, blank empty."""
    if value is None:
        return ""
    if value == "-" or isinstance(value, str):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}".replace(".", ",").rstrip("0").rstrip(",")
    whole = int(value)  # type: ignore[call-overload]
    return ("-" if whole < 0 else "") + f"{abs(whole):,}".replace(",", ".")


def form_table(html: str, title: str) -> tuple[Tag, str]:
    """The table printed under the heading `title`, and the unit line above it."""
    soup = BeautifulSoup(html, "html.parser")
    heading = next(h for h in soup.select("article h2") if h.get_text(strip=True) == title)
    table = heading.find_next("table", class_="ck-form")
    unit = heading.find_next("p", class_="ck-form__unit")
    assert isinstance(table, Tag) and isinstance(unit, Tag)
    return table, unit.get_text(" ", strip=True)


@pytest.fixture(scope="module")
def imported_forms(tmp_path_factory) -> tuple[Path, list[tuple[books.Spec, Path]]]:
    """Every form's workbook imported, one `congkhai import` each, into one project and built."""
    from fixtures import REPO, SITE_YAML

    root = tmp_path_factory.mktemp("forms") / "xa"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "theme", root / "theme")
    (root / "site_config").mkdir()
    (root / "site_config/site.yaml").write_text(SITE_YAML, encoding="utf-8")
    made = []
    folder = tmp_path_factory.mktemp("workbooks")
    for spec in books.SPECS.values():
        path = books.make(spec, folder)
        result = run(
            "import", "ngan-sach", str(path), "-p", str(root),
            "--published", PUBLISHED[spec.year],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        made.append((spec, Path(root / result.stdout.strip())))
    from generator.project import Project

    built = build(Project(root), as_of=AS_OF)
    assert built.published, [d.message for d in built.diagnostics if d.is_error]
    return root, made


@pytest.mark.parametrize("stem", list(books.SPECS))
def test_every_figure_of_the_workbook_is_in_its_row_and_column_with_the_unit(imported_forms, stem):
    root, made = imported_forms
    spec, written = next((s, w) for s, w in made if s.stem == stem)
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert (data["year"], data["phase"]) == (spec.year, spec.phase)
    page = root / "site/ngan-sach" / str(spec.year) / spec.phase / "index.html"
    table, unit = form_table(page.read_text(encoding="utf-8"), spec.title)
    assert unit.startswith(f"Đơn vị: {spec.unit}")
    header = table.select_one("thead").get_text(" ", strip=True)
    for column in spec.columns:
        assert column.label in header
        if column.group:
            group = table.find("th", string=column.group)
            assert group is not None and group.get("colspan")
    numbers = [td.get_text(strip=True) for td in table.select("tr.ck-form__numbers td")]
    assert numbers == ["A", "B"] + [
        f"{c.key}={c.formula}" if c.formula else c.key for c in spec.columns
    ]
    rows = table.select("tbody tr")
    assert len(rows) == len(spec.lines)
    for tr, line in zip(rows, spec.lines, strict=True):
        assert tr.select_one(".ck-form__code").get_text(strip=True) == (line.code or "")
        assert tr.select_one(".ck-form__name").get_text(strip=True) == line.name
        for column in spec.columns:
            cell = tr.select_one(f'td[data-col="{column.key}"]')
            assert cell is not None, (line.name, column.key)
            assert cell.get_text(strip=True) == printed(line.values.get(column.key)), (
                line.name,
                column.key,
            )


def test_thu_and_chi_from_separate_files_end_in_one_report_without_loss(imported_forms):
    _, made = imported_forms
    drafts = [w for s, w in made if s.phase == "du-thao-du-toan"]
    assert len(set(drafts)) == 1
    data = yaml.safe_load(drafts[0].read_text(encoding="utf-8"))
    assert [t["form"] for t in data["tables"]] == [f"{n}/CK TC-NSNN" for n in range(103, 108)]


def test_importing_a_form_again_replaces_only_that_form_and_only_when_forced(
    imported_forms, tmp_path
):
    root, made = imported_forms
    spec, written = next((s, w) for s, w in made if s.stem == "bieu-110")
    before = written.read_text(encoding="utf-8")
    path = books.make(spec, tmp_path)
    refused = run("import", "ngan-sach", str(path), "-p", str(root))
    assert refused.exit_code == 1
    assert "CK158" in refused.output and "110/CK TC-NSNN" in refused.output
    assert written.read_text(encoding="utf-8") == before
    forced = run("import", "ngan-sach", str(path), "-p", str(root), "--force")
    assert forced.exit_code == 0, forced.output
    tables = yaml.safe_load(written.read_text(encoding="utf-8"))["tables"]
    assert [t["form"] for t in tables] == [f"{n}/CK TC-NSNN" for n in range(108, 113)]


def test_the_quarterly_report_charts_cumulative_figures_and_names_the_period(imported_forms):
    root, _ = imported_forms
    spec = books.SPECS["bao-cao-9-thang-2026"]
    html = (root / "site/ngan-sach/2026/9-thang/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    total = spec.lines[0].values
    summary = soup.select_one(".ck-budget__summary").get_text(" ", strip=True)
    # The 9-month cumulative column (3), not the third quarter's own (2), as tỷ/triệu đồng.
    cumulative = total["3"] * 1000 / 1_000_000  # below one tỷ đồng: triệu đồng
    shown = f"{cumulative:.2f}".replace(".", ",").rstrip("0").rstrip(",")
    assert f"thực hiện 9 tháng {shown} triệu đồng" in summary
    figure = soup.select_one("figure").get_text(" ", strip=True)
    assert "Thực hiện 9 tháng" in figure and "thực hiện 9 tháng theo nhóm" in figure


def _project(make_project, files: dict[str, str]):
    project = make_project(files)
    result = build(project, as_of=dt.date(2026, 11, 1))
    return project, result


OFFICIAL_104 = books.SPECS["bieu-104"]


def test_a_real_form_whose_total_does_not_add_up_publishes_with_a_warning(make_project, tmp_path):
    # The form as published on a commune page: the total row states more than its lines hold
    # (the published page shows only part of the lines).
    spec = books.Spec(**{**vars(OFFICIAL_104), "stem": "bieu-104-le"})
    spec.lines = [books.Line(x.code, x.name, x.level, dict(x.values)) for x in OFFICIAL_104.lines]
    spec.formula_cells = set()
    stated = spec.lines[0].values["4"]
    assert isinstance(stated, int)
    spec.lines[0].values["4"] = stated + 12_345
    spec.lines[0].values["6"] = books.compute("4/2", spec.lines[0].values)
    project = make_project({})
    path = books.make(spec, tmp_path)
    result = run(
        "import", "ngan-sach", str(path), "-p", str(project.root), "--published", "2025-07-20"
    )
    assert result.exit_code == 0, result.output
    assert "CK206" in result.output and "chênh lệch 12.345 1000 đồng" in result.output
    built = build(project, as_of=AS_OF)
    assert built.published
    warnings = [d for d in built.diagnostics if d.code == "CK206"]
    assert len(warnings) == 1 and not warnings[0].is_error
    assert "chênh lệch 12.345 1000 đồng" in warnings[0].message
    assert warnings[0].file == "content/ngan-sach/2025-du-thao-du-toan.yaml"
    html = (project.site_dir / "ngan-sach/2025/du-thao-du-toan/index.html").read_text("utf-8")
    table, _ = form_table(html, spec.title)
    total = table.select_one('tbody tr td[data-col="4"]').get_text(strip=True)
    assert total == printed(stated + 12_345)


AMENDMENT = """\
title: Nghị quyết điều chỉnh dự toán ngân sách xã năm 2025 (lần 2)
year: 2025
phase: dieu-chinh
amendment: 2
published: 2025-10-02
approval: {number: "25/NQ-HĐND", date: 2025-09-30, issuer: HĐND xã Thử Nghiệm}
unit: đồng
tables:
  - form: dieu-chinh
    kind: chi
    rows:
      - {name: Tổng chi ngân sách xã, level: 0, values: {1: 9_000_000_000, 2: -200_000_000, 3: 8_800_000_000}}
      - {code: "1", name: Chi sự nghiệp văn hóa, values: [1_500_000_000, -500_000_000, 1_000_000_000]}
      - {code: "2", name: Chi đầu tư xây dựng, values: {1: 7_500_000_000, 2: 300_000_000, 3: 7_800_000_000}}
"""


def test_a_reduction_in_an_amendment_publishes_as_a_reduction(make_project):
    project, result = _project(
        make_project, {"content/ngan-sach/2025-dieu-chinh-2.yaml": AMENDMENT}
    )
    assert result.published, [d.message for d in result.diagnostics if d.is_error]
    assert not [d for d in result.diagnostics if d.code in ("CK206", "CK207")]
    html = (project.site_dir / "ngan-sach/2025/dieu-chinh-2/index.html").read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    row = next(
        tr for tr in soup.select("table.ck-form tbody tr") if "Chi sự nghiệp văn hóa" in tr.text
    )
    cell = row.select_one('td[data-col="2"]')
    assert cell.get_text(strip=True) == "-500.000.000"
    assert "ck-form__negative" in cell["class"]
    assert cell["data-label"] == "Điều chỉnh tăng (+), giảm (-)"
    summary = soup.select_one(".ck-budget__summary").get_text(" ", strip=True)
    assert "Giảm 500.000.000 đồng: Chi sự nghiệp văn hóa" in summary
    assert "Tăng 300.000.000 đồng: Chi đầu tư xây dựng" in summary
    assert "Điều chỉnh dự toán lần 2" in soup.get_text()


def test_an_amendment_summary_lists_a_change_inside_a_group_as_part_of_it(make_project):
    # "Giảm 500 triệu: Chi văn hóa" and "Giảm 500 triệu: Thư viện" would read as a billion.
    text = AMENDMENT.replace(
        '      - {code: "2"',
        '      - {code: "1.1", name: Thư viện, level: 2, values: {2: -500_000_000}}\n'
        '      - {code: "2"',
    )
    project, result = _project(make_project, {"content/ngan-sach/2025-dieu-chinh-2.yaml": text})
    assert result.published
    html = (project.site_dir / "ngan-sach/2025/dieu-chinh-2/index.html").read_text("utf-8")
    summary = BeautifulSoup(html, "html.parser").select_one(".ck-budget__summary")
    lines = [li.get_text(" ", strip=True) for li in summary.select("li")]
    assert (
        "Giảm 500.000.000 đồng: Chi sự nghiệp văn hóa (trong đó thư viện giảm 500.000.000 đồng)."
        in lines
    )
    assert not any(line.startswith("Giảm 500.000.000 đồng: Thư viện") for line in lines)


@pytest.mark.parametrize(
    ("unit", "code"), [("USD", "CK122"), ("nghìn", "CK122"), ("1000 đồng", None)]
)
def test_an_unknown_unit_is_an_error_not_a_guess(make_project, unit, code):
    text = AMENDMENT.replace("unit: đồng", f"unit: {unit}")
    _, result = _project(make_project, {"content/ngan-sach/2025-dieu-chinh-2.yaml": text})
    errors = [d.code for d in result.diagnostics if d.is_error]
    assert errors == ([code] if code else [])
    assert result.published == (code is None)


def test_a_workbook_without_a_unit_line_is_refused(make_project, tmp_path):
    spec = books.Spec(**{**vars(books.SPECS["bieu-110"]), "stem": "khong-don-vi", "unit": ""})
    path = books.make(spec, tmp_path)
    project = make_project({})
    result = run("import", "ngan-sach", str(path), "-p", str(project.root))
    assert result.exit_code == 1
    assert "CK122" in result.output
    assert not (project.root / "content/ngan-sach").exists() or not list(
        (project.root / "content/ngan-sach").iterdir()
    )
    given = run("import", "ngan-sach", str(path), "-p", str(project.root), "--unit", "1000 đồng")
    assert given.exit_code == 0, given.output


PERCENT = """\
title: Tình hình thực hiện dự toán chi ngân sách xã 6 tháng năm 2025
year: 2025
phase: 6-thang
published: 2025-07-20
unit: 1000 đồng
tables:
  - form: 115/CK TC-NSNN
    rows:
      - {code: "1", name: Chi quốc phòng, values: [1_500_000, 1_200_000, 90.5]}
      - {code: "2", name: Chi an ninh, values: [1_000_000, 333_333, 33.33]}
"""


@pytest.mark.parametrize(
    ("unit", "refused"), [("đồng", True), ("1000 đồng", True), ("triệu đồng", False)]
)
def test_an_amount_written_with_a_thousands_dot_is_refused_where_the_form_prints_whole_numbers(
    make_project, unit, refused
):
    # A clerk types 270.983 for two hundred seventy thousand; YAML reads 270,983. Published, the
    # figure would be a thousand times too small.
    text = PERCENT.replace("unit: 1000 đồng", f"unit: {unit}").replace("333_333", "270.983")
    _, result = _project(make_project, {"content/ngan-sach/2025-6-thang.yaml": text})
    errors = [d for d in result.diagnostics if d.is_error]
    assert result.published is not refused
    if refused:
        [d] = errors
        assert (d.code, d.line, d.field) == ("CK104", 10, "tables[0].rows[1].values[1]")
        assert "270,983" in d.message and "270983" in (d.hint or "")


def test_a_percentage_that_disagrees_with_its_formula_is_reported(make_project):
    _, result = _project(make_project, {"content/ngan-sach/2025-6-thang.yaml": PERCENT})
    assert result.published
    found = [d for d in result.diagnostics if d.code == "CK207"]
    assert len(found) == 1 and not found[0].is_error
    assert "3=2/1" in found[0].message and "80,00%" in found[0].message
    assert "Chi quốc phòng" in found[0].message


REAL = REPO / "tests/data/real-budget"


def test_the_budget_figures_of_real_commune_pages_publish(make_project):
    """real-docs 01, 02 and 04 (03 approves final accounts without a figure: nothing to tabulate)."""
    files = {f"content/ngan-sach/{p.name}": p.read_text("utf-8") for p in REAL.glob("*.yaml")}
    project, result = _project(make_project, files)
    assert result.published, [d.message for d in result.diagnostics if d.is_error]
    assert not [d for d in result.diagnostics if d.code in ("CK206", "CK207")]
    # A column the commune left blank in every row says so: "–", not published.
    unpublished = "–(chưa công bố)"
    expected = {
        "2023/dieu-chinh-1": {"1": "270.983.160", "2": "44.016.840", "3": "315.000.000"},
        "2018/6-thang": {"1": unpublished, "2": "12.023.803.259", "3": "189,26"},
        "2024/ca-nam": {"1": unpublished, "2": unpublished, "3": "139,01"},
    }
    for url, cells in expected.items():
        html = (project.site_dir / "ngan-sach" / url / "index.html").read_text("utf-8")
        soup = BeautifulSoup(html, "html.parser")
        row = soup.select_one("table.ck-form tbody tr")
        assert {
            key: row.select_one(f'td[data-col="{key}"]').get_text(strip=True) for key in cells
        } == cells
        assert "Đơn vị: đồng" in soup.select_one(".ck-form__unit").get_text()
    html = (project.site_dir / "ngan-sach/2024/ca-nam/index.html").read_text("utf-8")
    assert "thực hiện hơn 13 tỷ đồng" in html


def test_open_data_carries_every_figure_with_its_column_and_unit(imported_forms):
    import csv
    import io

    root, _ = imported_forms
    text = (root / "site/du-lieu/ngan-sach.figure.csv").read_text("utf-8-sig")
    figures = list(csv.DictReader(io.StringIO(text)))
    manifest = (root / "site/api/manifest.json").read_text("utf-8")
    assert "du-lieu/ngan-sach.figure.csv" in manifest
    for spec in books.SPECS.values():
        mine = [
            f for f in figures if (f["form"], f["table_title"]) == (spec.form or "", spec.title)
        ]
        expected = [
            (line.name, column.key, value)
            for line in spec.lines
            for column in spec.columns
            if (value := line.values.get(column.key)) is not None
        ]
        assert len(mine) == len(expected), spec.stem
        for figure, (name, key, value) in zip(mine, expected, strict=True):
            column = next(c for c in spec.columns if c.key == key)
            assert (figure["row_name"], figure["column_key"]) == (name, key)
            assert figure["column_label"] == column.label
            assert figure["column_group"] == (column.group or "")
            assert figure["unit"] == spec.unit
            if isinstance(value, str):
                assert figure["value"] == value
            else:
                assert float(figure["value"]) == value
            if isinstance(value, int) and not column.formula:
                factor = {"đồng": 1, "1000 đồng": 1000, "triệu đồng": 1_000_000}[spec.unit]
                assert figure["value_in_dong"] == str(value * factor)


def _execution(year: int, executed: int) -> str:
    return f"""\
title: Thực hiện chi ngân sách xã quý IV năm {year}
year: {year}
phase: quy-4
published: {year + 1}-01-10
unit: 1000 đồng
tables:
  - form: 115/CK TC-NSNN
    rows:
      - {{name: Tổng chi, level: 0, values: {{1: 8_000_000, 2: {executed}}}}}
      - {{code: I, name: Chi thường xuyên, values: {{1: 6_000_000, 2: {executed - 1_500_000}}}}}
      - {{code: II, name: Chi đầu tư phát triển, values: {{1: 2_000_000, 2: 1_500_000}}}}
"""


def test_the_summary_compares_with_the_same_report_of_the_previous_year(make_project):
    files = {
        "content/ngan-sach/2024-quy-4.yaml": _execution(2024, 7_200_000),
        "content/ngan-sach/2025-quy-4.yaml": _execution(2025, 7_560_000),
    }
    project, result = _project(make_project, files)
    assert result.published
    html = (project.site_dir / "ngan-sach/2025/quy-4/index.html").read_text("utf-8")
    summary = BeautifulSoup(html, "html.parser").select_one(".ck-budget__summary").get_text(" ")
    summary = " ".join(summary.split())
    # 7.560.000 thousand đồng = 7,56 tỷ; 94,5% of 8 tỷ; 5% more than 7,2 tỷ a year before.
    assert (
        "Tổng chi ngân sách xã: dự toán 8 tỷ đồng; thực hiện 7,56 tỷ đồng, đạt 94,5% dự toán."
        in summary
    )
    assert "Cùng kỳ năm 2024: 7,2 tỷ đồng; năm nay tăng 5,0%." in summary
    assert (
        "Các khoản lớn nhất: Chi thường xuyên (6,06 tỷ đồng), chi đầu tư phát triển (1,5 tỷ đồng)."
        in summary
    )
    first = (project.site_dir / "ngan-sach/2024/quy-4/index.html").read_text("utf-8")
    assert "Cùng kỳ" not in first


def test_several_forms_in_one_workbook_become_one_report(make_project, tmp_path):
    specs = [books.SPECS[f"bieu-{n}"] for n in (113, 114, 115)]
    path = books.make_many(specs, tmp_path / "bao-cao-6-thang.xlsx")
    project = make_project({})
    result = run(
        "import", "ngan-sach", str(path), "-p", str(project.root), "--published", "2025-07-20"
    )
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((project.root / result.stdout.strip()).read_text("utf-8"))
    assert (data["year"], data["phase"]) == (2025, "6-thang")
    assert [(t["form"], t["unit"]) for t in data["tables"]] == [
        (spec.form, spec.unit) for spec in specs
    ]
    assert [len(t["rows"]) for t in data["tables"]] == [len(spec.lines) for spec in specs]


def test_groups_left_blank_on_the_form_are_summed_from_their_lines(imported_forms):
    root, _ = imported_forms
    spec = books.SPECS["bieu-104"]
    html = (root / "site/ngan-sach/2025/du-thao-du-toan/index.html").read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    heading = next(h for h in soup.select("article h2") if h.get_text(strip=True) == spec.title)
    summary = " ".join(heading.find_next("div", class_="ck-budget__summary").get_text().split())
    # Column 4 (the next year's estimate, commune's share): groups I, II, III print no figure.
    groups: dict[str, int] = {}
    current = ""
    for line in spec.lines:
        if line.level == 1:
            current = line.name
            assert line.values.get("4") is None or line.code is None
        elif line.level >= 2 and current and isinstance(line.values.get("4"), int):
            if line.level == 2 and any(
                other.level == 3 for other in spec.lines[spec.lines.index(line) + 1 :][:1]
            ):
                continue  # a parent of "-" lines: its figure is theirs
            groups[current] = groups.get(current, 0) + line.values["4"]
    largest = max(groups, key=lambda name: groups[name])
    # A draft estimate is set beside the current year's estimated outturn (column 2).
    assert "ước thực hiện năm 2024 " in summary
    assert summary.split("Các khoản lớn nhất: ")[1].startswith(largest)
    figure = heading.find_next("figure")
    assert figure is not None and largest in figure.get_text()


def test_two_amendments_in_one_year_each_have_their_page(make_project):
    second = AMENDMENT.replace("amendment: 2", "amendment: 1").replace("(lần 2)", "(lần 1)")
    files = {
        "content/ngan-sach/2025-dieu-chinh-1.yaml": second.replace("2025-10-02", "2025-06-02")
        .replace("2025-09-30", "2025-05-30")
        .replace("25/NQ-HĐND", "12/NQ-HĐND"),
        "content/ngan-sach/2025-dieu-chinh-2.yaml": AMENDMENT,
    }
    project, result = _project(make_project, files)
    assert result.published, [d.message for d in result.diagnostics if d.is_error]
    for number in (1, 2):
        html = (project.site_dir / f"ngan-sach/2025/dieu-chinh-{number}/index.html").read_text(
            "utf-8"
        )
        assert f"Điều chỉnh dự toán lần {number}" in html


def test_an_amendment_workbook_imports_with_its_number_and_its_reduction(make_project, tmp_path):
    columns = [
        books.Col("1", "Dự toán đã giao"),
        books.Col("2", "Điều chỉnh tăng (+), giảm (-)"),
        books.Col("3", "Dự toán sau điều chỉnh", None, "1+2"),
    ]
    lines = [
        books.Line(None, "TỔNG CHI", 0, {"1": 9_000_000_000, "2": 0, "3": 9_000_000_000}),
        books.Line("I", "Chi đầu tư phát triển", 1, {"1": 2_000_000_000, "2": 500_000_000}),
        books.Line("II", "Chi thường xuyên", 1, {"1": 7_000_000_000, "2": -500_000_000}),
    ]
    for line in lines[1:]:
        line.values["3"] = books.compute("1+2", line.values)
    spec = books.Spec(
        "dieu-chinh-lan-2",
        None,
        "ĐIỀU CHỈNH DỰ TOÁN CHI NGÂN SÁCH XÃ NĂM 2025 (LẦN 2)",
        "(Kèm theo Nghị quyết số 25/NQ-HĐND ngày 30/9/2025)",
        "đồng",
        columns,
        lines,
        2025,
        "dieu-chinh",
        text_cells={(2, "2"): "-500.000.000"},
    )
    project = make_project({})
    result = run(
        "import", "ngan-sach", str(books.make(spec, tmp_path)), "-p", str(project.root),
        "--published", "2025-10-02",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "content/ngan-sach/2025-dieu-chinh-2.yaml"
    built = build(project, as_of=AS_OF)
    assert built.published, [d.message for d in built.diagnostics if d.is_error]
    html = (project.site_dir / "ngan-sach/2025/dieu-chinh-2/index.html").read_text("utf-8")
    table, unit = form_table(html, spec.title)
    assert unit.startswith("Đơn vị: đồng")
    row = table.select("tbody tr")[2]
    assert row.select_one('td[data-col="2"]').get_text(strip=True) == "-500.000.000"
    assert row.select_one('td[data-col="3"]').get_text(strip=True) == "6.500.000.000"
    assert "Giảm 500.000.000 đồng: Chi thường xuyên" in html
