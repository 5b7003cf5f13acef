"""The real build: MkDocs + Material run on the rendered pages, and site/ is replaced atomically."""

from __future__ import annotations

import datetime as dt
import gc
import posixpath
import shutil
import urllib.parse
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fixtures import BUDGET, QUESTION, REPO, scaffold, tree_digest
from hypothesis import given
from hypothesis import strategies as st

from generator.build import build
from generator.project import Project
from generator.render.environment import relative

AS_OF = dt.date(2025, 12, 1)


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    scaffold(root)
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "site_config", root / "site_config")
    result = build(Project(root), as_of=AS_OF)
    assert result.published, result.diagnostics
    return root / "site"


def test_budget_page_shows_its_fields_and_vietnamese_amounts(demo_site):
    page = soup(demo_site, "ngan-sach/2025/quy-1")
    assert page.h1.get_text(strip=True) == "Tình hình thực hiện dự toán ngân sách xã quý I năm 2025"
    assert page.html["lang"] == "vi"
    cells = {
        row.find_all("td")[0].get_text(strip=True): row.find_all("td")[1].get_text(strip=True)
        for row in page.select("table")[0].select("tbody tr")
    }
    assert cells["Giai đoạn"] == "Thực hiện dự toán quý I"
    assert cells["Biểu mẫu"] == "114/CK TC-NSNN, 115/CK TC-NSNN"
    # Form 114 as printed: Thu NSNN | Thu NSX under each group, the commune's share filled.
    revenue = page.select(".ck-budget table.ck-form")[0]
    assert revenue.find_previous("p", class_="ck-form__unit").get_text().startswith("Đơn vị: đồng")
    groups = [th.get_text(strip=True) for th in revenue.select("thead th[colspan]")]
    assert groups == ["Dự toán năm", "Thực hiện", "So sánh (%)"]
    total_row = revenue.select("tbody tr")[0]
    assert total_row.select_one("th").get_text(strip=True) == "Tổng thu ngân sách xã"
    assert total_row.select_one('td[data-col="2"]').get_text(strip=True) == "10.720.000.000"
    # The Thu NSNN half is left blank in every row: its cells say it was not published.
    assert total_row.select_one('td[data-col="1"]').get_text(strip=True) == "–(chưa công bố)"
    share = total_row.select_one('td[data-col="6"]').get_text(strip=True)
    assert "," in share and "ck-form__group" in total_row["class"]


def test_estimate_page_has_no_execution_columns(demo_site):
    table = soup(demo_site, "ngan-sach/2025/du-toan").select(".ck-budget table.ck-form")[1]
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers == ["STT", "Nội dung", "Dự toán năm"]  # form 110
    assert "Thực hiện" not in table.get_text()


def test_attachment_is_published_with_type_and_size(demo_site):
    page = soup(demo_site, "ngan-sach/2025/du-toan")
    link = page.find("a", string=lambda s: s and "Nghị quyết số 45/NQ-HĐND" in s)
    assert link is not None
    target = (demo_site / "ngan-sach/2025/du-toan" / link["href"]).resolve()
    assert target.is_file() and target.read_bytes().startswith(b"%PDF")
    assert "(PDF," in link.parent.get_text()


def test_household_page_lists_only_the_four_columns(demo_site):
    page = soup(demo_site, "ho-ngheo/2025/ra-soat-dinh-ky")
    tables = page.select("article table")
    household_tables = [t for t in tables if "Họ và tên chủ hộ" in t.get_text()]
    assert len(household_tables) == 3
    for table in household_tables:
        headers = [th.get_text(strip=True) for th in table.select("th")]
        assert headers == ["STT", "Họ và tên chủ hộ", "Thôn, tổ dân phố", "Phân loại"]
    assert "Mai Văn Toàn" in household_tables[0].get_text()


def test_question_page_shows_question_answer_and_status(demo_site):
    page = soup(demo_site, "hoi-dap/2025/den-duong-lien-thon")
    text = page.select_one("article").get_text(" ", strip=True)
    assert "Đoạn đường liên thôn" in text
    assert "24 bóng đèn LED" in text
    assert "Đã trả lời" in text
    pending = soup(demo_site, "hoi-dap/2025/ho-tro-nha-o-ho-ngheo").select_one("article").get_text()
    assert "Đang xử lý" in pending


def test_footer_on_every_page_names_the_agency(demo_site):
    for url in ("", "ngan-sach", "hoi-dap/2025/den-duong-lien-thon"):
        footer = soup(demo_site, url).select_one(".ck-agency")
        assert footer is not None, url
        assert "Ủy ban nhân dân xã Tân Hòa" in footer.get_text()
        assert "0229 3861 245" in footer.get_text()


