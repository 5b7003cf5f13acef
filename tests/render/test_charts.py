"""Charts on the built pages: inline SVG that names itself in Vietnamese, shows the source data's
numbers written the Vietnamese way, fetches and runs nothing, and is byte-identical across builds."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from fixtures import (
    CHART_FILES,
    REPO,
    SITE_YAML,
    chart_budget,
    dedent,
    diagnostics_of,
    scaffold,
)

from generator.build import build
from generator.project import Project
from generator.render.charts import BLUE, VERMILLION
from generator.render.figures import audit_rule_chart, audit_trend_chart, budget_group_chart
from generator.types.ngan_sach import Budget

AS_OF = dt.date(2025, 12, 1)
SVG = "{http://www.w3.org/2000/svg}"
_CHART = re.compile(r'<svg\b[^>]*class="ck-chart__svg".*?</svg>', re.S)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    root = tmp_path_factory.mktemp("charts")
    scaffold(root)
    (root / "site_config").mkdir()
    (root / "site_config" / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    for name, text in CHART_FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")
    result = build(Project(root), as_of=AS_OF)
    assert result.published, [d.message for d in result.diagnostics if d.is_error]
    return Project(root)


def page_html(project: Project, url: str) -> str:
    return (project.site_dir / url / "index.html").read_text(encoding="utf-8")


def charts(html: str) -> list[ET.Element]:
    """Every chart on a page, parsed as XML: it must have survived Markdown and MkDocs intact."""
    return [ET.fromstring(svg) for svg in _CHART.findall(html)]


def texts(svg: ET.Element) -> list[str]:
    """The chart's visible words, a wrapped label joined back into one line."""
    return [" ".join(" ".join(t.itertext()).split()) for t in svg.iter(f"{SVG}text")]


def named(svg: ET.Element) -> tuple[str, str]:
    """The accessible name and description the SVG gives itself, as aria-labelledby and
    aria-describedby point at its <title> and <desc>."""
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby"), svg.get("aria-describedby")
    by_id = {e.get("id"): "".join(e.itertext()) for e in svg.iter() if e.get("id")}
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title is not None and title.get("id") == title_id
    assert desc is not None and desc.get("id") == desc_id
    return by_id[title_id], by_id[desc_id]


def bar_widths(svg: ET.Element, colour: str) -> list[float]:
    """Widths of the bars of one colour, top to bottom (the legend's 12 px swatches left out)."""
    bars = [
        (float(rect.get("y")), float(rect.get("width")))
        for rect in svg.iter(f"{SVG}rect")
        if rect.get("fill") == colour and rect.get("height") != "12"
    ]
    return [width for _, width in sorted(bars)]


def approx(value: float):
    """Drawn sizes are written to a tenth of a pixel."""
    return pytest.approx(value, rel=2e-3)


def test_report_page_draws_estimate_against_execution_by_group(project):
    html = page_html(project, "ngan-sach/2025/6-thang")
    page = BeautifulSoup(html, "html.parser")
    revenue, expenditure = charts(html)
    title, description = named(revenue)
    captions = [
        f.select_one("figcaption strong").get_text() for f in page.select("figure.ck-chart")
    ]
    assert captions == [title, named(expenditure)[0]]
    # A 6-month report says so: its figures are not the year's.
    assert title == "Thu ngân sách xã năm 2025: dự toán và thực hiện 6 tháng theo nhóm"
    assert (
        "Tổng thu: dự toán 1.200,0 triệu đồng, thực hiện 6 tháng 560,0 triệu đồng (46,7%)"
        in description
    )
    words = texts(revenue)
    assert "I. Thu xã hưởng 100%" in words
    assert "II. Thu <b>khác</b> & phí" in words  # the name is text, never markup
    assert {"500,0", "250,0", "700,0", "310,0"} <= set(words)
    # Bar lengths follow the source data: estimates 500 and 700, execution 250 and 310.
    estimate = bar_widths(revenue, BLUE)
    actual = bar_widths(revenue, VERMILLION)
    assert estimate[1] / estimate[0] == approx(700 / 500)
    assert actual[0] / estimate[0] == approx(250 / 500)
    assert actual[1] / estimate[0] == approx(310 / 500)
    assert not revenue.findall(f".//{SVG}b")


