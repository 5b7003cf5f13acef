"""Benchmark the whole build on N synthetic disclosures of every type, against plain MkDocs.

    uv run python bench/build.py                 # N = 1,000 and 5,000
    uv run python bench/build.py -n 1000         # one size
    uv run python bench/build.py --large         # adds N = 20,000
    uv run python bench/build.py --repeat 3      # medians of three runs

For each N: writes a synthetic commune (bench/synthetic.py: the demo commune's items of all 20
types, copied in its proportions), builds it with the real pipeline in a fresh process and prints
each stage's wall time, then times a rebuild with nothing changed and a full build after a
one-record edit. Peak memory (proportional set size of the build process and the
processes it starts, sampled every 10 ms by another process) comes from one more first build,
apart, since sampling costs CPU the timed stages would lose. In the same run, as the baseline, plain `mkdocs build` (same theme and overrides,
`navigation.prune`, same nav, no search plugin) of the equivalent hand-written Markdown site:
the pages congkhai generated, with every table written as a Markdown table, as a person would.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html.parser
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from synthetic import make_all_types_commune, make_commune  # noqa: E402, F401

from generator.caching import CACHE_DIR_VARIABLE  # noqa: E402

AS_OF = dt.date(2026, 1, 1)
RUNS = ("first", "again", "edited")
"""One child builds three times: in a fresh project on a machine where congkhai never built (an
empty cache directory: its templates compiled), again with nothing changed, and after a
one-record edit (in the same process). Another child then builds as a new project would be on a
machine where congkhai has built before: a fresh process, the work dir removed, the compiled
templates in the cache directory kept ("new")."""
OWN_STAGES = ("load", "validate", "check", "render", "publish")
"""congkhai's own work (publish includes the search index); html (MkDocs) and swap apart."""


# --- one build, in its own process --------------------------------------------------------------


def _rss_bytes(pid: int, skip: int = 0) -> int:
    """Memory of `pid` and every process below it (MkDocs workers), but `skip`: proportional
    set size, so that memory shared after a fork is counted once."""
    total = 0
    if pid == skip:
        return 0
    try:
        # PSS, not RSS: pages a forked worker shares with the build count once, not twice.
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    total = int(line.split()[1]) * 1024
                    break
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as children:
                total += sum(_rss_bytes(int(child), skip) for child in children.read().split())
    except (FileNotFoundError, ProcessLookupError):
        pass
    return total


class MemorySampler:
    """Samples the build's memory from another process: a sampling thread in the build itself
    would take the GIL from it hundreds of times a second and slow the stages it measures."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--sample", str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.samples: list[tuple[float, int]] = []
        # Spans are on the perf_counter clock, samples on the monotonic one.
        self.offset = time.monotonic() - time.perf_counter()

    def stop(self) -> None:
        output, _ = self.process.communicate("stop\n")
        for line in output.splitlines():
            when, rss = line.split()
            self.samples.append((float(when) - self.offset, int(rss)))

    def peak(self, start: float, end: float) -> int:
        """The highest sample in [start, end], or for a stage shorter than the sampling
        interval, the last sample before it ended."""
        inside = [rss for t, rss in self.samples if start <= t <= end]
        before = [rss for t, rss in self.samples if t <= end]
        return max(inside) if inside else (before[-1] if before else 0)


def sample(pid: int) -> None:
    """The sampling process: every 10 ms, the build's memory (not its own), until told to stop."""
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
    while not stop.wait(0.01):
        print(f"{time.monotonic():.4f} {_rss_bytes(pid, skip=os.getpid())}")


def run_build(root: str, *, new: bool = False) -> None:
    """Child process: build three times (RUNS), or once as a new project (`new`), timing each;
    print JSON figures."""
    from generator.build import build
    from generator.project import Project

    figures: dict[str, object] = {}
    runs = ("new",) if new else RUNS
    for run in runs:
        if run == "edited":
            edit_one_record(Path(root))
        if run == "new":
            shutil.rmtree(Project(Path(root)).work_dir)
        settle()
        start = time.perf_counter()
        result = build(Project(Path(root)), as_of=AS_OF)
        end = time.perf_counter()
        if not result.published:
            raise SystemExit(f"build failed: {[d.message for d in result.diagnostics[:3]]}")
        figures[run] = {"timings": result.timings, "total": end - start}
    print(json.dumps(figures))


