"""Benchmark the whole build on N synthetic disclosures.

    uv run python bench/build.py            # N = 1000
    uv run python bench/build.py -n 5000

Writes a synthetic commune (budget, household-review and question items over ten years) into a
temporary directory, builds it with the real pipeline, and prints the wall time of each stage,
the total, the time per page and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.pipeline import build  # noqa: E402
from generator.project import Project  # noqa: E402
from generator.types.ngan_sach import PHASE_TITLES  # noqa: E402

YEARS = range(2016, 2026)
VILLAGES = ["Thôn Đông", "Thôn Trung", "Thôn Đoài", "Thôn Bắc", "Thôn Nam", "Tổ dân phố 1"]
NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Vũ Thị Gấm",
    "Đặng Văn Hải",
    "Bùi Thị Hương",
    "Đỗ Văn Khánh",
    "Ngô Thị Lan",
]
TOPICS = ["Đất đai", "Chính sách xã hội", "Giao thông", "Môi trường", "Y tế", "Giáo dục"]


def budget(year: int, phase: str, rnd: random.Random) -> str:
    lines, total = [], 0
    for code in range(1, 21):
        amount = rnd.randrange(10, 900) * 1_000_000
        total += amount
        lines.append(
            f'    - {{code: "{code}", name: "Khoản thu số {code} của ngân sách xã", estimate: {amount}}}'
        )
    return (
        "\n".join(
            [
                f"title: {PHASE_TITLES[phase]} năm {year}",
                f"year: {year}",
                f"phase: {phase}",
                f"published: {year}-12-20",
                "summary: Số liệu thu ngân sách xã theo biểu mẫu được phê duyệt.",
                "revenue:",
                f"  total: {{estimate: {total}}}",
                "  lines:",
                *lines,
            ]
        )
        + "\n"
    )


def review(year: int, index: int, rnd: random.Random) -> str:
    month = 1 + index % 11
    households = "\n".join(
        f"  - {{number: {n}, head: {rnd.choice(NAMES)}, village: {rnd.choice(VILLAGES)}}}"
        for n in range(1, 16)
    )
    return (
        f"title: Kết quả rà soát hộ nghèo đợt {index} năm {year}\n"
        f"published: {year}-{month:02d}-05\nyear: {year}\nreview_kind: thuong-xuyen\n"
        f"posted_from: {year}-{month:02d}-05\nposted_to: {year}-{month + 1:02d}-05\n"
        f"posting_places: [Trụ sở UBND xã]\npoor:\n{households}\n"
    )


def question(year: int, index: int, rnd: random.Random) -> str:
    received = dt.date(year, 1, 1) + dt.timedelta(days=rnd.randrange(0, 330))
    answered = received + dt.timedelta(days=rnd.randrange(3, 20))
    body = " ".join(
        rnd.choice(["Xin hỏi", "thủ tục", "đất đai", "hồ sơ", "hỗ trợ", "bao lâu", "ở đâu"])
        for _ in range(60)
    )
    return (
        f"title: Câu hỏi số {index} năm {year} về {rnd.choice(TOPICS).lower()}\n"
        f"published: {answered}\nquestion: {body}\nreceived: {received}\nchannel: cong-thong-tin\n"
        f"topic: {rnd.choice(TOPICS)}\nanswer: |\n  {body}\n\n  {body}\n"
        f"answered: {answered}\nanswered_by: Chủ tịch UBND xã\n"
    )


def make_commune(root: Path, count: int) -> None:
    rnd = random.Random(20251201)
    for name in ("mkdocs.yml",):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "theme", root / "theme")
    shutil.copytree(REPO / "site_config", root / "site_config")
    content = root / "content"
    # site.yaml links forms under content/files/ (access to information): they must exist.
    shutil.copytree(REPO / "content/files", content / "files")
    budgets = [(y, p) for y in YEARS for p in PHASE_TITLES]
    n_budget = min(len(budgets), count * 15 // 100)
    n_review = count * 25 // 100
    n_question = count - n_budget - n_review
    for year, phase in budgets[:n_budget]:
        write(content / "ngan-sach" / f"{year}-{phase}.yaml", budget(year, phase, rnd))
    for i in range(n_review):
        year = YEARS[i % len(YEARS)]
        write(content / "ho-ngheo" / f"{year}-dot-{i}.yaml", review(year, i, rnd))
    for i in range(n_question):
        year = YEARS[i % len(YEARS)]
        write(content / "hoi-dap" / f"{year}-cau-hoi-{i}.yaml", question(year, i, rnd))


def baseline_mkdocs(root: Path) -> float:
    """Time plain MkDocs on the Markdown congkhai generated: the same pages written by hand.

    Same theme and overrides, navigation.prune and the same nav, but no search plugin, no
    congkhai stages; run as its own process, as a user would run `mkdocs build`.
    """
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(
        docs_dir=str(root / ".congkhai-build/docs"),
        site_dir=str(root / "baseline-site"),
        plugins=[],
        strict=False,
        nav=_nav_of(root / ".congkhai-build/docs"),
        # The theme's footer reads the commune's identity, as in congkhai's own build.
        extra={"congkhai": yaml.safe_load((root / "site_config/site.yaml").read_text("utf-8"))},
    )
    config_file = root / "baseline-mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
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


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="congkhai-bench-") as tmp:
        root = Path(tmp)
        make_commune(root, args.count)
        start = time.perf_counter()
        result = build(Project(root), as_of=dt.date(2026, 1, 1))
        total = time.perf_counter() - start
        if not result.published:
            raise SystemExit(f"build failed: {result.diagnostics[:3]}")
        pages = sum(1 for _ in (root / "site").rglob("index.html"))
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        baseline = baseline_mkdocs(root)
    print(f"congkhai build benchmark: {args.count} disclosures, {pages} HTML pages")
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}"
    )
    for stage, seconds in result.timings.items():
        print(f"  {stage:<9} {seconds:8.2f} s")
    print(f"  {'total':<9} {total:8.2f} s   ({total * 1000 / pages:.1f} ms per page)")
    print(f"  peak RSS  {peak_mib:8.0f} MiB")
    print(
        f"baseline: plain `mkdocs build` of the same Markdown (Material, prune, no search): "
        f"{baseline:.2f} s; congkhai / baseline = {total / baseline:.2f}"
    )


if __name__ == "__main__":
    main()
