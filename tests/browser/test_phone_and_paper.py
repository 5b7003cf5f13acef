"""A resident on a cheap phone finds the figure, reads it, asks, and prints it for the notice board:
checked in Chromium at 360 x 800 on the demo commune (conftest demo_build).

- every cell of every budget and household table lies inside the screen, with or without
  JavaScript, each labelled with its column's heading, in text of 16 px or more;
- the first item of the budget and question listings is within the first two screens, the
  home page's newest items within the first;
- every question in the list says where it stands, the same as its own page;
- no form posts to mailto:, and the ways to ask are links a phone acts on;
- the keyboard after the skip link reaches search without opening it and never walks into the
  closed menu;
- a printed budget report (page.pdf) carries the letterhead, the address and a QR code that
  decodes to the page's address; a notice-board sheet is one A4 page with the posting window.

PDF pages are drawn with PDFium (pypdfium2) and the QR codes read with ZXing (zxing-cpp).
"""

from __future__ import annotations

import re
import urllib.parse

import pypdfium2
import pytest
import zxingcpp
from playwright.sync_api import Browser, BrowserContext, Page, expect

PHONE = {"width": 360, "height": 800}

# The cells of the article's tables that are laid out (a table hidden in a closed <details> or a
# heading row moved into the cards has none), with where they are and what their label shows.
CELLS = """() => [...document.querySelectorAll('article table td, article table th')]
  .filter(cell => cell.getClientRects().length)
  .map(cell => {
    const box = cell.getBoundingClientRect();
    const style = getComputedStyle(cell);
    return {
      text: cell.textContent.trim().slice(0, 40),
      tag: cell.tagName,
      left: box.left, right: box.right,
      size: parseFloat(style.fontSize),
      label: cell.closest('table[data-ck-stack]') ? cell.dataset.label || null : null,
      shown: getComputedStyle(cell, '::before').content,
      visible: style.visibility === 'visible' && box.width > 0,
    };
  })"""


def phone(browser: Browser, **options) -> BrowserContext:
    return browser.new_context(viewport=PHONE, is_mobile=True, locale="vi-VN", **options)


def table_pages(demo) -> list[str]:
    pages = demo.urls.get("ngan-sach", []) + demo.urls.get("ho-ngheo", [])
    years = sorted({url.split("/")[1] for url in demo.urls.get("ngan-sach", [])})
    return pages + ["ngan-sach/"] + [f"ngan-sach/{year}/" for year in years]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_every_budget_and_household_cell_is_on_a_phone_screen(
    browser: Browser, demo_build, javascript: bool
):
    context = phone(browser, java_script_enabled=javascript)
    page = context.new_page()
    pages = table_pages(demo_build)
    assert any("/ho-ngheo/" in "/" + p for p in pages) and len(pages) > 5
    problems = []
    for path in pages:
        page.goto(demo_build.base + path)
        if javascript:
            page.wait_for_load_state("load")
        cells = [c for c in page.evaluate(CELLS) if c["visible"]]
        assert cells, f"/{path} shows no table"
        for cell in cells:
            where = f"/{path} {cell['tag']} {cell['text']!r}"
            if cell["left"] < -0.5 or cell["right"] > PHONE["width"] + 0.5:
                problems.append(f"{where} lies at x = {cell['left']:.0f}–{cell['right']:.0f}")
            if cell["size"] < 16:
                problems.append(f"{where} is in {cell['size']} px text")
            # On a card (a table of three columns or more) each value says what it is: its
            # column's heading, shown beside it. Two-column tables are label and value already.
            labelled = cell["tag"] == "TD" and cell["label"] and cell["text"]
            if labelled and cell["shown"] != f'"{cell["label"]}"':
                problems.append(f"{where} shows no label ({cell['shown']})")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    context.close()
    assert not problems, "\n".join(problems[:20])


def test_listings_and_the_home_page_lead_with_their_items(browser: Browser, demo_build):
    context = phone(browser)
    page = context.new_page()
    screens = {"ngan-sach/": 2, "hoi-dap/": 2, "": 1}
    for path, most in screens.items():
        page.goto(demo_build.base + path)
        page.wait_for_load_state("load")
        section = path.rstrip("/")
        first = page.locator(
            f"article li > a[href*='/']:not([href^='http']):not([href$='{section}/'])"
            if path
            else "#moi-dang + ul a"
        ).first
        expect(first).to_be_visible()
        top = first.evaluate("a => a.getBoundingClientRect().top + window.scrollY")
        href = urllib.parse.urljoin(page.url, first.get_attribute("href"))
        assert top + 30 <= most * PHONE["height"], f"/{path}: first item at {top:.0f} px"
        # It is an item of that listing, and the newest one.
        item = href.removeprefix(demo_build.base)
        if path:
            newest = max(
                (url for url in demo_build.urls[section]),
                key=lambda url: page_date(page, demo_build.base + url),
            )
            assert page_date(page, href) == page_date(page, demo_build.base + newest), item
    context.close()


