"""Benchmark the search index on N synthetic disclosures.

    uv run python bench/search.py                  # N = 1000 and 5000
    uv run python bench/search.py -n 1000
    uv run python bench/search.py -n 5000 --all-types   # the demo's items of all 20 types

Builds the first benchmark's synthetic commune (bench/synthetic.py, `make_commune`: budgets,
household reviews, questions) with the real pipeline, then reports the search stage's wall time,
the size of the index (site/ck-search/), and what a resident's first query downloads: the site is
served on 127.0.0.1, a fresh headless Chromium (Debian's, /usr/bin/chromium) opens the home page
and puts the query into the header box, and every response under /ck-search/ and the search
script is counted, raw and as a web server would send it with gzip (-6). Then the same for the
query typed one letter at a time, slowly enough that every letter is searched (the worst case of
searching as one types; the box waits 150 ms after the last key).
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

from synthetic import make_all_types_commune, make_commune  # noqa: E402

from generator.build import build  # noqa: E402
from generator.project import Project  # noqa: E402

QUERIES = ["ho ngheo", "dat dai", "quyet toan ngan sach", "hộ nghèo", "ho ng", "h"]
TYPED = "ho ngheo"
INDEX = "ck-search/"
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


def bundle_size(bundle: Path) -> tuple[int, int, dict[str, tuple[int, int]]]:
    """(files, bytes, and files and bytes by kind) of the index on disk."""
    files = [p for p in bundle.rglob("*") if p.is_file()]
    by_kind: dict[str, tuple[int, int]] = {}
    for path in files:
        kind = kind_of(INDEX + path.relative_to(bundle).as_posix())
        count, size = by_kind.get(kind, (0, 0))
        by_kind[kind] = (count + 1, size + path.stat().st_size)
    return len(files), sum(p.stat().st_size for p in files), by_kind


def kind_of(path: str) -> str:
    if path.endswith(".js"):
        return "code"
    if path == INDEX + "index.json":
        return "entry"
    folder = path.split("/")[2] if path.count("/") >= 2 else ""
    return {"w": "words", "p": "postings", "f": "results", "q": "pairs"}.get(folder, "facets")


def measure(
    site: Path, query: str, typed: bool
) -> tuple[int, int, int, float, dict[str, int], str]:
    """(responses, raw bytes, bytes sent with gzip, seconds until results, gzip bytes by kind,
    the box's status line) for one query in a fresh browser, put in at once or `typed` one
    letter at a time."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    responses: list = []
    counted: list[tuple[int, int]] = []
    by_kind: dict[str, int] = {}

    def count(response) -> None:
        path = response.url.removeprefix(base)
        if path.startswith(INDEX) or path.endswith("ck-search.js"):
            responses.append((path, response))

    done = (
        "q => { const a = document.querySelector('[data-ck-search=header]');"
        " return a.dataset.ckQuery === q && a.dataset.ckState === 'done'; }"
    )
    box = "[data-ck-search=header] [data-ck-search-input]"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
            )
            page = browser.new_page()
            # The script is counted too: a resident's first visit downloads it.
            page.on("response", count)
            page.goto(base)
            page.wait_for_load_state("networkidle")
            start = time.perf_counter()
            if typed:
                for end in range(1, len(query) + 1):
                    page.fill(box, query[:end])
                    if query[end - 1] != " ":
                        page.wait_for_function(done, arg=query[:end], timeout=60_000)
            else:
                page.fill(box, query)
                page.wait_for_function(done, arg=query, timeout=60_000)
            seconds = time.perf_counter() - start
            page.wait_for_load_state("networkidle")
            found = page.inner_text("[data-ck-search=header] [data-ck-search-status]")
            for path, response in responses:
                body = response.body()
                sent = min(len(body), len(gzip.compress(body, 6)))
                counted.append((len(body), sent))
                by_kind[kind_of(path)] = by_kind.get(kind_of(path), 0) + sent
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    raw, sent = sum(r for r, _ in counted), sum(g for _, g in counted)
    return len(counted), raw, sent, seconds, by_kind, found


def run(count: int, all_types: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="congkhai-bench-search-") as tmp:
        root = Path(tmp)
        if all_types:
            make_all_types_commune(root, count)
        else:
            make_commune(root, count)
        result = build(Project(root), as_of=dt.date(2026, 1, 1))
        if not result.published:
            raise SystemExit(f"build failed: {result.diagnostics[:3]}")
        site = root / "site"
        pages = sum(1 for _ in site.rglob("index.html"))
        files, size, on_disk = bundle_size(site / "ck-search")
        print(f"{count} disclosures, {pages} HTML pages")
        print(f"  html stage         {result.timings['html']:8.2f} s")
        print(f"  publish stage (with the search index) {result.timings['publish']:8.2f} s")
        print(f"  index size         {size / 1024 / 1024:8.2f} MiB in {files} files")
        for kind, (count, kind_size) in sorted(on_disk.items()):
            print(f"    {kind:<10} {kind_size / 1024 / 1024:8.2f} MiB in {count} files")
        runs = [(q, False) for q in QUERIES] + [(TYPED, True)]
        for query, typed in runs:
            responses, raw, sent, seconds, by_kind, found = measure(site, query, typed)
            kinds = ", ".join(f"{k} {v / 1024:.1f}" for k, v in sorted(by_kind.items()))
            label = f"typed {query!r}" if typed else f"first query {query!r}"
            print(
                f"  {label:<36} {responses:3d} requests, {raw / 1024:7.1f} kB raw, "
                f"{sent / 1024:7.1f} kB with gzip ({kinds}), results in {seconds:5.2f} s: {found}"
            )
        shutil.rmtree(site)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, action="append")
    parser.add_argument(
        "--all-types",
        action="store_true",
        help="bench/build.py's commune of all 20 types, made from the demo's own items",
    )
    args = parser.parse_args()
    print(
        f"congkhai search benchmark; machine: {platform.machine()}, "
        f"{platform.python_implementation()} {platform.python_version()}"
    )
    for count in args.count or [1000, 5000]:
        run(count, args.all_types)


if __name__ == "__main__":
    main()