def test_home_lists_latest_disclosures_newest_first(demo_site):
    page = soup(demo_site, "")
    latest = page.find("h2", string="Mới đăng").find_next("ul").find_all("li")
    dates = [
        dt.datetime.strptime(li.get_text().split(" · ")[0].strip(), "%d/%m/%Y") for li in latest
    ]
    assert dates == sorted(dates, reverse=True)
    assert len(latest) == 10  # the demo has more than ten items; only the newest ten are shown


def test_listing_groups_items_by_year_newest_first(demo_site):
    page = soup(demo_site, "ngan-sach")
    headings = [h2.get_text(strip=True) for h2 in page.select("article h2")]
    assert [h for h in headings if h.startswith("Năm")] == ["Năm 2026", "Năm 2025", "Năm 2024"]


def test_navigation_lists_the_sections_only_and_a_section_page_its_years(demo_site):
    page = soup(demo_site, "ngan-sach/2025/quy-1")
    nav_text = [a.get_text(strip=True) for a in page.select("nav.md-nav--primary a.md-nav__link")]
    assert "Ngân sách" in nav_text and "Hỏi đáp" in nav_text
    assert not any(t.startswith("Năm ") or "quý I" in t for t in nav_text)
    assert len(nav_text) <= 24, nav_text  # a menu a phone can show, not 50 links
    years = soup(demo_site, "ngan-sach").select("article .ck-years a")
    assert [a.get_text(strip=True) for a in years] == ["2026", "2025", "2024"]
    assert years[1]["href"] == "2025/"
    # The pages the menu leaves out are one tap away in every page's footer.
    footer = [a.get_text(strip=True) for a in page.select("nav.ck-footer-nav a")]
    assert {"Dữ liệu mở", "Nguồn tin RSS", "Mức độ công khai", "English"} <= set(footer)