def test_estimate_page_draws_the_estimate_alone(project):
    (revenue, _) = charts(page_html(project, "ngan-sach/2025/du-toan"))
    title, description = named(revenue)
    assert title == "Thu ngân sách xã năm 2025: dự toán theo nhóm"
    assert "thực hiện" not in description
    assert bar_widths(revenue, VERMILLION) == []


def test_year_page_shows_cumulative_execution_by_quarter(project):
    html = page_html(project, "ngan-sach/2025")
    quarters = charts(html)[0]
    title, description = named(quarters)
    assert title == "Thu, chi ngân sách xã năm 2025 lũy kế đến hết từng quý, so với dự toán"
    # Q1: 300 of 1.200 collected, 240 of 1.200 spent; 6 months: 560 and 600 of 1.200.
    assert "Quý I: thu đạt 25,0%, chi đạt 20,0% dự toán." in description
    assert "Quý II: thu đạt 46,7%, chi đạt 50,0% dự toán." in description
    assert {"Quý I", "Quý II", "25%", "20%", "47%", "50%"} <= set(texts(quarters))
    table = BeautifulSoup(html, "html.parser").select_one("details.ck-chart__data table")
    rows = [
        [td.get_text(strip=True) for td in tr.find_all("td")] for tr in table.select("tbody tr")
    ]
    assert rows[0][0] == "Quý I" and rows[0][2:] == ["25,0%", "20,0%"]
    assert rows[1][1] == "Thực hiện dự toán 6 tháng"
    # The groups of the year's fullest report (6 months) follow, revenue then expenditure.
    assert [named(c)[0].split(":")[0] for c in charts(html)[1:]] == [
        "Thu ngân sách xã năm 2025",
        "Chi ngân sách xã năm 2025",
    ]


def test_type_page_compares_the_years(project):
    html = page_html(project, "ngan-sach")
    revenue, expenditure = charts(html)
    title, description = named(revenue)
    assert title == "Thu ngân sách xã qua các năm: dự toán và thực hiện"
    labels = " ".join(texts(revenue))
    # 2025 has only a part-year report so far: its bar says so, not to be read as a shortfall.
    assert "Năm 2024" in labels and "Năm 2024 (" not in labels
    assert re.search(r"Năm 2025 \(thực hiện mới (quý I+|6 tháng|9 tháng)\)", labels), labels
    assert "Năm 2024: dự toán 1.000,0 triệu đồng, thực hiện 1.010,0 triệu đồng" in description
    assert "(theo quyết toán ngân sách)" in description
    assert "Năm 2025: dự toán 1.200,0 triệu đồng, thực hiện 6 tháng 560,0 triệu đồng" in description
    assert named(expenditure)[0].startswith("Chi ngân sách xã qua các năm")
    estimate = bar_widths(revenue, BLUE)
    assert estimate[1] / estimate[0] == approx(1200 / 1000)


def test_one_year_of_budget_has_no_comparison(make_project):
    one_year = {k: v for k, v in CHART_FILES.items() if "2025" in k and "ngan-sach" in k}
    project = make_project(one_year)
    assert build(project, as_of=AS_OF).published
    html = page_html(project, "ngan-sach")
    assert charts(html) == []
    assert "So sánh các năm" not in html


def test_questions_received_and_answered_on_time_per_quarter(project):
    html = page_html(project, "hoi-dap")
    (chart,) = charts(html)
    title, description = named(chart)
    assert title == "Câu hỏi đã nhận và đã trả lời đúng hạn theo quý"
    # Q1: one answered in 9 working days; Q2: one answered late (April to June), one on time.
    assert "Quý I/2025: nhận 1, trả lời đúng hạn 1." in description
    assert "Quý II/2025: nhận 2, trả lời đúng hạn 1." in description
    assert {"Quý I/2025", "Quý II/2025"} <= set(texts(chart))
    received = bar_widths(chart, BLUE)
    on_time = bar_widths(chart, VERMILLION)
    assert received[1] / received[0] == approx(2)
    assert on_time == [received[0], received[0]]


