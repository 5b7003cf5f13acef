"""The budget's numbers as the charts and their tables show them: by major group, by quarter as a
share of the approved estimate, and year against year. Amounts are in millions of đồng whatever
unit the form used, so that years and reports compare."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.diagnostics import Diagnostic, Severity, diagnostic
from generator.types.ngan_sach import PHASE_TITLES, UNIT_TITLES, Budget, BudgetTable
from generator.types.record import Record
from generator.vn.formatting import vnd

TO_MILLIONS = {"dong": 1_000_000, "nghin-dong": 1_000, "trieu-dong": 1}
SIDES = {"revenue": "thu", "expenditure": "chi"}

QUARTERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Quý I", ("quy-1",)),
    ("Quý II", ("quy-2", "6-thang")),
    ("Quý III", ("quy-3", "9-thang")),
    ("Quý IV", ("quy-4", "ca-nam")),
)
"""Each quarter's report, and the report covering the same months if the quarter's is absent:
figures reported by quarter are cumulative from 1 January (lũy kế từ đầu năm)."""

EXECUTION_ORDER = ("quyet-toan", "quy-4", "ca-nam", "9-thang", "quy-3", "6-thang", "quy-2", "quy-1")
"""Reports of a year, the most complete execution figures first."""


@dataclass(frozen=True)
class GroupFigure:
    code: str
    name: str
    estimate: float | None
    actual: float | None

    @property
    def share(self) -> float | None:
        return self.actual / self.estimate if self.actual is not None and self.estimate else None


@dataclass(frozen=True)
class Totals:
    estimate: float | None
    actual: float | None

    @property
    def share(self) -> float | None:
        return self.actual / self.estimate if self.actual is not None and self.estimate else None


def millions(item: Budget, amount: int | None) -> float | None:
    return None if amount is None else amount / TO_MILLIONS[item.unit]


def group_figures(item: Budget, side: str) -> list[GroupFigure]:
    """The table's top-level lines (thu xã hưởng 100%, chi thường xuyên, ...); below a single
    line that only totals the table ("Tổng thu"), the lines it holds."""
    table: BudgetTable | None = getattr(item, side)
    if table is None:
        return []
    lines = table.lines
    while len(lines) == 1 and lines[0].lines:
        lines = lines[0].lines
    return [
        GroupFigure(
            line.code, line.name, millions(item, line.estimate), millions(item, line.actual)
        )
        for line in lines
    ]


def table_totals(item: Budget, side: str) -> Totals | None:
    """The stated total row, or the sum of the top-level lines where the form states none."""
    table: BudgetTable | None = getattr(item, side)
    if table is None:
        return None
    total = table.total
    estimate = total.estimate if total and total.estimate is not None else _sum(table, "estimate")
    actual = total.actual if total and total.actual is not None else _sum(table, "actual")
    return Totals(millions(item, estimate), millions(item, actual))


def _sum(table: BudgetTable, amount: str) -> int | None:
    values = [getattr(line, amount) for line in table.lines]
    return sum(v for v in values if v is not None) if any(v is not None for v in values) else None


def _budgets(records: Iterable[Record]) -> list[Budget]:
    return [r.item for r in records if isinstance(r.item, Budget)]


def latest_execution(records: Iterable[Record], year: int) -> Record | None:
    """The year's report with the most complete execution figures, or None before any."""
    by_phase = {r.item.phase: r for r in records if isinstance(r.item, Budget) and r.year == year}
    return next((by_phase[p] for p in EXECUTION_ORDER if p in by_phase), None)


def approved_estimate(records: Iterable[Record], year: int, side: str) -> float | None:
    """The estimate the council approved (du-toan), else the one the latest report restates."""
    budgets = {b.phase: b for b in _budgets(records) if b.year == year}
    for item in [budgets.get("du-toan"), *(budgets.get(p) for p in EXECUTION_ORDER)]:
        totals = table_totals(item, side) if item else None
        if totals and totals.estimate:
            return totals.estimate
    return None


@dataclass(frozen=True)
class QuarterFigure:
    label: str
    report: Record
    """The report the figures come from."""
    revenue: float | None
    """Cumulative revenue collected, as a share of the approved estimate."""
    expenditure: float | None


