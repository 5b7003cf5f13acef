"""Screenshots of the pages with charts, at a phone's and a desktop's width, to look at by eye.

    uv run python bench/screenshots.py OUT_DIR

Builds the demo commune (content/ of this repository) into a temporary folder, writes an audit
dashboard from two audits of communes that all serve the demo's site (so that each commune's
page has its trend), and saves full-page PNGs (and one of each chart alone) of the budget listing, a budget
report, the questions page, the completeness page and the audit's pages at 360 px and 1280 px in Chromium
(Debian's /usr/bin/chromium, or $CONGKHAI_CHROMIUM) with JavaScript off, as a resident without
scripts sees them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from page_weight import build_demo, served  # noqa: E402

from generator.audit.run import run_audit  # noqa: E402

WIDTHS = (360, 1280)
COMMUNES = ("14464", "14500", "14482")
"""Real codes of Ninh Bình communes: the registry checks them against the official list."""


def write_audit(site: Path, into: Path) -> Path:
    """Two audits of the same portal, the second against the first's matrix.json."""
    lines = ["checked_from: 2025-01-01", "communes:"]
    for code in COMMUNES:
        lines.append(f'  - {{code: "{code}", site: "{site}"}}')
    registry = into / "registry.yaml"
    registry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = into / "audit-1"
    run_audit(registry, as_of=dt.date(2026, 9, 1), out=first)
    out = into / "audit"
    run = run_audit(registry, as_of=dt.date(2026, 12, 1), out=out, previous=first / "matrix.json")
    if run.audit is None:
        raise SystemExit("the audit did not run")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the PNG files")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    chromium = (
        os.environ.get("CONGKHAI_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    )
    with tempfile.TemporaryDirectory() as tmp:
        site, items = build_demo(Path(tmp) / "demo")
        audit = write_audit(site, Path(tmp))
        portal_pages = ["ngan-sach/", items["ngan-sach"], "hoi-dap/", "muc-do-cong-khai/"]
        # The provinces, Ninh Bình's matrix (37), the figures per rule, a commune.
        audit_pages = ["index.html", "tinh/37.html", "quy-tac.html", f"xa/{COMMUNES[0]}.html"]
        with (
            served(site) as portal,
            served(audit) as dashboard,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(executable_path=chromium, headless=True)
            for base, pages, prefix in (
                (portal, portal_pages, "cong"),
                (dashboard, audit_pages, "kiem-tra"),
            ):
                for path in pages:
                    for width in WIDTHS:
                        context = browser.new_context(
                            viewport={"width": width, "height": 900},
                            java_script_enabled=False,
                            locale="vi-VN",
                        )
                        page = context.new_page()
                        page.goto(base + path.lstrip("/"))
                        name = re.sub(r"[^a-z0-9]+", "-", f"{prefix}-{path}").strip("-")
                        target = args.out / f"{name}-{width}.png"
                        page.screenshot(path=target, full_page=True)
                        wide = page.evaluate("document.documentElement.scrollWidth") > width
                        print(f"{target}{'  (wider than the screen)' if wide else ''}")
                        # Each chart alone too: a full page can be too tall to look at.
                        figures = page.locator("figure.ck-chart")
                        for index in range(figures.count()):
                            figures.nth(index).screenshot(
                                path=args.out / f"{name}-{width}-chart-{index + 1}.png"
                            )
                        context.close()
            browser.close()


if __name__ == "__main__":
    main()