def test_completeness_page_counts_rules_by_area(project):
    html = page_html(project, "muc-do-cong-khai")
    (chart,) = charts(html)
    title, description = named(chart)
    assert title == "Số quy định đạt, công khai chậm và chưa đạt theo lĩnh vực"
    table = BeautifulSoup(html, "html.parser").select_one("details.ck-chart__data table")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers[:4] == ["Lĩnh vực", "Đạt", "Công khai chậm", "Chưa đạt"]
    words = set(texts(chart))
    for row in table.select("tbody tr"):
        cells = [td.get_text(strip=True) for td in row.find_all("td")]
        area, passed, late, missing = cells[:4]
        assert area in words
        assert f"{area}: đạt {passed}, công khai chậm {late}, chưa đạt {missing}" in description
        assert int(cells[-1]) == sum(int(c) for c in cells[1:-1])
    assert "Ngân sách xã" in words


def test_every_chart_is_self_contained_and_small(project):
    pages = sorted(project.site_dir.rglob("*.html"))
    found = 0
    for path in pages:
        html = path.read_text(encoding="utf-8")
        ids: list[str] = []
        for svg in charts(html):
            found += 1
            markup = ET.tostring(svg, encoding="unicode")
            assert len(markup.encode()) < 30_000, path
            names = {e.tag.removeprefix(SVG) for e in svg.iter()}
            assert not names & {"script", "foreignObject", "image", "use", "a", "style"}, path
            for element in svg.iter():
                for attribute, value in element.attrib.items():
                    assert "href" not in attribute, (path, attribute)
                    assert not attribute.startswith("on"), (path, attribute)
                    assert "://" not in value and "url(" not in value, (path, value)
                if element.get("id"):
                    ids.append(element.get("id"))
        assert len(ids) == len(set(ids)), f"duplicate ids on {path}"
    assert found >= 10


def test_chart_colours_stand_out_from_the_white_background(project):
    def contrast(colour: str) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
        return 1.05 / (luminance + 0.05)

    def painted(element: ET.Element, inherited: dict[str, str], found: list) -> None:
        """Each element with the fill and stroke it is drawn with (SVG inherits both)."""
        own = {k: element.get(k, inherited.get(k, "")) for k in ("fill", "stroke", "stroke-width")}
        found.append((element.tag.removeprefix(SVG), own))
        for child in element:
            painted(child, own, found)

    for url in ("ngan-sach/2025", "hoi-dap", "muc-do-cong-khai"):
        for svg in charts(page_html(project, url)):
            found: list = []
            painted(svg, {}, found)
            # Bars, points and legend swatches; the lines of a line chart (guides are not marks).
            marks = {p["fill"] for tag, p in found if tag in ("rect", "circle", "path")}
            marks -= {"none", "white"}
            marks |= {p["stroke"] for tag, p in found if tag == "path" and p["fill"] == "none"}
            words = {p["fill"] for tag, p in found if tag == "text"}
            assert marks and all(contrast(c) >= 3 for c in marks), (url, marks)
            assert words and all(contrast(c) >= 4.5 for c in words), (url, words)


