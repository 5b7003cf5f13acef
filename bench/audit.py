"""Benchmark `congkhai audit` over N synthetic communes, from local manifests and over HTTP.

    uv run python bench/audit.py                  # N = 1000 and 3321, local and HTTP
    uv run python bench/audit.py -n 300 --source http

Each commune is a real commune of the official list (in the list's order, so that N = 3321 is
the whole country, 34 provinces) whose manifest is the demo commune's, as the publish stage
writes it, with a random third of its items removed (so the communes have different gaps) and
its own name. Over HTTP the manifests are served by `python -m http.server` in a process of its
own on 127.0.0.1 (it answers If-Modified-Since with 304), audited twice: the first time with an
empty cache (every manifest downloaded), then again as a daily re-audit would (headers only).

Every run is a fresh process, so that its peak memory is its own: the main process's peak RSS
and the largest worker process's are printed, with the largest page written and the sizes of
matrix.json and matrix.csv. The CPU time of the audit's processes (user + system, the main one
and its workers) is printed too: on a machine shared with other jobs the wall time says more
about the neighbours than about the audit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

AS_OF = dt.date(2026, 11, 20)


def demo_manifest() -> dict:
    from generator.build import published_records, validate_project
    from generator.project import Project
    from generator.publish import published_files
    from generator.publish.manifest import MANIFEST_PATH

    _, validated = validate_project(Project(REPO), as_of=AS_OF)
    assert validated.site is not None
    published = published_records(validated.records, AS_OF)
    withdrawn = [r for r in validated.records if r not in published]
    data = published_files(validated.site, published, AS_OF, None, withdrawn)[MANIFEST_PATH]
    return json.loads(data)


def write_communes(root: Path, n: int) -> list[str]:
    """The manifests of the first `n` communes of the official list, under root/sites/<code>/."""
    from generator.audit.official import official_ward_list
    from generator.publish.manifest import MANIFEST_PATH

    template = demo_manifest()
    rng = random.Random(n)
    wards = official_ward_list()[:n]
    for ward in wards:
        manifest = dict(template)
        manifest["items"] = [item for item in template["items"] if rng.random() > 1 / 3]
        manifest["site"] = {**template["site"], "commune": ward.name, "url": None}
        target = root / "sites" / ward.code / MANIFEST_PATH
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return [w.code for w in wards]


def write_registry(root: Path, codes: list[str], source: str, base_url: str) -> Path:
    lines = ["title: Đo thời gian kiểm tra", "checked_from: 2025-01-01", "communes:"]
    for code in codes:
        if source == "local":
            lines.append(f'  - {{code: "{code}", site: sites/{code}}}')
        else:
            lines.append(f'  - {{code: "{code}", url: "{base_url}{code}/"}}')
    registry = root / f"registry-{source}.yaml"
    registry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return registry


def measure(registry: Path, out: Path, cache: Path | None) -> dict[str, float]:
    """One audit in this process, timed by stage."""
    from generator.audit.dashboard import write_dashboard
    from generator.audit.http_cache import HttpCache
    from generator.audit.matrix import Audit, Judge, rules_in_force
    from generator.audit.registry import load_registry
    from generator.audit.stream import Context, audit_communes, default_processes
    from generator.load.rules import load_rules

    timings: dict[str, float] = {}
    start = time.perf_counter()
    loaded = load_registry(registry)
    assert loaded.registry is not None, [str(d) for d in loaded.diagnostics][:3]
    columns = rules_in_force(load_rules().rules, AS_OF)
    timings["registry + rules"] = time.perf_counter() - start

    mark = time.perf_counter()
    frame = Audit(loaded.registry.title, AS_OF, columns, [])
    context = Context(loaded.registry, Judge(columns, AS_OF), frame, None, out)
    frame.communes = audit_communes(
        context,
        loaded.registry.communes,
        jobs=8,
        processes=default_processes(),
        cache=HttpCache(cache) if cache is not None else None,
    )
    timings["communes: read, check, evaluate, own page"] = time.perf_counter() - mark
    problems = [c.problem for c in frame.communes if c.problem is not None]
    assert not problems, [str(p) for p in problems[:3]]

    mark = time.perf_counter()
    write_dashboard(frame, out)
    timings["pages over all communes, CSV, JSON"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - start
    n = len(frame.communes)
    timings["communes per second"] = n / timings["total"]
    timings["unchanged (304)"] = sum(c.unchanged for c in frame.communes)
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
    timings["CPU time, all processes, s"] = cpu
    timings["CPU ms per commune"] = 1000 * cpu / n
    timings["peak RSS main, MiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    timings["peak RSS largest worker, MiB"] = (
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    )
    pages = [p for p in out.rglob("*.html")]
    largest = max(pages, key=lambda p: p.stat().st_size)
    timings[f"largest page, kB ({largest.relative_to(out)})"] = largest.stat().st_size / 1000
    timings["matrix.json, MB"] = (out / "matrix.json").stat().st_size / 1e6
    timings["matrix.csv, MB"] = (out / "matrix.csv").stat().st_size / 1e6
    return timings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def one_run(n: int, source: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        codes = write_communes(root, n)
        if source == "local":
            report(n, "local", run_child(write_registry(root, codes, "local", ""), root, None))
            return
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
            cwd=root / "sites",
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(port)
            registry = write_registry(root, codes, "http", f"http://127.0.0.1:{port}/")
            report(n, "HTTP, first audit", run_child(registry, root, root / "cache"))
            report(n, "HTTP, re-audit", run_child(registry, root, root / "cache"))
        finally:
            server.terminate()
            server.wait()


def wait_for(port: int) -> None:
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the HTTP server did not start")


def run_child(registry: Path, root: Path, cache: Path | None) -> dict[str, float]:
    """Audit in a fresh process, so that its peak memory is the audit's alone."""
    out = root / "out"
    command = [sys.executable, __file__, "--child", str(registry), str(out)]
    if cache is not None:
        command.append(str(cache))
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout)


def report(n: int, source: str, timings: dict[str, float]) -> None:
    print(f"\nN = {n}, {source}", flush=True)
    for stage, value in timings.items():
        print(f"  {stage:52} {value:9.2f}", flush=True)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        registry, out = Path(sys.argv[2]), Path(sys.argv[3])
        cache = Path(sys.argv[4]) if len(sys.argv) > 4 else None
        print(json.dumps(measure(registry, out, cache)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, action="append", help="communes (repeatable)")
    parser.add_argument("--source", choices=["local", "http", "both"], default="both")
    args = parser.parse_args()
    sizes = args.n or [1000, 3321]
    sources = ["local", "http"] if args.source == "both" else [args.source]
    print(
        f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.2f} at start"
    )
    for source in sources:
        for n in sizes:
            one_run(n, source)
    print(f"\nload average {os.getloadavg()[0]:.2f} at end")


if __name__ == "__main__":
    main()
