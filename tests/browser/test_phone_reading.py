"""What a resident reads and taps on a 360 px phone, and the same pages at 1280 px: the demo commune
(conftest demo_build) in headless Chromium.

- a budget column the form leaves blank says "–" and "chưa công bố" in every phone card and in the
  desktop table, and NSX / NSNN are spelled out once on the page;
- every money figure in a phone card carries its unit, the figure itself printed as signed;
- each home-page card is one link, tapped anywhere;
- file links and phone numbers are at least 24 px tall, 44 px on a phone;
- a procedure's form is offered first, before its facts;
- the menu's title shows the commune's whole name, and boxes, small print and search excerpts
  are 15 px or more on a phone.
"""

from __future__ import annotations

import re
import urllib.request

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

PHONE, DESKTOP = 360, 1280
NINE_MONTHS = "ngan-sach/2026/9-thang/"
YEAR_REPORT = "ngan-sach/2025/ca-nam/"
FIGURE = re.compile(r"-?\d{1,3}(\.\d{3})*(,\d+)?")


def context(browser: Browser, width: int) -> BrowserContext:
    phone = width < 600
    return browser.new_context(
        viewport={"width": width, "height": 800}, is_mobile=phone, has_touch=phone, locale="vi-VN"
    )


def open_page(browser: Browser, width: int, url: str) -> Page:
    page = context(browser, width).new_page()
    page.goto(url)
    return page


# Each card's (or row's) lines as shown: label, value text, what follows the value, and whether
# the line is on screen.
LINES = """() => [...document.querySelectorAll('table.ck-form tbody tr')].map(tr =>
  [...tr.querySelectorAll('td[data-col]')].map(td => ({
    label: td.dataset.label || null,
    text: td.innerText.replace(/\\s+/g, ' ').trim(),
    figure: td.firstChild ? td.firstChild.textContent.trim() : '',
    after: getComputedStyle(td, '::after').content,
    money: td.classList.contains('ck-form__money'),
    shown: td.getClientRects().length > 0 && td.getBoundingClientRect().width > 0,
  })))"""


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_a_blank_budget_column_says_not_published_in_every_card_and_row(
    browser: Browser, demo_build, width: int
):
    page = open_page(browser, width, demo_build.base + NINE_MONTHS)
    rows = page.evaluate(LINES)
    assert len(rows) > 10
    for lines in rows:
        period = [line for line in lines if line["label"] == "Thực hiện trong kỳ"]
        assert len(period) == 1, lines
        assert period[0]["shown"], period
        assert period[0]["text"].startswith("–"), period
        if width == PHONE:
            assert "chưa công bố" in period[0]["text"], period
    if width == DESKTOP:
        heading = page.locator("table.ck-form thead th", has_text="Thực hiện trong kỳ").first
        assert "chưa công bố" in heading.inner_text()
    note = page.locator(".ck-form__legend", has_text="Thực hiện trong kỳ").first
    assert note.is_visible() and "chưa công bố" in note.inner_text()
    page.context.close()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_nsx_and_nsnn_are_spelled_out_once_on_a_budget_page(
    browser: Browser, demo_build, width: int
):
    page = open_page(browser, width, demo_build.base + YEAR_REPORT)
    legend = page.locator(".ck-form__legend", has_text="NSX: ngân sách xã")
    assert legend.count() == 1
    assert legend.is_visible()
    assert "NSNN: ngân sách nhà nước" in legend.inner_text()
    titles = page.eval_on_selector_all("table.ck-form abbr", "els => els.map(e => e.title)")
    assert "ngân sách xã" in titles and "ngân sách nhà nước" in titles
    page.context.close()


def test_every_money_figure_in_a_phone_card_says_its_unit(browser: Browser, demo_build):
    """The unit follows each figure on a phone; the figure is the one printed on the form, and on
    a desktop the unit line above the table is enough."""
    checked = 0
    for width in (PHONE, DESKTOP):
        page = context(browser, width).new_page()
        for url in demo_build.urls["ngan-sach"]:
            page.goto(demo_build.base + url)
            units = page.eval_on_selector_all(
                ".ck-form__unit", "els => els.map(e => e.textContent.split('·')[0])"
            )
            assert units, url
            for lines in page.evaluate(LINES):
                for line in lines:
                    if not (line["money"] and FIGURE.fullmatch(line["figure"])):
                        continue
                    if width == PHONE:
                        checked += 1
                        assert line["after"] not in ("none", "normal"), (url, line)
                        unit = line["after"].strip('"').replace("\xa0", " ").strip()
                        assert any(u.strip() == f"Đơn vị: {unit}" for u in units), (url, line)
                    else:
                        assert line["after"] in ("none", "normal"), (url, line)
        page.context.close()
    assert checked > 300


