"""Benchmark the search index on N synthetic disclosures.

    uv run python bench/search.py                  # N = 1000 and 5000
    uv run python bench/search.py -n 1000

Builds bench/build.py's synthetic commune with the real pipeline, then reports the search stage's
wall time, the size of the Pagefind bundle, and what a resident's first query downloads: the
site is served on 127.0.0.1, a fresh headless Chromium (Debian's, /usr/bin/chromium) types the
query into the header box, and every response under /pagefind/ and the search script is counted,
raw and as a web server would send it with gzip (-6; Pagefind's own chunks are already gzipped,
so for those the smaller of the two is counted).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import platform
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from build import make_commune  # noqa: E402

from generator.pipeline import build  # noqa: E402
from generator.project import Project  # noqa: E402

QUERIES = ["ho ngheo", "dat dai", "quyet toan ngan sach"]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def bundle_size(bundle: Path) -> tuple[int, int]:
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def kind_of(path: str) -> str:
    if "/fragment/" in path:
        return "fragments"
    if "/index/" in path:
        return "index"
    if path.endswith((".pf_meta", "pagefind-entry.json")):
        return "meta"
    return "code"


def first_query_bytes(site: Path, query: str) -> tuple[int, int, int, float, dict[str, int]]:
    """(responses, raw bytes, bytes sent with gzip, seconds until results, gzip bytes by kind)
    for one first query in a fresh browser."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    counted: list[tuple[int, int]] = []
    by_kind: dict[str, int] = {}

    def count(response) -> None:
        path = response.url.removeprefix(base)
        if path.startswith("pagefind/") or path.endswith("ck-search.js"):
            body = response.body()
            sent = min(len(body), len(gzip.compress(body, 6)))
            counted.append((len(body), sent))
            by_kind[kind_of(path)] = by_kind.get(kind_of(path), 0) + sent

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
            )
            page = browser.new_page()
            page.goto(base)
            page.on("response", count)
            counted.clear()
            start = time.perf_counter()
            page.fill("[data-ck-search=header] [data-ck-search-input]", query)
            page.wait_for_function(
                "q => { const a = document.querySelector('[data-ck-search=header]');"
                " return a.dataset.ckQuery === q && a.dataset.ckState === 'done'; }",
                arg=query,
                timeout=60_000,
            )
            seconds = time.perf_counter() - start
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return len(counted), sum(r for r, _ in counted), sum(g for _, g in counted), seconds, by_kind


def run(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="congkhai-bench-search-") as tmp:
        root = Path(tmp)
        make_commune(root, count)
        result = build(Project(root), as_of=dt.date(2026, 1, 1))
        if not result.published:
            raise SystemExit(f"build failed: {result.diagnostics[:3]}")
        site = root / "site"
        pages = sum(1 for _ in site.rglob("index.html"))
        files, size = bundle_size(site / "pagefind")
        print(f"{count} disclosures, {pages} HTML pages")
        print(f"  mkdocs stage       {result.timings['mkdocs']:8.2f} s")
        print(f"  search index stage {result.timings['search']:8.2f} s")
        print(f"  index size         {size / 1024 / 1024:8.2f} MiB in {files} files")
        for query in QUERIES:
            responses, raw, sent, seconds, by_kind = first_query_bytes(site, query)
            kinds = ", ".join(f"{k} {v / 1024:.1f}" for k, v in sorted(by_kind.items()))
            print(
                f"  first query {query!r:<24} {responses:3d} requests, {raw / 1024:7.1f} kB raw, "
                f"{sent / 1024:7.1f} kB with gzip ({kinds}), results in {seconds:5.2f} s"
            )
        shutil.rmtree(site)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, action="append")
    args = parser.parse_args()
    print(
        f"congkhai search benchmark; machine: {platform.machine()}, "
        f"{platform.python_implementation()} {platform.python_version()}"
    )
    for count in args.count or [1000, 5000]:
        run(count)


if __name__ == "__main__":
    main()