def run_sampled_build(root: str) -> None:
    """Child process: the first build again, from a fresh work dir, with its memory sampled by
    another process. Apart from the timed builds: reading a process's proportional set size
    makes the kernel walk its page tables, CPU the timed stages would lose."""
    from generator.build import build
    from generator.project import Project

    project = Project(Path(root))
    shutil.rmtree(project.work_dir, ignore_errors=True)
    sampler = MemorySampler()
    start = time.perf_counter()
    result = build(project, as_of=AS_OF)
    end = time.perf_counter()
    sampler.stop()
    if not result.published:
        raise SystemExit("build failed")
    # The stages run one after another: each one's window is its share of the build's time,
    # laid end to end from the start (the untimed moments between them are milliseconds).
    stages, at = {}, start
    for stage, seconds in result.timings.items():
        stages[stage] = sampler.peak(at, at + seconds)
        at += seconds
    print(json.dumps({"peak": sampler.peak(start, end), "stage_peaks": stages}))


def settle() -> None:
    """Before a timed build: the files written and deleted just before (the synthetic commune,
    the previous build's site) flushed, so that the disk's work on them is not charged to it."""
    os.sync()
    time.sleep(1)


def edit_one_record(root: Path) -> None:
    """What staff do between builds: one question's title corrected."""
    path = sorted((root / "content/hoi-dap").rglob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", "title: Đã sửa - ", 1), encoding="utf-8")


def measure(root: Path) -> dict[str, dict[str, object]]:
    # Each cache directory (caching.py) starts empty, as on a machine where congkhai never
    # built; the user's own is never touched.
    with tempfile.TemporaryDirectory(prefix="congkhai-bench-cache-") as cache:
        figures = _child(["--child", str(root)], cache)
        figures.update(_child(["--new", str(root)], cache))
    with tempfile.TemporaryDirectory(prefix="congkhai-bench-cache-") as cache:
        figures["first"].update(_child(["--memory", str(root)], cache))
    return figures


def _child(arguments: list[str], cache: str) -> dict[str, object]:
    output = subprocess.run(
        [sys.executable, __file__, *arguments],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, CACHE_DIR_VARIABLE: cache},
    ).stdout
    return json.loads(output.splitlines()[-1])


# --- the baseline: the same site written by hand in Markdown -------------------------------------


class _TableToMarkdown(html.parser.HTMLParser):
    """An HTML table congkhai wrote, as the Markdown table a person would write."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.header_rows = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
            if tag == "th" and len(self.rows) == 1:
                self.header_rows = 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()).replace("|", "\\|"))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def markdown(self) -> str:
        width = max(len(row) for row in self.rows)
        rows = [row + [""] * (width - len(row)) for row in self.rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n".join(lines)


def hand_written(markdown: str) -> str:
    """Replace each `<table>...</table>` block by a Markdown table."""
    out, rest = [], markdown
    while (start := rest.find("<table")) != -1:
        end = rest.index("</table>", start) + len("</table>")
        parser = _TableToMarkdown()
        parser.feed(rest[start:end])
        out += [rest[:start], "\n" + parser.markdown() + "\n"]
        rest = rest[end:]
    return "".join(out) + rest


def baseline_mkdocs(root: Path) -> float:
    """Time plain MkDocs on the equivalent hand-written Markdown: congkhai's pages with Markdown
    tables. Same theme and overrides, navigation.prune and the same nav, but no search plugin, no
    congkhai stages; run as its own process, as a user would run `mkdocs build`."""
    from generator.build import prepare
    from generator.project import Project

    # The Markdown pages congkhai renders, and the attachments it copied.
    _, portal = prepare(Project(root), AS_OF)
    attachments = root / ".congkhai-build/docs"
    docs = root / "baseline-docs"
    shutil.copytree(attachments, docs)
    for path, text in portal.rendered.pages.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(hand_written(text), encoding="utf-8")
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(
        docs_dir=str(docs),
        site_dir=str(root / "baseline-site"),
        plugins=[],
        strict=False,
        nav=_nav_of(docs),
        # The theme's footer reads the commune's identity, as in congkhai's own build.
        extra={"congkhai": yaml.safe_load((root / "site_config/site.yaml").read_text("utf-8"))},
    )
    config_file = root / "baseline-mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    settle()
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file)], check=True
    )
    return time.perf_counter() - start


def _nav_of(docs: Path) -> list[object]:
    """Types and years, as congkhai's own nav: index pages only, never items."""
    nav: list[object] = [{"Trang chủ": "index.md"}]
    for folder in sorted(p for p in docs.iterdir() if (p / "index.md").is_file()):
        years = sorted((p for p in folder.iterdir() if (p / "index.md").is_file()), reverse=True)
        section = [f"{folder.name}/index.md"] + [
            {y.name: f"{folder.name}/{y.name}/index.md"} for y in years
        ]
        nav.append({folder.name: section})
    return nav


# --- report ---------------------------------------------------------------------------------------