def page_date(page: Page, url: str) -> str:
    """The date an item page says it was posted, as YYYY-MM-DD (read from the page itself)."""
    html = page.request.get(url).text()
    day, month, year = re.search(r"Ngày đăng: (\d\d)/(\d\d)/(\d{4})", html).groups()
    return f"{year}-{month}-{day}"


def test_every_question_in_the_list_says_where_it_stands(browser: Browser, demo_build):
    context = phone(browser)
    page = context.new_page()
    page.goto(demo_build.base + "hoi-dap/")
    entries = page.locator("article li:has(.ck-state)")
    questions = demo_build.urls["hoi-dap"]
    expect(entries).to_have_count(len(questions))
    seen = set()
    for i in range(entries.count()):
        entry = entries.nth(i)
        state = entry.locator(".ck-state").inner_text()
        expect(entry.locator(".ck-state")).to_be_visible()
        href = urllib.parse.urljoin(page.url, entry.locator("a").first.get_attribute("href"))
        seen.add(href.removeprefix(demo_build.base))
        # The same standing as the question's own page says.
        own = page.request.get(href).text()
        standing = re.search(r"<td[^>]*>Tình trạng</td>\s*<td[^>]*>([^<]+)</td>", own).group(1)
        answered = re.search(r"<td[^>]*>Ngày trả lời</td>\s*<td[^>]*>([^<]+)</td>", own)
        if standing.startswith("Đã trả lời"):
            assert state.startswith(f"Đã trả lời ngày {answered.group(1)}"), (href, state)
            assert ("(chậm, hạn " in state) == ("quá hạn" in standing), (href, state)
        elif standing.startswith("Quá hạn"):
            assert state.startswith("Quá hạn, chưa trả lời (hạn "), (href, state)
        else:
            assert state.startswith("Đang chờ trả lời (hạn "), (href, state)
    assert seen == set(questions)
    context.close()


def test_no_form_posts_to_mailto_and_asking_is_a_tap_away(browser: Browser, demo_build):
    context = phone(browser)
    page = context.new_page()
    for path in ["", "hoi-dap/", "tiep-can-thong-tin/", *demo_build.items.values()]:
        page.goto(demo_build.base + path)
        actions = page.eval_on_selector_all("form", "forms => forms.map(f => f.action)")
        assert not [a for a in actions if a.startswith("mailto:")], (path, actions)
    page.goto(demo_build.base + "hoi-dap/")
    ways = page.locator(".ck-ways")
    expect(ways).to_be_visible()
    calls = ways.locator("a[href^='tel:']")
    expect(calls.first).to_be_visible()
    assert calls.count() >= 2  # the office and the one-stop desk
    mail = ways.locator("a[href^='mailto:']").get_attribute("href")
    _, query = mail.split("?", 1)
    assert query.isascii()
    fields = urllib.parse.parse_qs(query)
    assert fields["subject"][0].startswith("Câu hỏi, kiến nghị gửi Ủy ban nhân dân xã")
    assert "Câu hỏi, kiến nghị:" in fields["body"][0]
    # The one tap to the ways of asking, near the top of the page.
    button = page.locator("article a[href='#gui-cau-hoi']")
    expect(button).to_be_visible()
    assert button.evaluate("a => a.getBoundingClientRect().top") < PHONE["height"]
    # Every phone number on a page is a link that dials it.
    page.goto(demo_build.base + demo_build.items["ho-ngheo"])
    article = page.locator("article")
    numbers = re.findall(r"0\d{3} \d{4} \d{3}", article.inner_text())
    assert numbers
    dialled = article.locator("a[href^='tel:']").all_inner_texts()
    assert set(numbers) <= set(dialled), (numbers, dialled)
    context.close()


