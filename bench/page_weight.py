"""What a first visit to each kind of page transfers, gzip-compressed.

    uv run python bench/page_weight.py                 # builds the demo commune into a temp dir
    uv run python bench/page_weight.py --site site/    # measures an existing build

Opens one page of every template in headless Chromium (Debian's /usr/bin/chromium, or
$CONGKHAI_CHROMIUM) with an empty cache, records every request the page makes until the network
is idle, and sums each response gzip-compressed at level 6 (what a web server with gzip on sends;
fonts and images are counted as they are, since they are compressed already). A request for a
file that does not exist is counted as the site's 404.html, which a web server set up for MkDocs
sends in reply. Prints one row per page and a breakdown of the item page with the most weight;
exits 1 when an item page exceeds the budget.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import build, published_records  # noqa: E402
from generator.project import Project  # noqa: E402
from generator.types import TYPES  # noqa: E402

BUDGET_KB = 150
ALREADY_COMPRESSED = {".woff2", ".woff", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".pdf", ".gz"}
OTHER_PAGES = ["", "ngan-sach/", "hoi-dap/", "muc-do-cong-khai/", "tim-kiem/", "en/"]


@dataclass
class Visit:
    path: str
    files: dict[str, int] = field(default_factory=dict)
    """Site path -> bytes on the wire (gzip-compressed where a server would compress)."""
    missing: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.files.values())

    def share(self, suffixes: tuple[str, ...]) -> int:
        return sum(size for name, size in self.files.items() if name.endswith(suffixes))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def wire_size(path: Path) -> int:
    data = path.read_bytes()
    if path.suffix.lower() in ALREADY_COMPRESSED:
        return len(data)
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def site_file(site: Path, url_path: str) -> Path | None:
    relative = unquote(url_path).lstrip("/")
    candidate = site / relative
    if candidate.is_dir() or relative == "" or relative.endswith("/"):
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def visit(browser, base: str, site: Path, path: str, width: int) -> Visit:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    result = Visit(path)
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    context.close()
    for url in dict.fromkeys(seen):
        parsed = urlparse(url)
        if parsed.scheme == "data":
            continue
        if parsed.hostname != "127.0.0.1":
            raise SystemExit(f"{path}: a request left the site: {url}")
        found = site_file(site, parsed.path)
        if found is None:
            result.missing.append(parsed.path)
            found = site / "404.html"
        result.files[parsed.path] = wire_size(found)
    return result


def item_pages(records, as_of: dt.date) -> dict[str, str]:
    first: dict[str, str] = {}
    for record in sorted(published_records(records, as_of), key=lambda r: r.url):
        first.setdefault(record.kind.folder, record.url)
    return {folder: first[folder] for folder in TYPES if folder in first}


def build_demo(into: Path) -> tuple[Path, dict[str, str]]:
    for name in ("content", "site_config", "theme"):
        shutil.copytree(REPO / name, into / name)
    shutil.copy(REPO / "mkdocs.yml", into / "mkdocs.yml")
    as_of = dt.date(2026, 12, 1)
    result = build(Project(into), as_of=as_of)
    if not result.published:
        raise SystemExit("the demo commune did not build")
    return into / "site", item_pages(result.records, as_of)


def kb(size: int) -> str:
    return f"{size / 1024:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an existing build to measure (site/)")
    parser.add_argument("--width", type=int, default=360, help="viewport width in px")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    chromium = (
        os.environ.get("CONGKHAI_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    )
    with tempfile.TemporaryDirectory() as tmp:
        if args.site:
            site = args.site.resolve()
            items = {}
            for folder in TYPES:
                pages = sorted(p.parent for p in (site / folder).glob("*/*/index.html"))
                pages += sorted(p.parent for p in (site / folder).glob("*/index.html"))
                leaves = [p for p in pages if not p.name.isdigit()]
                if leaves:
                    items[folder] = leaves[0].relative_to(site).as_posix() + "/"
        else:
            site, items = build_demo(Path(tmp))
        paths = OTHER_PAGES + list(items.values())
        with served(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            visits = [visit(browser, base, site, path, args.width) for path in paths]
            browser.close()

    print(f"First visit, empty cache, {args.width} px wide; kB gzip-compressed (level 6).\n")
    print("| page | HTML | CSS | JS | other | total | requests | of them 404 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for v in visits:
        html = sum(
            size for name, size in v.files.items() if name.endswith("/") and name not in v.missing
        )
        css = v.share((".css",))
        js = v.share((".js",))
        other = v.total - html - css - js
        row = [kb(html), kb(css), kb(js), kb(other), f"**{kb(v.total)}**"]
        print(f"| /{v.path} | {' | '.join(row)} | {len(v.files)} | {len(v.missing)} |")

    item_visits = [v for v in visits if v.path in items.values()]
    heaviest = max(item_visits, key=lambda v: v.total)
    print(f"\nHeaviest item page: /{heaviest.path}")
    for name, size in sorted(heaviest.files.items(), key=lambda f: -f[1]):
        print(f"  {kb(size):>7} kB  {name}")
    for name in heaviest.missing:
        print(f"  {name} does not exist: counted as 404.html")
    over = [v for v in item_visits if v.total > BUDGET_KB * 1024]
    print(
        f"\nBudget {BUDGET_KB} kB per item page: {'exceeded by ' + ', '.join('/' + v.path for v in over) if over else 'met'}."
    )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
