"""Time and size of one chart of each kind the portal and the audit draw.

    uv run python bench/charts.py            # 15 drawings of each kind, median and spread
    uv run python bench/charts.py --runs 40

Each chart is drawn from scratch (no disk cache, the in-memory cache emptied before every
drawing), from figures shaped like a real commune's: a budget report's 8 groups, five years side
by side, four quarters of cumulative execution, eight quarters of questions, ten areas of law by
result, and for the audit 50 rules and six audits of one commune. Prints one row per kind:
median and slowest milliseconds per chart, and the SVG's size in kB as inlined in the page.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator import charts  # noqa: E402
from generator.render.charts import Chart, Series, grouped_bars, lines, stacked_bars  # noqa: E402
from generator.render.figures import (  # noqa: E402
    STATUS_COLOURS,
    audit_rule_chart,
    audit_trend_chart,
)

GROUPS = [
    "I. Thu ngân sách xã hưởng 100%",
    "II. Thu phân chia theo tỷ lệ phần trăm (%)",
    "III. Thu bổ sung từ ngân sách cấp trên",
    "IV. Thu chuyển nguồn từ năm trước chuyển sang",
    "V. Thu kết dư ngân sách năm trước",
    "VI. Thu viện trợ, đóng góp tự nguyện",
    "VII. Thu từ quỹ đất công ích và hoa lợi công sản",
    "VIII. Các khoản thu khác",
]
AREAS = [
    "Ngân sách xã",
    "Đất đai, quy hoạch",
    "Dự án đầu tư công",
    "Thủ tục hành chính",
    "Hộ nghèo, an sinh xã hội",
    "Dân chủ ở cơ sở",
    "Tiếp cận thông tin",
    "Tài sản công",
    "Thanh tra, khiếu nại",
    "Phí, lệ phí",
]


def budget_groups() -> Chart:
    estimate = [1_234.5 * (i + 1) ** 1.3 for i in range(8)]
    return grouped_bars(
        "thu-2025-quy-3",
        "Thu ngân sách xã năm 2025: dự toán và thực hiện theo nhóm",
        "Bench.",
        GROUPS,
        [Series("Dự toán", estimate), Series("Thực hiện", [v * 0.71 for v in estimate])],
    )


def budget_years() -> Chart:
    years = [f"Năm {y}" for y in range(2021, 2026)]
    return grouped_bars(
        "thu-cac-nam",
        "Thu ngân sách xã qua các năm: dự toán và thực hiện",
        "Bench.",
        years,
        [
            Series("Dự toán", [9_800.0, 10_250.5, 11_000.0, 11_900.2, 12_600.0]),
            Series("Thực hiện", [10_020.0, 10_100.0, 11_420.7, 12_001.0, 8_300.0]),
        ],
    )


def budget_quarters() -> Chart:
    return lines(
        "luy-ke-2025",
        "Thu, chi ngân sách xã năm 2025 lũy kế đến hết từng quý, so với dự toán",
        "Bench.",
        ["Quý I", "Quý II", "Quý III", "Quý IV"],
        [Series("Thu", [0.22, 0.47, 0.74, 1.03]), Series("Chi", [0.18, 0.5, 0.69, 0.97])],
        reference=1.0,
    )


def questions() -> Chart:
    quarters = [f"Quý {q}/{y}" for y in (2024, 2025) for q in ("I", "II", "III", "IV")]
    return grouped_bars(
        "hoi-dap-theo-quy",
        "Câu hỏi đã nhận và đã trả lời đúng hạn theo quý",
        "Bench.",
        quarters,
        [
            Series("Đã nhận", [12, 9, 15, 7, 11, 14, 6, 10]),
            Series("Trả lời đúng hạn", [11, 9, 13, 7, 10, 12, 6, 9]),
        ],
        value_format="d",
        axis_format="d",
    )


def completeness() -> Chart:
    names = ["Đạt", "Công khai chậm", "Chưa đạt", "Chưa đến hạn"]
    return stacked_bars(
        "muc-do-theo-linh-vuc",
        "Số quy định đạt, công khai chậm và chưa đạt theo lĩnh vực",
        "Bench.",
        AREAS,
        [Series(n, [(i * 7 + k * 3) % 6 for i in range(len(AREAS))]) for k, n in enumerate(names)],
        STATUS_COLOURS,
        axis_title="Số quy định",
    )


def audit_rules() -> Chart:
    rows = [
        (f"Quy tắc {i + 1}: công khai {GROUPS[i % 8][4:].lower()}", (i * 37) % 150, 150)
        for i in range(50)
    ]
    chart = audit_rule_chart(rows)
    assert chart is not None
    return chart


def audit_trend() -> Chart:
    audits = [
        (f"{d:02d}/{m:02d}/2026", 0.4 + 0.1 * i)
        for i, (d, m) in enumerate([(15, 1), (15, 3), (15, 5), (15, 7), (15, 9), (15, 11)])
    ]
    chart = audit_trend_chart("Xã Gia Viễn", audits)
    assert chart is not None
    return chart


KINDS: dict[str, Callable[[], Chart]] = {
    "budget by group (8 groups, 2 series)": budget_groups,
    "budget by year (5 years, 2 series)": budget_years,
    "cumulative by quarter (lines, 4 points)": budget_quarters,
    "questions by quarter (8 quarters)": questions,
    "completeness by area (stacked, 10 areas)": completeness,
    "audit: share per rule (50 rules)": audit_rules,
    "audit: a commune's trend (6 audits)": audit_trend,
}


def _forget() -> None:
    """Nothing drawn before counts: the in-memory cache emptied."""
    for name in ("_draw", "_cached"):
        cached = getattr(charts, name, None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print(
        f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"congkhai's own SVG writer (generator/render/charts.py), {args.runs} runs"
    )
    print(f"{'chart':44} {'median ms':>9} {'max ms':>7} {'kB':>6}")
    for name, draw in KINDS.items():
        _forget()
        draw()  # first drawing: imports and warm-up, not counted
        times = []
        for _ in range(args.runs):
            _forget()
            start = time.perf_counter()
            chart = draw()
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"{name:44} {statistics.median(times):9.1f} {max(times):7.1f} {chart.size / 1000:6.1f}"
        )


if __name__ == "__main__":
    main()