def test_the_keyboard_on_a_phone_skips_to_content_and_opens_search_on_demand(
    browser: Browser, demo_build
):
    context = phone(browser)
    page = context.new_page()
    page.goto(demo_build.base + "ngan-sach/")
    page.wait_for_load_state("load")
    page.keyboard.press("Tab")
    expect(page.locator("a.md-skip")).to_be_focused()
    page.keyboard.press("Tab")
    search = page.locator(".md-header a.ck-search__nojs")
    expect(search).to_be_focused()
    assert not page.evaluate("document.getElementById('__search').checked"), "search opened"
    box = search.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    # Then into the page, never into the closed menu off the left edge.
    for _ in range(12):
        page.keyboard.press("Tab")
        where = page.evaluate(
            "() => { const e = document.activeElement, r = e.getBoundingClientRect();"
            " return {x: r.left, right: r.right, menu: !!e.closest('.md-sidebar--primary')} }"
        )
        assert not where["menu"] and where["x"] >= 0 and where["right"] <= PHONE["width"], where
    # Enter on the magnifier opens the search box, ready to type in.
    page.goto(demo_build.base + "ngan-sach/")
    page.wait_for_load_state("load")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    box = page.locator("[data-ck-search=header] [data-ck-search-input]")
    expect(box).to_be_focused()
    expect(box).to_be_visible()
    # The commune's name stays whole in the header.
    name = page.locator(".ck-header__name")
    expect(name).to_have_text(re.compile(r"^Xã "))
    assert name.evaluate("n => n.scrollWidth <= n.clientWidth + 1 && n.offsetWidth > 0")
    context.close()


def pdf_of(page: Page, **options) -> pypdfium2.PdfDocument:
    return pypdfium2.PdfDocument(page.pdf(**({"format": "A4"} | options)))


def qr_codes(document: pypdfium2.PdfDocument, index: int = 0) -> list[str]:
    bitmap = document[index].render(scale=3, grayscale=True)
    pixels = memoryview(bytes(bitmap.buffer)).cast("B", (bitmap.height, bitmap.stride))
    found = zxingcpp.read_barcodes(pixels)
    texts = [code.text for code in found if code.format == zxingcpp.BarcodeFormat.QRCode]
    del found
    return texts


def test_a_printed_budget_report_carries_letterhead_address_and_a_qr_code(
    browser: Browser, demo_build
):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    path = next(url for url in demo_build.urls["ngan-sach"] if url.endswith("/ca-nam/"))
    page.goto(demo_build.base + path)
    address = page.locator("link[rel=canonical]").get_attribute("href")
    assert address.endswith("/" + path) and address.startswith("https://")
    page.emulate_media(media="print")
    sizes = page.eval_on_selector_all(
        "article table td", "cells => cells.map(c => parseFloat(getComputedStyle(c).fontSize))"
    )
    assert sizes and min(sizes) >= 11 * 96 / 72 - 0.01, min(sizes)  # 11 pt
    document = pdf_of(page)
    text = document[0].get_textpage().get_text_range()
    title = page.locator("article h1").inner_text()
    assert "ỦY BAN NHÂN DÂN XÃ TÂN HÒA" in text
    assert "Thôn Trung, xã Tân Hòa, tỉnh Ninh Bình" in text
    assert " ".join(title.split()) in " ".join(text.split())
    assert "Ngày đăng:" in text
    assert qr_codes(document) == [address]
    context.close()


def test_a_notice_board_sheet_is_one_a4_page_with_the_window_and_a_qr_code(
    browser: Browser, demo_build
):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    item = demo_build.items["ho-ngheo"]
    page.goto(demo_build.base + item)
    address = page.locator("link[rel=canonical]").get_attribute("href")
    window = page.locator("td", has_text=re.compile(r"^Từ \d")).first.inner_text()
    sheet_link = page.locator(".ck-actions a", has_text="Tờ niêm yết")
    expect(sheet_link).to_be_visible()
    sheet_link.click()
    page.wait_for_url("**/niem-yet/")
    # The sheet's own page size (its stylesheet's @page), not one the test imposes.
    document = pdf_of(page, format=None, prefer_css_page_size=True)
    assert len(document) == 1, "the sheet fits one A4 page"
    width, height = document[0].get_size()
    assert abs(width - 595) <= 2 and abs(height - 842) <= 2, (width, height)  # A4 in points
    text = " ".join(document[0].get_textpage().get_text_range().split())
    start, end = re.match(r"Từ (\S+) đến (\S+)", window).groups()
    assert f"Thời gian niêm yết: từ ngày {start} đến hết ngày {end}" in text
    assert "THÔNG BÁO NIÊM YẾT" in text
    assert qr_codes(document) == [address]
    context.close()
