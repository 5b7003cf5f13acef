"""The charts each page shows, built from the same numbers as the page's tables: the budget by
group, by quarter and by year; questions answered per quarter; completeness by area of law; and
for the supervising level's audit, compliance per rule and a commune's trend across audits.

Every title and description is Vietnamese and carries the chart's main figures, so that a reader
who cannot see the chart hears what it shows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from generator.compliance.evaluate import STATUS_TITLES
from generator.compliance.pages import AREA_STATUSES, AreaCounts
from generator.render.budget_tables import template_globals as budget_template_globals
from generator.render.charts import (
    BLUE,
    DARK,
    GREY,
    VERMILLION,
    Chart,
    Series,
    grouped_bars,
    lines,
    stacked_bars,
    vn_number,
    vn_percent,
)
from generator.render.qa_stats import QuestionStats, question_quarters
from generator.types.ngan_sach import PHASE_TITLES, Budget
from generator.types.record import Record
from generator.validate.budget import (
    SIDES,
    group_figures,
    latest_execution,
    quarter_figures,
    table_totals,
    year_figures,
)

SIDE_TITLES = {"revenue": "Thu", "expenditure": "Chi"}
ESTIMATE = "Dự toán"
ACTUAL = "Thực hiện"
UNIT = "triệu đồng"


# Execution reports that cover part of the year: a bar from one of them is not a shortfall, so
# the chart says which part it covers.
_PART_OF_YEAR = {"quy-1", "quy-2", "quy-3", "6-thang", "9-thang"}


def _part_of_year(phase_title: str) -> str | None:
    """`quý III`, `9 tháng`... for a report covering part of the year, else None."""
    partial = {PHASE_TITLES[p] for p in _PART_OF_YEAR}
    return phase_title.removeprefix("Thực hiện dự toán ") if phase_title in partial else None


def _amount(value: float | None) -> str:
    return "chưa có số liệu" if value is None else f"{vn_number(value)} {UNIT}"


def budget_group_chart(item: Budget, side: str, key: str = "") -> Chart | None:
    """Estimate against execution for each major group of one report's revenue or expenditure."""
    groups = group_figures(item, side)
    if not any(g.estimate is not None or g.actual is not None for g in groups):
        return None
    totals = table_totals(item, side)
    has_actual = any(g.actual is not None for g in groups)
    side_title = SIDE_TITLES[side]
    series = [Series(ESTIMATE, [g.estimate for g in groups])]
    part = _part_of_year(item.phase_title)
    actual = f"{ACTUAL} {part}" if part else ACTUAL
    if has_actual:
        series.append(Series(actual, [g.actual for g in groups]))
        # The period is named in the title too: a 9-month bar is not a year's shortfall.
        title = f"{side_title} ngân sách xã năm {item.year}: dự toán và {actual.lower()} theo nhóm"
    else:
        title = f"{side_title} ngân sách xã năm {item.year}: dự toán theo nhóm"
    parts = [f"{item.phase_title} năm {item.year}, đơn vị {UNIT}."]
    if totals is not None:
        total = f"Tổng {side_title.lower()}: dự toán {_amount(totals.estimate)}"
        if has_actual:
            total += f", {actual.lower()} {_amount(totals.actual)} ({vn_percent(totals.share)})"
        parts.append(total + ".")
    for g in groups:
        text = f"{g.name}: dự toán {_amount(g.estimate)}"
        if has_actual:
            text += f", {actual.lower()} {_amount(g.actual)}"
        parts.append(text + ".")
    return grouped_bars(
        key or f"{SIDES[side]}-{item.year}-{item.phase}",
        title,
        " ".join(parts),
        [f"{g.code}. {g.name}" if g.code else g.name for g in groups],
        series,
    )


def budget_quarter_chart(records: Iterable[Record], year: int) -> Chart | None:
    """Revenue collected and expenditure spent by the end of each quarter, as a share of the
    approved estimate."""
    rows = quarter_figures(records, year)
    if not rows:
        return None
    parts = [
        f"{r.label}: thu đạt {vn_percent(r.revenue)}, chi đạt {vn_percent(r.expenditure)} dự toán."
        for r in rows
    ]
    return lines(
        f"luy-ke-{year}",
        f"Thu, chi ngân sách xã năm {year} lũy kế đến hết từng quý, so với dự toán",
        "Tỷ lệ thực hiện lũy kế từ đầu năm so với dự toán được HĐND quyết định; đường chấm là "
        "mức 100% dự toán. " + " ".join(parts),
        [r.label for r in rows],
        [
            Series("Thu", [r.revenue for r in rows]),
            Series("Chi", [r.expenditure for r in rows]),
        ],
        reference=1.0,
    )


