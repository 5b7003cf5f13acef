"""The audit dashboard in Chromium: sorting and filters work, the table reads without JavaScript,
and axe-core finds no WCAG 2.1 AA violation on its pages."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fixtures import axe_violations, describe
from playwright.sync_api import Browser, Page

from generator.audit.run import run_audit
from generator.build import published_records, validate_project
from generator.project import Project
from generator.publish.manifest import MANIFEST_PATH

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 20)
APPROVED = "dcco.a11.k2.budget_approved"


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory, serve) -> str:
    """Four communes made from the demo's manifest with different items removed, and one whose
    portal cannot be read; the dashboard is served over HTTP."""
    from generator.publish import published_files

    root = tmp_path_factory.mktemp("audit")
    _, validated = validate_project(Project(REPO), as_of=AS_OF)
    assert validated.site is not None
    published = published_records(validated.records, AS_OF)
    manifest = json.loads(published_files(validated.site, published, AS_OF, None)[MANIFEST_PATH])
    drops = {"14464": set(), "14500": {"du-toan"}, "14482": {"du-toan", "quy-1"}, "14524": set()}
    lines = ["checked_from: 2025-01-01", "communes:"]
    for code, phases in drops.items():
        data = dict(manifest)
        data["items"] = [i for i in manifest["items"] if i["facets"].get("phase") not in phases]
        target = root / code / MANIFEST_PATH
        target.parent.mkdir(parents=True)
        target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        lines.append(f'  - {{code: "{code}", site: "{code}"}}')
    lines.append('  - {code: "14488", site: khong-co}')
    (root / "registry.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # Two audits: the second, against the first's matrix.json, draws each commune's trend.
    first = run_audit(root / "registry.yaml", as_of=AS_OF - dt.timedelta(days=90), out=root / "1")
    assert first.audit is not None
    run = run_audit(
        root / "registry.yaml", as_of=AS_OF, out=root / "out", previous=root / "1" / "matrix.json"
    )
    assert run.audit is not None
    return serve(root / "out")


def visible_names(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "#ck-matrix tbody tr:not([hidden]) th", "cells => cells.map(c => c.textContent.trim())"
    )


MATRIX = "tinh/37.html"  # every commune here is of Ninh Bình


def test_the_first_page_leads_to_the_province(page: Page, dashboard: str) -> None:
    page.goto(dashboard + "index.html")
    page.click("#ck-provinces tbody th a")
    assert page.url.endswith(MATRIX)
    assert len(visible_names(page)) == 5


def test_sorting_and_filters(page: Page, dashboard: str) -> None:
    page.goto(dashboard + MATRIX)
    assert page.is_visible("#ck-controls")
    names = visible_names(page)
    assert names == ["Xã Gia Viễn", "Xã Đại Hoàng", "Xã Gia Hưng", "Xã Gia Phong", "Xã Gia Vân"]

    page.click("#ck-matrix thead th:nth-child(2)")  # by name, tone marks folded
    assert visible_names(page) == [
        "Xã Đại Hoàng",
        "Xã Gia Hưng",
        "Xã Gia Phong",
        "Xã Gia Vân",
        "Xã Gia Viễn",
    ]

    rule = page.get_attribute(f'#ck-matrix thead a[href="../quy-tac.html#{APPROVED}"]', "href")
    assert rule
    header = page.locator(f'#ck-matrix thead th:has(a[href="../quy-tac.html#{APPROVED}"])')
    header.click()  # worst first: the communes without an approved estimate on top
    assert header.get_attribute("aria-sort") == "ascending"
    top = visible_names(page)[:2]
    assert sorted(top) == ["Xã Gia Hưng", "Xã Đại Hoàng"]

    page.fill("#ck-filter-name", "dai hoang")
    assert visible_names(page) == ["Xã Đại Hoàng"]
    page.fill("#ck-filter-name", "")
    page.select_option("#ck-filter-cell", "unreadable")
    assert visible_names(page) == ["Xã Gia Vân"]
    page.select_option("#ck-filter-cell", "missing")
    assert "Xã Gia Hưng" in visible_names(page)
    assert page.text_content("#ck-count").endswith("/ 5 xã")

    page.select_option("#ck-filter-cell", "")
    page.select_option("#ck-filter-group", "Ngân sách xã")
    shown = page.eval_on_selector_all(
        "#ck-matrix thead th.ck-rule:not(.ck-hidden)", "cells => cells.map(c => c.dataset.group)"
    )
    assert shown and set(shown) == {"Ngân sách xã"}


def test_the_table_reads_without_javascript(browser: Browser, dashboard: str) -> None:
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    page.goto(dashboard + MATRIX)
    assert not page.is_visible("#ck-controls")
    assert len(visible_names(page)) == 5
    cell = page.locator("#ck-matrix tbody tr").nth(1).locator("td").nth(2)
    # A mark for the eye, and the result in words for screen readers.
    assert cell.text_content().strip()[1:] in {
        "Đạt",
        "Thiếu",
        "Chậm",
        "Không xác định được",
        "Chưa đến hạn",
        "Không áp dụng",
        "Chưa đủ thông tin",
    }
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_matrix_scrolls_in_its_box_not_the_page(browser: Browser, dashboard: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.goto(dashboard + MATRIX)
    # The matrix is wider than the screen: its own box scrolls, the page does not.
    assert page.evaluate("document.querySelector('.ck-scroll').scrollWidth") > width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


@pytest.mark.parametrize(
    "path", ["index.html", MATRIX, "quy-tac.html", "xa/14464.html", "xa/14488.html"]
)
def test_pages_pass_axe(page: Page, dashboard: str, path: str) -> None:
    page.goto(dashboard + path)
    violations = axe_violations(page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", ["quy-tac.html", "xa/14464.html"])
def test_charts_are_named_and_fit(browser: Browser, dashboard: str, path: str, width: int) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=False, locale="vi-VN"
    )
    page = context.new_page()
    page.goto(dashboard + path)
    figures = page.locator("figure.ck-chart")
    assert figures.count() == 1
    caption = figures.locator("figcaption strong").inner_text()
    chart = page.get_by_role("img", name=caption, exact=True)
    assert chart.count() == 1
    box = chart.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert box["width"] >= 0.8 * min(float(chart.get_attribute("width")), width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
