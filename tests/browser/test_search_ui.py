"""The search box as residents use it: on a 360 px phone, by keyboard, without JavaScript, with
filters on /tim-kiem/, and as the document search of the van-ban listing."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from browser.search_corpus import HEADER, header_results
from generator.publish.search_index import INDEX_DIR, fold, variant

PAGE_AREA = "[data-ck-search=page]"
DOCS_AREA = "[data-ck-search=documents]"


def wait_done(page: Page, area: str) -> None:
    page.wait_for_function(
        "sel => document.querySelector(sel).dataset.ckState === 'done'", arg=area, timeout=15_000
    )


def result_paths(page: Page, area: str) -> list[str]:
    return page.eval_on_selector_all(
        f"{area} [data-ck-search-list] li:not(.ck-result--more) a",
        "links => links.map(a => new URL(a.href).pathname)",
    )


def test_phone_screen_shows_title_type_date_and_excerpt(browser: Browser, corpus_site: str):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(corpus_site)
    box = page.locator(f"{HEADER} [data-ck-search-input]")
    page.locator("label.md-header__button[for=__search]").click()  # the header's magnifier
    expect(box).to_be_visible()
    expect(box).to_be_focused()
    page.keyboard.type("tiem chung")
    page.wait_for_function(
        "() => document.querySelector('[data-ck-search=header]').dataset.ckState === 'done'"
    )
    first = page.locator(f"{HEADER} [data-ck-search-list] li").first
    expect(first).to_be_visible()
    assert (
        first.locator(".ck-result__title").inner_text()
        == "Lịch tiêm chủng mở rộng cho trẻ em tháng 9"
    )
    facts = first.locator(".ck-result__facts").inner_text()
    assert "Thông báo" in facts and "25/08/2025" in facts
    assert "tiêm chủng" in first.locator(".ck-result__excerpt").inner_text().lower()
    # Results can come before Material's box has finished sliding in; measure it at rest.
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    box_right = first.bounding_box()
    assert (
        box_right is not None and box_right["x"] >= 0 and box_right["x"] + box_right["width"] <= 360
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_keyboard_only(page: Page, corpus_site: str):
    page.goto(corpus_site)
    page.keyboard.press("/")
    box = page.locator(f"{HEADER} [data-ck-search-input]")
    expect(box).to_be_focused()
    page.keyboard.type("ho ngheo")
    page.wait_for_function(
        "() => document.querySelector('[data-ck-search=header]').dataset.ckState === 'done'"
    )
    links = page.locator(f"{HEADER} [data-ck-search-list] a")
    page.keyboard.press("ArrowDown")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    page.keyboard.press("ArrowDown")
    target = urlparse(links.nth(0).get_attribute("href") or "").path
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target}")
    assert page.locator("h1").first.inner_text()

    page.keyboard.press("/")
    expect(page.locator(f"{HEADER} [data-ck-search-input]")).to_be_focused()
    page.keyboard.press("Escape")
    assert page.evaluate("document.getElementById('__search').checked") is False


def test_enter_opens_the_search_page_with_every_result(page: Page, corpus_site: str):
    page.goto(corpus_site)
    box = page.locator(f"{HEADER} [data-ck-search-input]")
    box.fill("dat dai")
    box.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=dat+dai")
    wait_done(page, PAGE_AREA)
    found = result_paths(page, PAGE_AREA)
    assert "/tin-bai/2025/luat-dat-dai-2024/" in found
    assert "/tin-bai/2025/duong-thon-bac/" not in found  # only "dài": not a match for `dat`
    expect(page.locator("[data-ck-nojs]")).to_be_hidden()


@pytest.mark.parametrize("width", [360, 1280])
def test_without_javascript_the_box_leads_to_the_listings(
    browser: Browser, corpus_site: str, width: int
):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": width, "height": 740}, is_mobile=width < 400
    )
    page = context.new_page()
    page.goto(corpus_site + "tin-bai/2025/tiem-chung-mo-rong/")
    page.locator("a.ck-search__nojs").click()
    page.wait_for_url("**/tim-kiem/")
    expect(page.locator(PAGE_AREA)).to_be_hidden()
    fallback = page.locator("[data-ck-nojs]")
    expect(fallback).to_be_visible()
    listings = fallback.locator("a").all()
    assert len(listings) >= 10
    hrefs = [link.get_attribute("href") for link in listings]
    assert "../hoi-dap/" in hrefs and "../van-ban/" in hrefs
    for href in hrefs:
        response = page.request.get(page.url + str(href))
        assert response.ok, href
    context.close()


def test_with_javascript_the_plain_link_is_hidden(page: Page, corpus_site: str):
    page.goto(corpus_site)
    expect(page.locator("a.ck-search__nojs")).to_be_hidden()


def test_filters_by_type_and_year(page: Page, corpus_site: str):
    page.goto(corpus_site + "tim-kiem/?q=ho+ngheo")
    wait_done(page, PAGE_AREA)
    everything = result_paths(page, PAGE_AREA)
    assert any(p.startswith("/hoi-dap/") for p in everything)
    assert any(p.startswith("/van-ban/") for p in everything)

    page.select_option(f"{PAGE_AREA} [data-ck-filter=loai]", "Văn bản")
    wait_done(page, PAGE_AREA)
    documents = result_paths(page, PAGE_AREA)
    assert documents and all(p.startswith("/van-ban/") for p in documents)
    assert "loai=" in page.url  # the filtered search can be bookmarked and shared

    page.select_option(f"{PAGE_AREA} [data-ck-filter=loai]", "")
    page.select_option(f"{PAGE_AREA} [data-ck-filter=nam]", "2026")
    wait_done(page, PAGE_AREA)
    assert result_paths(page, PAGE_AREA) == []  # no page of 2026 is about poor households
    page.reload()
    wait_done(page, PAGE_AREA)
    assert page.locator(f"{PAGE_AREA} [data-ck-filter=nam]").input_value() == "2026"


def test_document_search_on_the_van_ban_listing(page: Page, corpus_site: str):
    page.goto(corpus_site + "van-ban/")
    area = page.locator(DOCS_AREA)
    expect(area).to_be_visible()
    box = area.locator("[data-ck-search-input]")

    box.fill("115/QĐ")
    wait_done(page, DOCS_AREA)
    assert result_paths(page, DOCS_AREA)[0] == "/van-ban/2025/qd-115-ho-ngheo/"
    assert "115/QĐ-UBND" in area.locator(".ck-result__facts").first.inner_text()

    box.fill("qd-ubnd")
    wait_done(page, DOCS_AREA)
    assert result_paths(page, DOCS_AREA) == ["/van-ban/2025/qd-115-ho-ngheo/"]

    box.fill("")
    page.select_option(f"{DOCS_AREA} [data-ck-filter=co-quan]", "UBND huyện Nho Quan")
    wait_done(page, DOCS_AREA)
    assert result_paths(page, DOCS_AREA) == ["/van-ban/2025/cv-301-don-doc-ke-khai/"]

    page.select_option(f"{DOCS_AREA} [data-ck-filter=co-quan]", "")
    page.select_option(f"{DOCS_AREA} [data-ck-filter=loai-van-ban]", "Nghị quyết")
    wait_done(page, DOCS_AREA)
    assert result_paths(page, DOCS_AREA) == ["/van-ban/2025/nq-08-du-toan-2026/"]

    page.select_option(f"{DOCS_AREA} [data-ck-filter=loai-van-ban]", "")
    page.select_option(f"{DOCS_AREA} [data-ck-filter=nam]", "2025")
    box.fill("dich benh")
    wait_done(page, DOCS_AREA)
    assert result_paths(page, DOCS_AREA) == ["/van-ban/2025/kh-42-dich-benh/"]


def test_words_are_folded_alike_in_build_and_browser(page: Page, corpus_site: str):
    """The index is keyed by what search_index.fold() and variant() make of a word; the box
    looks words up by what ck-search.js makes of them: the two must agree."""
    page.goto(corpus_site)
    page.wait_for_function("window.congkhaiSearch")
    words = "Đất đai hoà hòa khoẻ khỏe THUỶ nghĩa ngũ ưu Ơn ỷ qđ 115 vneid café naïve ĐƯỜNG"
    samples = words.split(" ")
    samples += [unicodedata.normalize("NFD", s) for s in samples]
    for sample in samples:
        word = unicodedata.normalize("NFC", sample).lower()
        assert page.evaluate("w => congkhaiSearch.fold(w)", sample) == fold(sample), sample
        assert page.evaluate("w => congkhaiSearch.variant(w)", word) == variant(word), sample
    assert variant("hoà") == variant("hòa") == "hoa~1" != variant("hóa")
    assert page.evaluate("q => congkhaiSearch.queryWords(q)", "Số 15/QĐ-UBND, đất") == [
        "số",
        "15qđubnd",
        "đất",
    ]


def test_search_makes_no_request_outside_the_site(page: Page, corpus_site: str):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    page.goto(corpus_site)
    header_results(page, "dong gop")
    page.goto(corpus_site + "tim-kiem/?q=hoc+phi")
    wait_done(page, PAGE_AREA)
    assert hosts == {urlparse(corpus_site).netloc}


def test_a_portal_republished_while_the_page_is_open(
    page: Page, corpus_dir: Path, serve, tmp_path: Path
):
    """A rebuilt portal's index lives under a new name and the old one is gone: a page opened
    before finds the new index on its next search instead of failing."""
    site = tmp_path / "site"
    shutil.copytree(corpus_dir, site)
    base = serve(site)
    page.goto(base)
    assert header_results(page, "tiem chung")[0] == "/tin-bai/2025/tiem-chung-mo-rong/"

    index = site / INDEX_DIR
    entry = json.loads((index / "index.json").read_text())
    (index / entry["version"]).rename(index / "0123456789abcdef")
    entry["version"] = "0123456789abcdef"
    (index / "index.json").write_text(json.dumps(entry))

    assert "/hoi-dap/2025/ho-tro-nha-o-ho-ngheo/" in header_results(page, "ho ngheo")
    assert "/hoi-dap/2025/mien-giam-hoc-phi/" in header_results(page, "hoc phi")