def test_charts_are_identical_in_a_second_build_in_another_process(project, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(project.root, copy, ignore=shutil.ignore_patterns("site", ".congkhai-build"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--project",
            str(copy),
            "--as-of",
            "2025-12-01",
        ],
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    for url in (
        "ngan-sach",
        "ngan-sach/2025",
        "ngan-sach/2025/6-thang",
        "hoi-dap",
        "muc-do-cong-khai",
    ):
        first = (project.site_dir / url / "index.html").read_bytes()
        second = (copy / "site" / url / "index.html").read_bytes()
        assert _CHART.findall(first.decode()), url
        assert first == second, url


def test_audit_charts_show_each_rules_share_and_a_communes_trend():
    rules = audit_rule_chart([("Công khai dự toán", 2, 3), ("Công khai quyết toán", 3, 3)])
    svg = ET.fromstring(rules.svg)
    title, description = named(svg)
    assert title == "Tỷ lệ xã đạt theo từng quy định"
    assert "Công khai dự toán: 2/3 xã đạt (66,7%)." in description
    assert {"Công khai dự toán", "67%", "100%"} <= set(texts(svg))
    trend = audit_trend_chart("Xã Tân Hòa", [("Quý I/2026", 0.5), ("Quý II/2026", 0.75)])
    svg = ET.fromstring(trend.svg)
    assert named(svg)[0] == "Xã Tân Hòa: tỷ lệ quy định đạt qua các lần kiểm tra"
    assert {"Quý I/2026", "Quý II/2026", "50%", "75%"} <= set(texts(svg))
    assert audit_trend_chart("Xã Tân Hòa", [("Quý I/2026", 0.5)]) is None


def test_a_quarter_entered_alone_instead_of_cumulative_is_reported(make_project, project):
    # Q2 figures entered for April to June alone: less than Q1's cumulative total.
    quarter_alone = chart_budget(
        2025,
        "quy-2",
        "2025-07-08",
        [500_000_000, 700_000_000, 150_000_000, 110_000_000],
        [450_000_000, 750_000_000, 110_000_000, 250_000_000],
    )
    files = {k: v for k, v in CHART_FILES.items() if "2025-quy-1" in k or "2025-du-toan" in k}
    typed_alone = make_project({**files, "content/ngan-sach/2025-quy-2.yaml": quarter_alone})
    found = [d for d in diagnostics_of(typed_alone) if d.code == "CK850"]
    assert [(d.file, d.field, d.is_error) for d in found] == [
        ("content/ngan-sach/2025-quy-2.yaml", "revenue.total.actual", False)
    ]
    assert found[0].line == 9
    assert found[0].message == (
        "tổng thực hiện thu đến hết quý II (260.000.000 đồng) nhỏ hơn đến hết quý I "
        "(300.000.000 đồng, content/ngan-sach/2025-quy-1.yaml)"
    )
    # Cumulative figures, as the law's forms ask, are not reported.
    assert not [d for d in diagnostics_of(project) if d.code == "CK850"]


def test_close_values_are_labelled_apart_the_higher_above(project):
    # End of Q2: 50,0% spent is above 46,7% collected; each label sits on its own side.
    quarters = charts(page_html(project, "ngan-sach/2025"))[0]
    heights = {t.text: float(t.get("y")) for t in quarters.iter(f"{SVG}text")}
    assert heights["50%"] < heights["47%"]


def test_a_table_under_one_total_line_is_drawn_by_the_lines_it_holds():
    item = Budget.model_validate(
        {
            "title": "Dự toán ngân sách năm 2025",
            "year": 2025,
            "phase": "du-toan",
            "published": dt.date(2025, 1, 10),
            "unit": "trieu-dong",
            "revenue": {
                "lines": [
                    {
                        "code": "A",
                        "name": "Tổng thu",
                        "estimate": 1500,
                        "lines": [
                            {"code": "1", "name": "Thu phí", "estimate": 500},
                            {"code": "2", "name": "Thu bổ sung", "estimate": 1000},
                        ],
                    }
                ]
            },
        }
    )
    chart = budget_group_chart(item, "revenue")
    svg = ET.fromstring(chart.svg)
    assert {"1. Thu phí", "2. Thu bổ sung", "500,0", "1.000,0"} <= set(texts(svg))
    assert "A. Tổng thu" not in texts(svg)
    assert "Tổng thu: dự toán 1.500,0 triệu đồng." in named(svg)[1]