def bench(count: int, repeat: int) -> dict[str, object]:
    runs, baselines = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="congkhai-bench-") as tmp:
            root = Path(tmp)
            make_all_types_commune(root, count)
            runs.append(measure(root))
            pages = sum(1 for _ in (root / "site").rglob("index.html"))
            baselines.append(baseline_mkdocs(root))

    def median(run: str, key: str, stage: str | None = None) -> float:
        values = [r[run][key][stage] if stage else r[run][key] for r in runs]
        return statistics.median(values)

    stages = list(runs[0]["first"]["timings"])
    again = list(runs[0]["again"]["timings"])
    return {
        "count": count,
        "pages": pages,
        "stages": {s: median("first", "timings", s) for s in stages},
        "total": median("first", "total"),
        "peak": max(r["first"]["peak"] for r in runs),
        "stage_peaks": {s: max(r["first"]["stage_peaks"].get(s, 0) for r in runs) for s in stages},
        "again": {s: median("again", "timings", s) for s in again},
        "edited": {s: median("edited", "timings", s) for s in stages},
        "edited_total": median("edited", "total"),
        "new": {s: median("new", "timings", s) for s in stages},
        "new_total": median("new", "total"),
        "baseline": statistics.median(baselines),
    }


def report(figures: dict[str, object]) -> None:
    count, stages = figures["count"], figures["stages"]
    own = sum(stages.get(s, 0.0) for s in OWN_STAGES)
    again = sum(figures["again"].get(s, 0.0) for s in OWN_STAGES)
    print(f"\nN = {count:,} disclosures, {figures['pages']:,} HTML pages")
    print(f"  {'stage':<10} {'time':>9} {'peak memory':>13}")
    for stage, seconds in stages.items():
        peak = figures["stage_peaks"].get(stage, 0) / 2**20
        print(f"  {stage:<10} {seconds:8.2f} s {peak:9.0f} MiB")
    print(
        f"  {'total':<10} {figures['total']:8.2f} s {figures['peak'] / 2**20:9.0f} MiB"
        f"   ({figures['total'] * 1000 / count:.1f} ms per disclosure)"
    )
    print(
        f"  own stages ({', '.join(OWN_STAGES)}): {own:.2f} s = {own * 1000 / count:.2f} ms/record"
    )
    kept = ", ".join(f"{s} {t:.2f} s" for s, t in figures["again"].items())
    print(f"  no-change rebuild, own stages: {again:.2f} s  ({kept})")
    edited = sum(figures["edited"].get(s, 0.0) for s in OWN_STAGES)
    parts = ", ".join(f"{s} {figures['edited'].get(s, 0.0):.2f}" for s in OWN_STAGES)
    print(
        f"  after a one-record edit, same process: own stages {edited:.2f} s = {edited * 1000 / count:.2f} "
        f"ms/record ({parts}); total {figures['edited_total']:.2f} s"
    )
    new = sum(figures["new"].get(s, 0.0) for s in OWN_STAGES)
    parts = ", ".join(f"{s} {figures['new'].get(s, 0.0):.2f}" for s in OWN_STAGES)
    print(
        f"  a new project, fresh process, congkhai's compiled code kept: own stages {new:.2f} s = "
        f"{new * 1000 / count:.2f} ms/record ({parts}); total {figures['new_total']:.2f} s"
    )
    print(
        f"  baseline, plain `mkdocs build` of the hand-written equivalent: "
        f"{figures['baseline']:.2f} s;  congkhai / baseline = {figures['total'] / figures['baseline']:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, action="append")
    parser.add_argument("--large", action="store_true", help="also N = 20,000")
    parser.add_argument("--repeat", type=int, default=1, help="runs per N (medians are printed)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--memory", help=argparse.SUPPRESS)
    parser.add_argument("--new", help=argparse.SUPPRESS)
    parser.add_argument("--sample", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sample:
        sample(args.sample)
        return
    if args.child:
        run_build(args.child)
        return
    if args.new:
        run_build(args.new, new=True)
        return
    if args.memory:
        run_sampled_build(args.memory)
        return
    counts = args.count or [1000, 5000]
    if args.large:
        counts.append(20_000)
    print(f"congkhai build benchmark, {dt.date.today()}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    results = [bench(count, args.repeat) for count in counts]
    for figures in results:
        report(figures)
    if len(results) >= 2:
        small, big = results[0], results[1]
        factor = big["count"] / small["count"]
        print(
            f"\n{big['count']:,} / {small['count']:,}: {big['total'] / small['total']:.2f}× the time "
            f"for {factor:.0f}× the disclosures"
        )


if __name__ == "__main__":
    main()
