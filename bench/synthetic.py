"""Synthetic communes for the benchmarks.

`make_all_types_commune`: N disclosures of every type, made from the demo commune's own content.

Every demo item (content/ in this repository: all 20 types, written like a real commune's) is
copied as often as N needs, in the demo's proportions: budget reports as earlier years (the
demo's 2024–2026 reports moved back four years at a time, so each year keeps one report per
phase and leap days stay valid), every other type as further items of the same year (`-b1`,
`-b2`... file names, "(bản 1)" titles). Cross-references point to the original items, which are
kept. The organisation page stays single.

`make_commune`: the first benchmark's commune of three types (budgets with 20-line tables,
household reviews, questions whose text is 180 picks from seven short phrases); the search
benchmark keeps it so that its figures stay comparable.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

from generator.types.ngan_sach import PHASE_TITLES  # noqa: E402

SINGLE = {"to-chuc"}
BUDGET = "ngan-sach"
BUDGET_SHIFT = 4
"""Years a copy of the budget reports moves back: a multiple of 4 keeps 29 February valid."""
BUDGET_COPIES = 3
"""The demo's three years of reports and three copies: twelve years, 2015–2026."""
_YEAR = re.compile(r"\b(20[0-9]{2})\b")
_FILE = re.compile(r"^\s*-?\s*file: (\S+)$", re.MULTILINE)
_TITLE = re.compile(r"^title: (.+)$", re.MULTILINE)


def _project(root: Path) -> Path:
    """The repository's configuration, theme and attachments in `root`; returns content/."""
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "theme", root / "theme")
    shutil.copytree(REPO / "site_config", root / "site_config")
    # site.yaml links forms under content/files/ (access to information): they must exist.
    shutil.copytree(REPO / "content/files", root / "content/files")
    return root / "content"


def make_all_types_commune(root: Path, count: int) -> dict[str, int]:
    """Write a project with about `count` disclosures under `root`; returns the count per type."""
    content = _project(root)

    demo = {
        folder.name: sorted(folder.glob("*.yaml"))
        for folder in sorted((REPO / "content").iterdir())
        if folder.is_dir() and folder.name != "files"
    }
    written: dict[str, int] = {}
    for folder, sources in demo.items():
        for source in sources:
            _write(content / folder / source.name, source.read_text(encoding="utf-8"))
        written[folder] = len(sources)
    for shift in range(1, BUDGET_COPIES + 1):
        if sum(written.values()) >= count:
            break
        for source in demo[BUDGET]:
            earlier = functools.partial(_earlier, years=shift * BUDGET_SHIFT)
            text = source.read_text("utf-8")
            _write(content / BUDGET / _YEAR.sub(earlier, source.name), _YEAR.sub(earlier, text))
            # Attachments named by year move with their report.
            for name in _FILE.findall(text):
                moved = content / "files" / _YEAR.sub(earlier, name)
                moved.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(REPO / "content/files" / name, moved)
            written[BUDGET] += 1

    # The other types share what is left, in the demo's proportions, round-robin so that every
    # type grows evenly until `count` is reached.
    others = [(folder, source) for folder, sources in demo.items() if folder not in SINGLE | {BUDGET}
              for source in sources]  # fmt: skip
    copy = 1
    while sum(written.values()) < count:
        for folder, source in others:
            if sum(written.values()) >= count:
                break
            retitle = functools.partial(_retitle, copy=copy)
            text = _TITLE.sub(retitle, source.read_text("utf-8"), count=1)
            _write(content / folder / f"{source.stem}-b{copy}.yaml", text)
            written[folder] += 1
        copy += 1
    return written


def _earlier(match: re.Match[str], years: int) -> str:
    return str(int(match.group(1)) - years)


def _retitle(match: re.Match[str], copy: int) -> str:
    title = match.group(1)
    if title[:1] in "\"'":
        return f"title: {title[:-1]} (bản {copy}){title[-1]}"
    return f"title: {title} (bản {copy})"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


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
    content = _project(root)
    budgets = [(y, p) for y in YEARS for p in PHASE_TITLES]
    n_budget = min(len(budgets), count * 15 // 100)
    n_review = count * 25 // 100
    n_question = count - n_budget - n_review
    for year, phase in budgets[:n_budget]:
        _write(content / "ngan-sach" / f"{year}-{phase}.yaml", budget(year, phase, rnd))
    for i in range(n_review):
        year = YEARS[i % len(YEARS)]
        _write(content / "ho-ngheo" / f"{year}-dot-{i}.yaml", review(year, i, rnd))
    for i in range(n_question):
        year = YEARS[i % len(YEARS)]
        _write(content / "hoi-dap" / f"{year}-cau-hoi-{i}.yaml", question(year, i, rnd))
