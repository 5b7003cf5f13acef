"""What a resident sees, checked in Chromium on the demo commune: axe-core finds no WCAG 2.2 AA
violation (target size included) on any template at 360 px and 1280 px; nothing is fetched from
outside the site; a phone never scrolls sideways; the keyboard reaches the main content and
search; printing keeps the content and drops the chrome; every page reads without JavaScript.
The phone and paper checks of the issue "a resident on a cheap phone" are in
test_phone_and_paper.py.

axe-core is vendored (vendor/axe.min.js, MPL-2.0, version in its first line): nothing is fetched
at test time. Screenshots of every page at both widths are kept in $CONGKHAI_ARTEFACTS/screenshots
(or the pytest temporary directory) for a person to look at. $CONGKHAI_DEMO points the checks at
another commune's repository (content/, site_config/) instead of the demo.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from fixtures import axe_violations, describe
from playwright.sync_api import Browser, BrowserContext, expect

from generator.render.environment import human_size
from generator.types import TYPES

WIDTHS = (360, 1280)

# One page of every template that is not an item page; item pages (one of each type) are added
# from the build's own records, so a new type is covered without editing this list.
TEMPLATE_PAGES = [
    "",
    "ngan-sach/",
    "ngan-sach/2025/",
    "thu-tuc/",
    "hoi-dap/",
    "van-ban/",
    "muc-do-cong-khai/",
    "tiep-can-thong-tin/",
    "tiep-can-thong-tin/danh-muc/",
    "du-lieu/",
    "feeds/",
    "tim-kiem/",
    "en/",
]


@pytest.fixture(scope="module")
def demo(demo_build) -> tuple[str, dict[str, str]]:
    """The base URL of the demo commune's site and one item URL per type (conftest demo_build)."""
    return demo_build.base, demo_build.items


