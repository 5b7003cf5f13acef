"""The budget's numbers as the charts and their tables show them: by major group, by quarter as a
share of the approved estimate, and year against year. Amounts are in millions of đồng whatever
unit the form used, so that years and reports compare."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.diagnostics import Diagnostic, Severity, diagnostic
from generator.diagnostics.positions import FieldPath
from generator.types.ngan_sach import Budget, Column, Table
from generator.types.record import Record
from generator.vn.formatting import vnd

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

ESTIMATE_MEASURES = ("sau-dieu-chinh", "du-toan", "da-giao")
ACTUAL_MEASURES = ("luy-ke", "quyet-toan", "thuc-hien")
"""Which column a chart reads, best first: a quarterly report's cumulative column ("Lũy kế 9
tháng") over the quarter's own ("Thực hiện quý III"), since the forms report cumulative figures."""


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


def side_table(item: Budget, side: str) -> Table | None:
    """The report's revenue (or spending) table: the first one of that kind."""
    return next((t for t in item.published_tables if t.kind == SIDES[side]), None)


def measure_column(table: Table, measures: tuple[str, ...]) -> Column | None:
    """The column reporting the first of `measures` found; for revenue, the commune's own share
    (Thu NSX) over state revenue on the territory."""
    for measure in measures:
        found = [c for c in table.columns if c.kind == "money" and c.measure == measure]
        if found:
            return next((c for c in found if c.scope == "nsx"), found[0])
    return None


def column_total(table: Table, column: Column | None) -> int | float | None:
    """The total row's figure, or the sum of the top-level rows where the form prints none."""
    if column is None:
        return None
    for index, row in enumerate(table.rows):
        if row.level == 0:
            value = table.figure(index, column.key)
            if value is not None:
                return value
    top = _top_rows(table)
    values = [table.figure(i, column.key) for i in top]
    return sum(v for v in values if v is not None) if any(v is not None for v in values) else None


def _top_rows(table: Table) -> list[int]:
    if not table.rows:
        return []
    totals = [i for i, row in enumerate(table.rows) if row.level == 0]
    if totals:
        return table.children(totals[0])
    level = min(row.level for row in table.rows)
    return [i for i, row in enumerate(table.rows) if row.level == level]


def millions(table: Table, amount: int | float | None) -> float | None:
    if amount is None or table.factor is None:
        return None
    return amount * table.factor / 1_000_000


def group_figures(item: Budget, side: str) -> list[GroupFigure]:
    """The table's top-level lines (thu xã hưởng 100%, chi thường xuyên, ...); below a single
    line that only totals the table ("Tổng thu"), the lines it holds."""
    table = side_table(item, side)
    if table is None:
        return []
    rows = _top_rows(table)
    while len(rows) == 1 and table.children(rows[0]):
        rows = table.children(rows[0])
    estimate = measure_column(table, ESTIMATE_MEASURES)
    actual = measure_column(table, ACTUAL_MEASURES)

    def figure(index: int, column: Column | None) -> float | None:
        return millions(table, table.figure(index, column.key)) if column else None

    return [
        GroupFigure(
            table.rows[i].code or "",
            table.rows[i].name,
            figure(i, estimate),
            figure(i, actual),
        )
        for i in rows
    ]


def table_totals(item: Budget, side: str) -> Totals | None:
    """The stated total row, or the sum of the top-level lines where the form states none."""
    table = side_table(item, side)
    if table is None:
        return None
    estimate = column_total(table, measure_column(table, ESTIMATE_MEASURES))
    actual = column_total(table, measure_column(table, ACTUAL_MEASURES))
    return Totals(millions(table, estimate), millions(table, actual))


def _budgets(records: Iterable[Record]) -> list[Budget]:
    """The reports that publish figures: a signed document published without its tables yet
    has none to chart."""
    return [r.item for r in records if isinstance(r.item, Budget) and r.item.published_tables]


def latest_execution(records: Iterable[Record], year: int) -> Record | None:
    """The year's report with the most complete execution figures, or None before any."""
    by_phase = {
        r.item.phase: r
        for r in records
        if isinstance(r.item, Budget) and r.year == year and r.item.published_tables
    }
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
    partial: str | None = None
    """`9 tháng` when those figures cover only part of the year."""


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
                latest.item.phase_title if latest else "",
                latest.item.partial_period if latest else None,
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
                table = side_table(after.item, side)
                assert table is not None
                at = _actual_total_path(table)
                unit = "đồng"
                made = diagnostic(
                    "CK850",
                    f"tổng thực hiện {label} đến hết {_lower(after_label)} ({vnd(later)} {unit}) "
                    f"nhỏ hơn đến hết {_lower(before_label)} ({vnd(earlier)} {unit}, "
                    f"{before.source.name})",
                    after.source.name,
                    after.source.locate(at),
                    field=".".join(str(p) for p in at),
                    related=[f"{before.source.name}:1:1"],
                )
                yield dataclasses.replace(made, severity=Severity.WARNING)


def _actual_total_path(table: Table) -> FieldPath:
    """Where the execution total is written: the total row's cell, else the table."""
    column = measure_column(table, ACTUAL_MEASURES)
    for index, row in enumerate(table.rows):
        if row.level == 0 and column is not None and column.key in table.cells[index]:
            return table.value_paths[index].get(column.key, table.path)
    return table.path


def _lower(quarter: str) -> str:
    """ "Quý II" inside a sentence: "quý II" (the numeral keeps its capitals)."""
    return quarter.replace("Quý", "quý")


def _stated_actual(item: Budget, side: str) -> int | None:
    """The execution total in đồng, so that reports in different units compare."""
    table = side_table(item, side)
    if table is None or table.factor is None:
        return None
    amount = column_total(table, measure_column(table, ACTUAL_MEASURES))
    return None if amount is None else round(amount * table.factor)