def budget_years_chart(records: Iterable[Record], side: str) -> Chart | None:
    """Estimate and execution of each year side by side, when there are several years."""
    rows = year_figures(records)
    if len(rows) < 2:
        return None
    side_title = SIDE_TITLES[side]
    totals = [getattr(r, side) for r in rows]
    if not any(t.estimate or t.actual for t in totals):
        return None
    parts = [
        f"Năm {r.year}: dự toán {_amount(t.estimate)}, thực hiện"
        + (f" {r.partial}" if r.partial else "")
        + f" {_amount(t.actual)}"
        + (f" (theo {r.actual_from.lower()})." if r.actual_from else ".")
        for r, t in zip(rows, totals, strict=True)
    ]
    return grouped_bars(
        f"{SIDES[side]}-cac-nam",
        f"{side_title} ngân sách xã qua các năm: dự toán và thực hiện",
        f"Đơn vị {UNIT}; số thực hiện lấy từ báo cáo đầy đủ nhất của mỗi năm. " + " ".join(parts),
        [_year_label(r.year, r.actual_from) for r in rows],
        [
            Series(ESTIMATE, [t.estimate for t in totals]),
            Series(ACTUAL, [t.actual for t in totals]),
        ],
    )


def _year_label(year: int, actual_from: str) -> str:
    part = _part_of_year(actual_from)
    return f"Năm {year} (thực hiện mới {part})" if part else f"Năm {year}"


def question_quarter_chart(rows: Sequence[QuestionStats]) -> Chart | None:
    """Questions received and answered on time, per quarter of receipt."""
    if not rows:
        return None
    parts = [f"{r.label}: nhận {r.received}, trả lời đúng hạn {r.on_time}." for r in rows]
    return grouped_bars(
        "hoi-dap-theo-quy",
        "Câu hỏi đã nhận và đã trả lời đúng hạn theo quý",
        "Số câu hỏi UBND xã nhận được trong mỗi quý và số câu trong đó được trả lời đúng hạn. "
        + " ".join(parts),
        [r.label for r in rows],
        [
            Series("Đã nhận", [r.received for r in rows]),
            Series("Trả lời đúng hạn", [r.on_time for r in rows]),
        ],
        value_format="d",
        axis_format="d",
    )


STATUS_COLOURS = (BLUE, VERMILLION, DARK, GREY)
"""Passed, late, missing, not yet due: lightness as well as hue tells them apart."""


def compliance_area_chart(areas: Sequence[AreaCounts]) -> Chart | None:
    """Rules passed, late and missing (and not yet due) in each area of law."""
    if not areas:
        return None
    names = [STATUS_TITLES[s] for s in AREA_STATUSES]
    parts = [
        f"{a.area}: "
        + ", ".join(f"{STATUS_TITLES[s].lower()} {a.counts[s]}" for s in AREA_STATUSES)
        + "."
        for a in areas
    ]
    return stacked_bars(
        "muc-do-theo-linh-vuc",
        "Số quy định đạt, công khai chậm và chưa đạt theo lĩnh vực",
        "Mỗi thanh là một lĩnh vực; các đoạn là số quy định theo kết quả. " + " ".join(parts),
        [a.area for a in areas],
        [
            Series(name, [a.counts[s] for a in areas])
            for name, s in zip(names, AREA_STATUSES, strict=True)
        ],
        STATUS_COLOURS[: len(names)],
        axis_title="Số quy định",
    )


def audit_rule_chart(
    rows: Sequence[tuple[str, int, int]], key: str = "kiem-tra-theo-quy-dinh"
) -> Chart | None:
    """For the audit dashboard: per rule (title, communes complying, communes checked), the share of
    communes that comply."""
    rows = [r for r in rows if r[2]]
    if not rows:
        return None
    parts = [
        f"{title}: {ok}/{checked} xã đạt ({vn_percent(ok / checked)})."
        for title, ok, checked in rows
    ]
    return grouped_bars(
        key,
        "Tỷ lệ xã đạt theo từng quy định",
        "Tỷ lệ số xã đạt trên số xã được kiểm tra, theo từng quy định. " + " ".join(parts),
        [title for title, _, _ in rows],
        [Series("Tỷ lệ xã đạt", [ok / checked for _, ok, checked in rows])],
        value_format=".0%",
        axis_format=".0%",
    )


def audit_trend_chart(
    commune: str, audits: Sequence[tuple[str, float]], key: str = ""
) -> Chart | None:
    """For the audit dashboard: one commune's share of rules passed across audits (label, share),
    oldest first; nothing to draw before a second audit."""
    if len(audits) < 2:
        return None
    parts = [f"{label}: {vn_percent(share)}." for label, share in audits]
    return lines(
        key or "xu-huong",
        f"{commune}: tỷ lệ quy định đạt qua các lần kiểm tra",
        "Tỷ lệ quy định đạt trong mỗi lần kiểm tra, từ cũ đến mới. " + " ".join(parts),
        [label for label, _ in audits],
        [Series("Tỷ lệ quy định đạt", [share for _, share in audits])],
        reference=1.0,
    )


def template_globals() -> dict[str, object]:
    """What the templates call to draw charts and write the tables beside them."""
    return {
        "budget_group_chart": budget_group_chart,
        "budget_quarter_chart": budget_quarter_chart,
        "budget_years_chart": budget_years_chart,
        "budget_groups": group_figures,
        "budget_quarters": quarter_figures,
        "budget_years": year_figures,
        "budget_latest_execution": latest_execution,
        "question_quarters": question_quarters,
        "question_quarter_chart": question_quarter_chart,
        "compliance_area_chart": compliance_area_chart,
        **budget_template_globals(),
    }


def template_filters() -> dict[str, object]:
    """How the tables beside the charts write their numbers: `1.234,5` and `95,3%`."""
    return {
        "millions": lambda value: "–" if value is None else vn_number(value),
        "share": vn_percent,
    }