def all_pages(items: dict[str, str]) -> list[str]:
    pages = TEMPLATE_PAGES + [items[folder] for folder in TYPES if folder in items]
    # A notice-board sheet (niêm yết) is a template of its own.
    return [*pages, items["ho-ngheo"] + "niem-yet/"] if "ho-ngheo" in items else pages


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory) -> Path:
    base = os.environ.get("CONGKHAI_ARTEFACTS")
    folder = Path(base) / "screenshots" if base else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def new_context(browser: Browser, width: int, **options) -> BrowserContext:
    return browser.new_context(
        viewport={"width": width, "height": 800}, is_mobile=width < 600, locale="vi-VN", **options
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_every_template_passes_axe_fetches_nothing_outside_and_fits_the_screen(
    browser: Browser, demo, artefacts: Path, width: int
):
    base, items = demo
    context = new_context(browser, width)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    failures = []
    for path in all_pages(items):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        name = (path.strip("/").replace("/", "_") or "trang-chu") + f"-{width}.png"
        page.screenshot(path=str(artefacts / name), full_page=True)
        violations = axe_violations(page)
        if violations:
            failures.append(f"/{path} at {width}px:\n{describe(violations)}")
        # The page itself never scrolls sideways; wide tables scroll inside their own frame.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            failures.append(f"/{path} at {width}px is {overflow}px wider than the screen")
    context.close()
    assert not failures, "\n\n".join(failures)
    hosts = {urlparse(url).hostname for url in requested if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, sorted(set(requested))


def test_budget_table_keeps_amounts_right_aligned_and_totals_bold_on_a_desktop(
    browser: Browser, demo
):
    base, _ = demo
    context = new_context(browser, 1280)
    page = context.new_page()
    page.goto(base + "ngan-sach/2025/ca-nam/")
    table = page.locator(".ck-budget table.ck-form").first
    expect(table).to_be_visible()
    total = table.locator("tbody tr", has_text="Tổng thu").first
    amount = total.locator('td[data-col="2"]')
    assert amount.evaluate("td => getComputedStyle(td).textAlign") == "right"
    assert int(amount.evaluate("td => getComputedStyle(td).fontWeight")) >= 700
    name_cell = table.locator("tbody tr th.ck-form__name").nth(1)
    assert (name_cell.bounding_box() or {"width": 0})["width"] >= 140, "names are not squeezed"
    context.close()


def test_keyboard_reaches_main_content_and_search(browser: Browser, demo):
    base, _ = demo
    context = new_context(browser, 1280)
    page = context.new_page()
    page.goto(base)
    # The six tiles sit side by side on a wide screen, not in one long column.
    tiles = page.locator(".ck-top > li")
    expect(tiles).to_have_count(6)
    first, second = (tiles.nth(i).bounding_box() or {} for i in range(2))
    assert first["y"] == second["y"] and second["x"] > first["x"]
    # First Tab: the skip link, in Vietnamese; it jumps over the header and the navigation, and
    # the next Tab lands on the newest item.
    page.keyboard.press("Tab")
    skip = page.locator("a.md-skip")
    expect(skip).to_be_focused()
    assert skip.inner_text().strip() == "Đi đến nội dung chính"
    page.keyboard.press("Enter")
    assert urlparse(page.url).fragment == page.locator("article h1").get_attribute("id")
    page.keyboard.press("Tab")
    newest = page.locator("#moi-dang + ul a").first
    expect(newest).to_be_focused()
    href = newest.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url("**/" + href)

    # Without the skip link, search comes before the long navigation.
    page.goto(base)
    for _ in range(7):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('[data-ck-search-input]')"):
            break
    else:
        pytest.fail("seven Tabs from the top of the page never reached the search box")
    page.keyboard.type("ngan sach")
    expect(page.locator("[data-ck-search=header] [data-ck-search-input]")).to_have_value(
        "ngan sach"
    )
    context.close()


def test_item_page_prints_the_content_without_the_chrome(browser: Browser, demo):
    base, items = demo
    context = new_context(browser, 1280)
    page = context.new_page()
    page.goto(base + items["van-ban"])
    button = page.locator("[data-ck-print]")
    expect(button).to_be_visible()
    expect(button).to_have_text("In hoặc lưu thành PDF")
    expect(page.locator("[data-ck-print-hint]")).to_be_hidden()

    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".ck-actions"):
        expect(page.locator(chrome).first).to_be_hidden()
    expect(page.locator("article h1")).to_be_visible()
    facts = page.locator("article table").first
    expect(facts).to_be_visible()
    assert facts.evaluate("t => t.scrollWidth <= t.clientWidth + 1"), "no clipped table on paper"
    expect(page.locator(".ck-agency")).to_contain_text("Ủy ban nhân dân xã Tân Hòa")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    context.close()


def test_budget_prints_every_column(browser: Browser, demo):
    base, _ = demo
    context = new_context(browser, 794)  # an A4 sheet at 96 dpi
    page = context.new_page()
    page.goto(base + "ngan-sach/2025/ca-nam/")
    page.emulate_media(media="print")
    table = page.locator(".ck-budget table").first
    last_header = table.locator("thead th").last
    expect(last_header).to_be_visible()
    frame = page.locator(".ck-budget").first
    assert frame.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), "the table is cut on paper"
    context.close()


def test_download_control_names_the_file_type_and_size(browser: Browser, demo):
    base, items = demo
    context = new_context(browser, 360)
    page = context.new_page()
    page.goto(base + items["van-ban"])
    download = page.locator(".ck-actions a[download]")
    href = download.evaluate("a => a.href")
    response = page.request.get(href)
    assert response.ok, href
    body = response.body()
    kind = Path(urlparse(href).path).suffix.lstrip(".").upper()
    label = f"({kind}, {human_size(len(body))})"
    expect(download).to_have_text(f"Tải tệp gốc {label}")
    expect(page.locator("#tep-dinh-kem + .ck-files li").first).to_contain_text(label)
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_reads_without_javascript(browser: Browser, demo, width: int):
    base, items = demo
    context = new_context(browser, width, java_script_enabled=False)
    page = context.new_page()
    for path in all_pages(items):
        page.goto(base + path)
        heading = page.locator("article h1")
        expect(heading).to_be_visible()
        assert heading.inner_text().strip(), path
        expect(page.locator(".ck-agency")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    page.goto(base)
    expect(page.locator(".ck-top a")).to_have_count(6)
    expect(page.locator(".ck-top a").first).to_be_visible()
    page.goto(base + items["ngan-sach"])
    expect(page.locator(".ck-budget table").first).to_be_visible()
    expect(page.locator("[data-ck-print]")).to_be_hidden()
    expect(page.locator("[data-ck-print-hint]")).to_be_visible()
    context.close()