def quarter_figures(records: Iterable[Record], year: int) -> list[QuarterFigure]:
    """Cumulative execution at the end of each quarter reported so far."""
    records = list(records)
    estimates = {side: approved_estimate(records, year, side) for side in SIDES}
    rows = []
    for label, report in quarter_reports(records, year):
        shares = {}
        for side in SIDES:
            totals = table_totals(report.item, side)
            actual = totals.actual if totals else None
            estimate = estimates[side]
            shares[side] = actual / estimate if actual is not None and estimate else None
        if shares["revenue"] is not None or shares["expenditure"] is not None:
            rows.append(QuarterFigure(label, report, shares["revenue"], shares["expenditure"]))
    return rows


@dataclass(frozen=True)
class YearFigure:
    year: int
    revenue: Totals
    expenditure: Totals
    actual_from: str
    """The report the execution figures come from, e.g. "Quyết toán ngân sách"; empty if none."""


def year_figures(records: Iterable[Record]) -> list[YearFigure]:
    """Approved estimate and latest execution for each year, oldest first."""
    records = list(records)
    rows = []
    for year in sorted({b.year for b in _budgets(records)}):
        latest = latest_execution(records, year)
        sides = {}
        for side in SIDES:
            totals = table_totals(latest.item, side) if latest else None
            sides[side] = Totals(
                approved_estimate(records, year, side), totals.actual if totals else None
            )
        rows.append(
            YearFigure(
                year,
                sides["revenue"],
                sides["expenditure"],
                PHASE_TITLES[latest.item.phase] if latest else "",
            )
        )
    return rows


def quarter_reports(records: Iterable[Record], year: int) -> list[tuple[str, Record]]:
    """The year's report for each quarter reported so far (see QUARTERS), in order."""
    by_phase = {r.item.phase: r for r in records if isinstance(r.item, Budget) and r.year == year}
    found = []
    for label, phases in QUARTERS:
        report = next((by_phase[p] for p in phases if p in by_phase), None)
        if report is not None:
            found.append((label, report))
    return found


def shrinking_cumulative_figures(records: Iterable[Record]) -> Iterator[Diagnostic]:
    """CK850 (a warning): a later quarter's report states less executed than an earlier one.
    Reports by quarter are cumulative from 1 January, so this is almost always the quarter's own
    figure entered alone, which would also draw the year's cumulative chart wrong."""
    records = list(records)
    for year in sorted({r.year for r in records if isinstance(r.item, Budget)}):
        pairs = itertools.pairwise(quarter_reports(records, year))
        for (before_label, before), (after_label, after) in pairs:
            for side, label in SIDES.items():
                earlier = _stated_actual(before.item, side)
                later = _stated_actual(after.item, side)
                if earlier is None or later is None or later >= earlier:
                    continue
                table: BudgetTable = getattr(after.item, side)
                at = (side, "total", "actual") if table.total and table.total.actual else (side,)
                unit = UNIT_TITLES[after.item.unit]
                made = diagnostic(
                    "CK850",
                    f"tổng thực hiện {label} đến hết {_lower(after_label)} ({vnd(later)} {unit}) "
                    f"nhỏ hơn đến hết {_lower(before_label)} ({vnd(earlier)} "
                    f"{UNIT_TITLES[before.item.unit]}, {before.source.name})",
                    after.source.name,
                    after.source.locate(at),
                    field=".".join(at),
                    related=[f"{before.source.name}:1:1"],
                )
                yield dataclasses.replace(made, severity=Severity.WARNING)


def _lower(quarter: str) -> str:
    """ "Quý II" inside a sentence: "quý II" (the numeral keeps its capitals)."""
    return quarter.replace("Quý", "quý")


def _stated_actual(item: Budget, side: str) -> int | None:
    """The execution total in đồng, so that reports in different units compare."""
    table: BudgetTable | None = getattr(item, side)
    if table is None:
        return None
    total = table.total.actual if table.total and table.total.actual is not None else None
    amount = total if total is not None else _sum(table, "actual")
    return None if amount is None else amount * (1_000_000 // TO_MILLIONS[item.unit])