def test_no_request_leaves_the_site(demo_site):
    html = (demo_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in html
    assert "fonts.gstatic.com" not in html


def test_markup_in_a_field_is_shown_as_text_not_run(make_project):
    evil = QUESTION.replace(
        "question: Tôi cần giấy tờ gì?",
        'question: "<script>alert(1)</script> [bấm vào](javascript:alert(2)) **đậm**"',
    )
    project = make_project({"content/hoi-dap/2025-a.yaml": evil})
    assert build(project, as_of=AS_OF).published
    page = soup(project.site_dir, "hoi-dap/2025/a")
    article = page.select_one("article")
    assert article.find("script") is None
    assert not article.select('a[href^="javascript"]')
    assert article.find("strong") is None
    assert "<script>alert(1)</script>" in article.get_text()


def test_failed_build_leaves_the_published_site_byte_for_byte(make_project):
    project = make_project({"content/ngan-sach/2025-du-toan.yaml": BUDGET})
    assert build(project, as_of=AS_OF).published
    before = tree_digest(project.site_dir)
    bad = project.content_dir / "ngan-sach/2025-du-toan.yaml"
    bad.write_text(BUDGET.replace("estimate: 300", "estimate: 3.5"), encoding="utf-8")
    result = build(project, as_of=AS_OF)
    assert not result.published
    assert [d.code for d in result.diagnostics] == ["CK103"]
    assert tree_digest(project.site_dir) == before


def test_mkdocs_failure_leaves_the_published_site_intact(make_project):
    project = make_project({"content/ngan-sach/2025-du-toan.yaml": BUDGET})
    assert build(project, as_of=AS_OF).published
    before = tree_digest(project.site_dir)
    (project.root / "theme/main.html").write_text(
        "{% extends 'base.html' %}{% block footer %}{{ x.y.z }}{% endblock %}"
    )
    result = build(project, as_of=AS_OF)
    assert not result.published
    assert [d.code for d in result.diagnostics if d.is_error] == ["CK901"]
    assert tree_digest(project.site_dir) == before


def test_two_builds_of_the_same_input_are_identical(demo_project, tmp_path):
    assert build(demo_project, as_of=AS_OF).published
    first = tmp_path / "first"
    shutil.copytree(demo_project.site_dir, first)
    assert build(demo_project, as_of=AS_OF).published
    assert tree_digest(demo_project.site_dir) == tree_digest(first)


def test_english_page_gives_organisation_and_contacts(demo_site):
    page = soup(demo_site, "en")
    body = page.select_one("article")
    assert body.select_one('[lang="en"]') is not None
    text = body.get_text(" ", strip=True)
    assert "Functions and duties" in text and "Chairman" in text
    assert "Information officer" in text and "vanphong.tanhoa@ninhbinh.gov.vn" in text


def test_document_listing_is_a_table_with_type_and_issuer(demo_site):
    table = soup(demo_site, "van-ban").select_one(".ck-documents table")
    headers = [th.get_text(strip=True) for th in table.select("th")]
    assert headers == [
        "Số, ký hiệu",
        "Ngày ban hành",
        "Trích yếu",
        "Loại",
        "Cơ quan ban hành",
        "Hiệu lực",
    ]
    first = [td.get_text(strip=True) for td in table.select("tbody tr")[0].find_all("td")]
    assert first[0] == "38/TB-UBND" and first[3] == "Thông báo"


def test_procedure_page_offers_its_forms_for_download(demo_site):
    page = soup(demo_site, "thu-tuc/dang-ky-khai-sinh")
    form = page.find("a", string="Tờ khai đăng ký khai sinh")
    target = (demo_site / "thu-tuc/dang-ky-khai-sinh" / form["href"]).resolve()
    assert target.read_bytes().startswith(b"%PDF")
    steps = page.find("h2", string="Trình tự thực hiện").find_next("ol").find_all("li")
    assert len(steps) == 3


def test_land_plan_map_has_its_description(demo_site):
    image = soup(demo_site, "dat-dai/2025/ke-hoach-su-dung-dat").select_one("article figure img")
    assert image["alt"].startswith("Bản đồ kế hoạch sử dụng đất năm 2025")
    assert (demo_site / "dat-dai/2025/ke-hoach-su-dung-dat" / image["src"]).resolve().is_file()


def test_draft_page_shows_the_result_and_links_the_adopted_document(demo_site):
    page = soup(demo_site, "du-thao/2025/quy-che-dan-chu")
    text = page.select_one("article").get_text(" ", strip=True)
    assert "Đã có kết quả lấy ý kiến" in text and "46 ý kiến" in text
    link = page.find("a", string="Xem văn bản")
    assert link["href"].rstrip("/").endswith("van-ban/2025/nq-12-quy-che-dan-chu")


def test_article_body_markdown_renders_and_internal_links_resolve(demo_site):
    article = soup(demo_site, "tin-bai/2026/lich-tiep-cong-dan").select_one("article")
    assert article.find("strong").get_text() == "Thứ Năm, 10/12/2026"
    link = article.find("a", string="lịch tiếp công dân cả năm")
    assert link["href"].rstrip("/").endswith("van-ban/2026/tb-38-lich-tiep-dan")


def test_budget_type_page_shows_each_years_cycle(demo_site):
    table = soup(demo_site, "ngan-sach").select_one(".ck-cycle table")
    header = [th.get_text(strip=True) for th in table.select("th")]
    assert header[:3] == ["Giai đoạn", "2026", "2025"]
    rows = {
        tr.find_all("td")[0].get_text(strip=True): [
            td.get_text(strip=True) for td in tr.find_all("td")[1:]
        ]
        for tr in table.select("tbody tr")
    }
    assert rows["Thực hiện dự toán quý I"][1] == "12/04/2025"
    assert rows["Thực hiện kiến nghị kiểm toán"][1] == "Chưa có"


def test_questions_page_explains_how_to_ask_and_counts_answers(demo_site):
    page = soup(demo_site, "hoi-dap")
    # No intake service: no form (one posting to mailto: needs a mail app and garbles
    # Vietnamese), but a number to call, a mail already headed and the office, each a link.
    assert page.select_one("form") is None or "mailto:" not in str(page.select("form"))
    ways = page.select_one("#gui-cau-hoi ~ .ck-ways")
    hrefs = [a["href"] for a in ways.select("a")]
    assert "tel:02293861245" in hrefs and "tel:02293861246" in hrefs
    mail = next(h for h in hrefs if h.startswith("mailto:"))
    address, query = mail.removeprefix("mailto:").split("?")
    fields = urllib.parse.parse_qs(query)
    assert address == "ubnd.tanhoa@ninhbinh.gov.vn"
    assert fields["subject"] == ["Câu hỏi, kiến nghị gửi Ủy ban nhân dân xã Tân Hòa"]
    assert "Câu hỏi, kiến nghị:\r\n" in fields["body"][0]
    assert query.isascii() and " " not in query
    assert any(h.startswith("https://www.openstreetmap.org/search?query=Th%C3%B4n") for h in hrefs)
    assert "thứ Hai đến thứ Sáu" in ways.get_text()
    stats = page.find("h2", string="Thống kê trả lời").find_next("table")
    row = [td.get_text(strip=True) for td in stats.select("tbody tr")[0].find_all("td")]
    # 2025: five received, four answered (one late), as of 1 Dec 2025 none overdue.
    assert row[:4] == ["2025", "5", "4", "3"] and row[5] == "0"


_PART = st.sampled_from(["a", "b", "ab", "index.md", "p.md"])


@given(st.lists(_PART, max_size=4), st.lists(_PART, min_size=1, max_size=4))
def test_links_between_pages_are_what_relpath_gives(here, there):
    # render.relative skips relpath's trip through the working directory: same answers.
    page, target = "/".join([*here, "x.md"]), "/".join(there)
    assert relative(page, target) == posixpath.relpath(target, posixpath.dirname(page) or ".")


def test_a_build_leaves_the_cycle_collector_as_it_found_it(small_project):
    # The build collects cycles less often while it runs (collector.py), and only then.
    before = gc.get_threshold()
    assert build(small_project, as_of=AS_OF).published
    assert gc.get_threshold() == before
