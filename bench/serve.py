"""Benchmark the live preview: how long after saving a file staff see the change.

    uv run python bench/serve.py            # N = 1,000
    uv run python bench/serve.py -n 5000

Writes the synthetic commune of all types (bench/synthetic.py), starts `congkhai serve` on it,
waits for the first build, then, five times, changes one question's title and measures the time
until the server sends the item's page with the new title (file saved → page served, watcher
included; the search index follows in the background). Then the same one-record edit through the
preview's rebuild alone, stage by stage, without the server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from synthetic import make_all_types_commune  # noqa: E402

from generator.commands.serve import Preview  # noqa: E402
from generator.project import Project  # noqa: E402

AS_OF = dt.date(2026, 1, 1)
EDITED = "content/hoi-dap/2025-den-duong-lien-thon.yaml"
PAGE = "hoi-dap/2025/den-duong-lien-thon/"


def retitle(root: Path, title: str) -> None:
    path = root / EDITED
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M), "utf-8")


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def through_server(root: Path, edits: int) -> tuple[float, list[float]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = (root / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-p", str(root),
         "--as-of", AS_OF.isoformat(), "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=REPO,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/{PAGE}"
    start = time.perf_counter()
    try:
        while True:
            try:
                _get(url)
                break
            except OSError:
                if process.poll() is not None:
                    raise SystemExit((root / "serve.log").read_text("utf-8")[-2000:]) from None
                time.sleep(0.05)
        first = time.perf_counter() - start
        # Each edit starts on an idle preview: the search index of the build before is done.
        _wait_for_search_index(root, 1)
        times = []
        for edit in range(edits):
            title = f"Kiến nghị lắp đèn đường liên thôn lần {edit + 1}"
            saved = time.perf_counter()
            retitle(root, title)
            while title not in _get(url):
                time.sleep(0.02)
            times.append(time.perf_counter() - saved)
            _wait_for_search_index(root, edit + 2)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
        log.close()
    return first, times


def _wait_for_search_index(root: Path, count: int) -> None:
    """Until the server has said `count` times that the search index is up to date."""
    while (root / "serve.log").read_text("utf-8").count("chỉ mục tìm kiếm") < count:
        time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    print(f"congkhai serve benchmark, {dt.date.today()}, N = {args.count:,}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    with tempfile.TemporaryDirectory(prefix="congkhai-serve-") as tmp:
        root = Path(tmp)
        make_all_types_commune(root, args.count)
        first, times = through_server(root, args.edits)
        print(f"  first build, until the page is served: {first:.2f} s")
        print(
            f"  one-record edit, file saved → page served: median {statistics.median(times):.2f} s"
            f" (runs: {', '.join(f'{t:.2f}' for t in times)})"
        )

        site = root / "preview-site"
        site.mkdir()
        preview = Preview(Project(root), site, AS_OF)
        preview.rebuild()
        preview.index_search()
        runs, searches = [], []
        for edit in range(args.edits):
            retitle(root, f"Kiến nghị lắp đèn đường lần {edit + 10}")
            done = preview.rebuild()
            assert done.ok and done.pages is not None, done.diagnostics[:3]
            runs.append(done)
            preview.index_search()
            searches.append(preview.search_seconds)
        same = preview.rebuild()
        print(
            f"  preview rebuild alone after a one-record edit: median "
            f"{statistics.median(r.seconds for r in runs):.2f} s, {len(runs[0].pages)} pages written"
        )
        print(
            f"  then the search index, in the background: median "
            f"{statistics.median(searches):.2f} s"
        )
        print(f"  preview rebuild with nothing changed: {same.seconds:.2f} s")
        for stage, seconds in runs[-1].timings.items():
            print(f"    {stage:<9} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
