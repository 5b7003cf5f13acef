"""Charts as a resident's browser shows them, with JavaScript off: Chromium names each chart from
its Vietnamese title, the chart fits a 360 px phone without sideways scrolling and without shrinking
its labels below legibility, and nothing is fetched from outside the site. Screenshots at 360 px
and 1280 px are kept in $CONGKHAI_ARTEFACTS/charts (or the pytest temporary directory)."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from fixtures import CHART_FILES, SITE_YAML, axe_violations, dedent, describe
from playwright.sync_api import Browser, Page, expect

AS_OF = dt.date(2025, 12, 1)
PAGES = [
    "ngan-sach/",
    "ngan-sach/2025/",
    "ngan-sach/2025/6-thang/",
    "hoi-dap/",
    "muc-do-cong-khai/",
]
WIDTHS = (360, 1280)


@pytest.fixture(scope="module")
def base_url(build_site, serve) -> str:
    files = {name: dedent(text) for name, text in CHART_FILES.items()}
    files["site_config/site.yaml"] = SITE_YAML
    return serve(build_site("chart-view", files, AS_OF))


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory) -> Path:
    base = os.environ.get("CONGKHAI_ARTEFACTS")
    folder = Path(base) / "charts" if base else tmp_path_factory.mktemp("charts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("url", PAGES)
def test_chart_is_named_fits_and_fetches_nothing(browser: Browser, base_url, artefacts, url, width):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=False, locale="vi-VN"
    )
    page = context.new_page()
    outside: list[str] = []
    origin = urlparse(base_url).netloc
    page.on(
        "request", lambda r: outside.append(r.url) if urlparse(r.url).netloc != origin else None
    )
    page.goto(base_url + url)

    figures = page.locator("figure.ck-chart")
    assert figures.count() >= 1
    for index in range(figures.count()):
        figure = figures.nth(index)
        caption = figure.locator("figcaption strong").inner_text()
        # The accessible name Chromium computes for the SVG (role=img, aria-labelledby <title>).
        chart = page.get_by_role("img", name=caption, exact=True)
        assert chart.count() == 1, caption
        # ... and its description, from <desc>: the chart's figures in words.
        expect(chart).to_have_accessible_description(re.compile(r"\d"))
        box = chart.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, caption
        drawn_width = float(chart.get_attribute("width"))
        # Never shrunk below 80 %: 11 px labels stay at least about 9 px on a 360 px phone.
        assert box["width"] >= 0.8 * min(drawn_width, width), caption
        figure.screenshot(path=artefacts / f"{re.sub(r'[^a-z0-9]+', '-', url)}{width}-{index}.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert outside == []
    context.close()


@pytest.mark.parametrize("url", PAGES)
def test_pages_with_charts_pass_axe(page: Page, base_url, url):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(base_url + url)
    assert page.locator("figure.ck-chart svg[role=img]").count() >= 1
    violations = axe_violations(page)
    assert not violations, describe(violations)
