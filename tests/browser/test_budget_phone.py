"""On a 360 px phone every figure of every budget page is on screen: the forms of Circular 343
(103–120) and a 2026 quarterly report, imported from clerks' workbooks, and the demo commune's
budget, in headless Chromium with JavaScript on and off."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import budget_workbooks as books
import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser

from generator.build import build
from generator.cli import main
from generator.project import Project

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 1)
PUBLISHED = {2024: "2025-07-30", 2025: "2025-07-20", 2026: "2026-10-10"}


def _project(root: Path, with_demo: bool) -> Path:
    shutil.copytree(REPO / "theme", root / "theme")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "site_config", root / "site_config")
    if with_demo:
        shutil.copytree(REPO / "content", root / "content")
    else:  # the forms the site's settings link to
        shutil.copytree(REPO / "content/files", root / "content/files")
    return root


@pytest.fixture(scope="module")
def budget_sites(tmp_path_factory, serve) -> Iterator[list[tuple[str, list[str]]]]:
    """(base URL, budget page URLs) for the imported forms and for the demo commune."""
    sites = []
    forms = _project(tmp_path_factory.mktemp("forms-phone"), with_demo=False)
    folder = tmp_path_factory.mktemp("forms-books")
    for spec in books.SPECS.values():
        result = CliRunner().invoke(
            main,
            ["import", "ngan-sach", str(books.make(spec, folder)), "-p", str(forms),
             "--published", PUBLISHED[spec.year]],
            catch_exceptions=False,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    demo = _project(tmp_path_factory.mktemp("demo-phone"), with_demo=True)
    for root in (forms, demo):
        built = build(Project(root), as_of=AS_OF)
        assert built.published, [d.message for d in built.diagnostics if d.is_error]
        urls = sorted(r.url for r in built.records if r.kind.folder == "ngan-sach")
        assert urls
        sites.append((serve(root / "site"), urls))
    yield sites


@pytest.mark.parametrize("javascript", [True, False])
def test_every_figure_cell_of_every_budget_page_lies_inside_a_360px_screen(
    browser: Browser, budget_sites, javascript: bool
):
    context = browser.new_context(
        viewport={"width": 360, "height": 780},
        is_mobile=True,
        locale="vi-VN",
        java_script_enabled=javascript,
    )
    page = context.new_page()
    checked = 0
    outside: list[str] = []
    for base, urls in budget_sites:
        for url in urls:
            page.goto(base + url)
            boxes = page.evaluate(
                """() => [...document.querySelectorAll('table.ck-form td[data-label]')].map(td => {
                    const r = td.getBoundingClientRect();
                    return [td.textContent.trim(), r.left, r.right, r.width];
                })"""
            )
            assert boxes, f"no budget figures on {url}"
            for text, left, right, width in boxes:
                checked += 1
                if left < 0 or right > 360 or width == 0:
                    outside.append(f"{url}: {text} [{left:.0f}, {right:.0f}]")
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, url
    context.close()
    assert not outside, "\n".join(outside[:20])
    assert checked > 1000
