"""The query set over a full portal: the demo commune and the search corpus together (well over a
hundred pages of every type), typed into the header search box in Chromium on a phone and on a
desktop screen. Every query must find its page among the first three results, in every
category; the failures are printed with what came back."""

from __future__ import annotations

from collections import defaultdict

import pytest
from playwright.sync_api import Browser

from browser.search_corpus import PORTAL_QUERIES, header_results


def test_the_portal_is_full(portal_dir):
    items = list(portal_dir.glob("*/*/*/index.html")) + list(
        portal_dir.glob("thu-tuc/*/index.html")
    )
    assert len(list(portal_dir.rglob("index.html"))) >= 100
    assert len(items) >= 80
    assert len(PORTAL_QUERIES) >= 70
    assert len({category for category, _, _ in PORTAL_QUERIES}) == 9


@pytest.mark.parametrize("width", [360, 1280])
def test_every_query_finds_its_page_in_the_top_three(browser: Browser, portal_site, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN")
    page = context.new_page()
    page.goto(portal_site)
    if width < 960:
        page.locator("label.md-header__button[for=__search]").click()  # the phone's magnifier
    outcome: dict[str, list[bool]] = defaultdict(list)
    failures = []
    for category, query, expected in PORTAL_QUERIES:
        top = header_results(page, query)[:3]
        hit = any(f"/{url}/" in top for url in expected)
        outcome[category].append(hit)
        if not hit:
            failures.append(f"  [{category}] {query!r}: expected {expected}, top 3 {top}")
    context.close()
    lines = [f"{category:<17} {sum(hits):>3}/{len(hits)}" for category, hits in outcome.items()]
    report = "\n".join(lines + (["failed:", *failures] if failures else []))
    print("\n" + report)
    assert not failures, report