def test_every_home_page_card_is_one_link_tapped_anywhere(browser: Browser, demo_build):
    page = open_page(browser, PHONE, demo_build.base)
    cards = page.locator(".ck-top > li, .ck-topics > li")
    assert cards.count() >= 15
    for index in range(cards.count()):
        card = cards.nth(index)
        for part in (".ck-top__title", ".ck-top__text", ".ck-top__count"):
            target = card.locator(part)
            target.scroll_into_view_if_needed()
            box = target.bounding_box()
            assert box is not None
            hit = page.evaluate(
                "([x, y]) => { const a = document.elementFromPoint(x, y).closest('a');"
                " return a ? a.getAttribute('href') : null; }",
                [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
            )
            assert hit == card.locator("a").get_attribute("href"), (index, part)
    # A tap on the words under "Dự án đầu tư" opens its section.
    page.locator(".ck-topics .ck-top__text").filter(has_text="Dự án đầu tư").first.tap()
    page.wait_for_url(re.compile(r"/du-an/$"))
    page.context.close()


TARGETS = """() => [...document.querySelectorAll('article .ck-files a, a[href^="tel:"]')]
  .filter(a => a.getClientRects().length)
  .map(a => [a.textContent.trim(), a.getBoundingClientRect().height])"""


@pytest.mark.parametrize("width,least", [(PHONE, 44), (DESKTOP, 24)])
def test_file_links_and_phone_numbers_are_tall_enough_to_tap(
    browser: Browser, demo_build, width: int, least: int
):
    page = context(browser, width).new_page()
    found = {"file": 0, "tel": 0}
    small: list[str] = []
    urls = [demo_build.items["thu-tuc"], demo_build.items["ho-ngheo"], demo_build.items["van-ban"]]
    for url in [*urls, *demo_build.urls["ngan-sach"]]:
        page.goto(demo_build.base + url)
        kinds = page.evaluate(
            """() => ({file: document.querySelectorAll('article .ck-files a').length,
                       tel: document.querySelectorAll('a[href^="tel:"]').length})"""
        )
        found = {key: found[key] + kinds[key] for key in found}
        small += [f"{url}: {text} {height:.0f}px" for text, height in page.evaluate(TARGETS)
                  if height < least]  # fmt: skip
    page.context.close()
    assert found["file"] and found["tel"], found
    assert not small, small


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_a_procedure_offers_its_form_before_its_facts(browser: Browser, demo_build, width: int):
    page = open_page(browser, width, demo_build.base + "thu-tuc/dang-ky-khai-sinh/")
    button = page.locator("article .md-button").first
    assert button.inner_text().startswith("Tải mẫu đơn")
    assert button.is_visible()
    assert button.bounding_box()["y"] < page.locator("article table").first.bounding_box()["y"]
    listed = page.locator("#mau-don-to-khai ~ .ck-files a").first.get_attribute("href")
    assert button.get_attribute("href") == listed
    with urllib.request.urlopen(page.url + button.get_attribute("href")) as response:
        assert response.status == 200 and response.read(5) == b"%PDF-"
    page.context.close()


def test_the_menu_title_shows_the_whole_commune_name(browser: Browser, demo_build):
    page = open_page(browser, PHONE, demo_build.base)
    page.locator(".md-header label[for=__drawer]").click()
    title = page.locator(".md-nav--primary > .md-nav__title").first
    title.wait_for(state="visible")
    name = page.locator(".ck-header__name").first.inner_text().strip()
    assert name and name in " ".join(title.inner_text().split())
    # Every line of the title lies inside the drawer: nothing cut at its edge.
    overflow = title.evaluate(
        """t => { const r = document.createRange(); r.selectNodeContents(t);
                  const box = t.getBoundingClientRect();
                  return [...r.getClientRects()].some(l => l.right > box.right + 0.5); }"""
    )
    assert not overflow
    assert title.evaluate("t => getComputedStyle(t).textOverflow") != "ellipsis"
    page.context.close()


def test_boxes_small_print_and_search_excerpts_are_15px_on_a_phone(browser: Browser, demo_build):
    page = open_page(browser, PHONE, demo_build.base + demo_build.items["ho-ngheo"])
    sizes = page.eval_on_selector_all(
        "article .admonition p, article small",
        "els => els.map(e => [e.textContent.trim().slice(0, 30), parseFloat(getComputedStyle(e).fontSize)])",
    )
    assert sizes
    assert all(size >= 15 for _, size in sizes), sizes
    page.goto(demo_build.base + "tim-kiem/?q=ho%20ngheo")
    excerpt = page.locator(".ck-result__excerpt").first
    excerpt.wait_for(state="visible")
    assert excerpt.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 15
    page.context.close()
