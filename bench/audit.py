"""Benchmark `congkhai audit` over N synthetic communes, from local manifests and over HTTP.

    uv run python bench/audit.py                 # N = 100 and 1000, both sources
    uv run python bench/audit.py -n 100 --source http

Each commune's manifest is the demo commune's, as the publish stage writes it, with a random
third of its items removed (so the communes have different gaps) and its own name. The HTTP
source serves them from one threaded http.server on 127.0.0.1. Prints the wall time of each stage
of the audit (read and check the manifests, evaluate the rules, write the dashboard) and the peak
resident memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import json
import platform
import random
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.audit.dashboard import write_dashboard  # noqa: E402
from generator.audit.matrix import audit  # noqa: E402
from generator.audit.portals import read_portals  # noqa: E402
from generator.audit.registry import load_registry, official_wards  # noqa: E402
from generator.build import published_records, validate_project  # noqa: E402
from generator.load.rules import load_rules  # noqa: E402
from generator.project import Project  # noqa: E402
from generator.publish import published_files  # noqa: E402
from generator.publish.manifest import MANIFEST_PATH  # noqa: E402

AS_OF = dt.date(2026, 11, 20)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def demo_manifest() -> dict:
    _, validated = validate_project(Project(REPO), as_of=AS_OF)
    assert validated.site is not None
    published = published_records(validated.records, AS_OF)
    withdrawn = [r for r in validated.records if r not in published]
    data = published_files(validated.site, published, AS_OF, None, withdrawn)[MANIFEST_PATH]
    return json.loads(data)


def write_communes(root: Path, n: int, source: str, base_url: str) -> Path:
    template = demo_manifest()
    rng = random.Random(n)
    codes = sorted(official_wards())[:n]
    lines = ["title: Đo thời gian kiểm tra", "checked_from: 2025-01-01", "communes:"]
    for index, code in enumerate(codes):
        manifest = dict(template)
        manifest["items"] = [item for item in template["items"] if rng.random() > 1 / 3]
        manifest["site"] = {**template["site"], "commune": f"Xã {index}", "url": None}
        target = root / "sites" / code / MANIFEST_PATH
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        if source == "local":
            lines.append(f'  - {{code: "{code}", site: sites/{code}}}')
        else:
            lines.append(f'  - {{code: "{code}", url: "{base_url}{code}/"}}')
    registry = root / "registry.yaml"
    registry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return registry


def run(n: int, source: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        server = None
        base_url = ""
        if source == "http":
            handler = functools.partial(_Quiet, directory=str(root / "sites"))
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            base_url = f"http://127.0.0.1:{server.server_address[1]}/"
        registry_path = write_communes(root, n, source, base_url)
        timings: dict[str, float] = {}
        start = time.perf_counter()
        loaded = load_registry(registry_path)
        rules = load_rules()
        assert loaded.registry is not None
        timings["registry + rules"] = time.perf_counter() - start

        mark = time.perf_counter()
        portals = read_portals(loaded.registry, as_of=AS_OF, jobs=8)
        timings["read + schema-check manifests"] = time.perf_counter() - mark
        assert all(p.ok for p in portals), [p.problem for p in portals if p.problem][:3]

        mark = time.perf_counter()
        result = audit("bench", portals, rules.rules, AS_OF)
        timings["evaluate rules"] = time.perf_counter() - mark

        mark = time.perf_counter()
        write_dashboard(result, root / "out")
        timings["write dashboard"] = time.perf_counter() - mark
        timings["total"] = time.perf_counter() - start
        timings["items per manifest"] = sum(len(p.records) for p in portals) / n
        if server is not None:
            server.shutdown()
            server.server_close()
        return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, action="append", help="communes (repeatable)")
    parser.add_argument("--source", choices=["local", "http", "both"], default="both")
    args = parser.parse_args()
    sizes = args.n or [100, 1000]
    sources = ["local", "http"] if args.source == "both" else [args.source]
    print(f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    for source in sources:
        for n in sizes:
            timings = run(n, source)
            print(f"\nN = {n}, {source}")
            for stage, value in timings.items():
                unit = "" if stage == "items per manifest" else " s"
                print(f"  {stage:32} {value:8.2f}{unit}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main()
