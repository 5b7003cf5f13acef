"""The audit's result: one cell per commune and rule, province-wide figures per rule, and what
changed since an earlier audit.

A cell sums up a rule's findings over its periods with the worst of them, so that "late in one
quarter, on time in three" reads as late. There is deliberately no score per commune and no
ranking: the figures are per rule (which duties the province as a whole neglects) and the page
per commune lists findings, not a place in a league table.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

from generator.audit.details import Spot
from generator.audit.manifest_records import uncarried
from generator.audit.portals import Portal
from generator.audit.registry import Commune, official_provinces
from generator.compliance.evaluate import Evidence, Finding, Status, evaluate
from generator.compliance.rules import Rule, Selector
from generator.diagnostics import Diagnostic


class Cell(StrEnum):
    MISSING = "missing"
    INCOMPLETE = "incomplete"
    LATE = "late"
    UNKNOWN = "unknown"
    PASS = "pass"
    NOT_DUE = "not_due"
    NOT_APPLICABLE = "na"


CELL_TITLES = {
    Cell.PASS: "Đạt",
    Cell.LATE: "Chậm",
    Cell.MISSING: "Thiếu",
    Cell.INCOMPLETE: "Chưa đủ thông tin",
    Cell.NOT_DUE: "Chưa đến hạn",
    Cell.NOT_APPLICABLE: "Không áp dụng",
    Cell.UNKNOWN: "Không xác định được",
}
CELL_MARKS = {
    Cell.PASS: "✓",
    Cell.LATE: "!",
    Cell.MISSING: "✗",
    Cell.INCOMPLETE: "~",
    Cell.NOT_DUE: "…",
    Cell.NOT_APPLICABLE: "–",
    Cell.UNKNOWN: "?",
}
WORST_FIRST = list(Cell)
"""Cell order from worst to best: the cell of a rule is its worst finding."""
JUDGED = (Cell.PASS, Cell.LATE, Cell.MISSING, Cell.INCOMPLETE)
"""Cells where the duty was due and could be judged: the base of the pass rate."""
_PROGRESS = {Cell.MISSING: 0, Cell.INCOMPLETE: 1, Cell.LATE: 2, Cell.PASS: 3}
_YEAR = re.compile(r"\b(\d{4})\b")


@dataclass(frozen=True)
class PeriodResult:
    """One finding of a rule for one period, as the audit shows it."""

    cell: Cell
    period: str
    detail: str
    due: dt.date | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class RuleCell:
    cell: Cell
    advisory: bool
    periods: tuple[PeriodResult, ...] = ()


@dataclass
class CommuneResult:
    """One commune's full result: every period's finding and evidence. Made, written to its page
    and its JSON, then reduced to a CommuneSummary, so that an audit of thousands of communes
    never holds all of them at once."""

    portal: Portal
    cells: dict[str, RuleCell] = field(default_factory=dict)

    @property
    def reachable(self) -> bool:
        return self.portal.ok


@dataclass(frozen=True)
class Change:
    rule_id: str
    before: str
    after: str
    direction: str
    """`improved`, `regressed` or `changed` (to or from a state that is not a judgement)."""


@dataclass(frozen=True, slots=True)
class SummaryCell:
    cell: Cell
    advisory: bool
    failing: str
    """The periods missing, incomplete or late, `; `-separated (`cả kỳ` for one without a name)."""

    @property
    def flagged(self) -> bool:
        """Failing but only advisory: marked with `*` in the matrix."""
        return self.advisory and self.cell in FAILING


FAILING = (Cell.MISSING, Cell.INCOMPLETE, Cell.LATE)


@dataclass
class CommuneSummary:
    """What the province's pages, the CSV and matrix.json need of a commune."""

    commune: Commune
    """As read: its portal address filled from the manifest's site.url when the registry had
    none."""
    origin: str
    problem: Diagnostic | None
    generator: str = ""
    data_updated: dt.date | None = None
    cells: dict[str, SummaryCell] = field(default_factory=dict)
    changes: list[Change] | None = None
    """Since the earlier audit; None when there was none or the commune was not in it."""
    history: list[tuple[str, float]] = field(default_factory=list)
    """Share of rules passed at each audit (ISO date, share), this one last when it had any."""
    seconds: float = 0.0
    unchanged: bool = False
    """Read over HTTP and the server said it had not changed since the last audit."""
    detail: Spot | None = None
    """Where its line of chi-tiet.jsonl was written, when the dashboard is written."""

    @property
    def reachable(self) -> bool:
        return self.problem is None

    @property
    def share(self) -> float | None:
        return pass_share([c.cell.value for c in self.cells.values()])


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    communes: list[CommuneSummary]

    @property
    def readable(self) -> int:
        return sum(1 for c in self.communes if c.reachable)


OTHER = "khac"
OTHER_NAME = "Chưa rõ tỉnh"
"""The group of communes whose code is not in the official list and whose registry names no
province."""


@dataclass
class Audit:
    title: str
    as_of: dt.date
    rules: list[Rule]
    communes: list[CommuneSummary]
    province_code: str | None = None
    province_name: str | None = None
    previous_as_of: str | None = None
    """The date of the earlier audit compared with, if any."""

    @property
    def compared(self) -> bool:
        return self.previous_as_of is not None

    def figures(self, rule: Rule, communes: list[CommuneSummary] | None = None) -> dict[Cell, int]:
        counts = dict.fromkeys(Cell, 0)
        for result in self.communes if communes is None else communes:
            cell = result.cells.get(rule.id)
            if cell is not None:
                counts[cell.cell] += 1
        return counts

    def pass_rate(self, rule: Rule, communes: list[CommuneSummary] | None = None) -> float | None:
        counts = self.figures(rule, communes)
        judged = sum(counts[c] for c in JUDGED)
        return counts[Cell.PASS] / judged if judged else None

    def provinces(self) -> list[Province]:
        """The communes by province, in the order of the official codes (unknown ones last)."""
        groups: dict[str, list[CommuneSummary]] = {}
        for result in self.communes:
            groups.setdefault(result.commune.province, []).append(result)
        names = official_provinces()
        found = []
        for code, members in sorted(groups.items(), key=lambda g: (not g[0], g[0])):
            name = names.get(code) or (self.province_name if code == self.province_code else None)
            found.append(Province(code or OTHER, name or OTHER_NAME, members))
        return found


def pass_share(cells: list[str]) -> float | None:
    """Passed among the cells that were due and judged (cell values as matrix.json writes them)."""
    judged = [c for c in cells if c in _JUDGED_VALUES]
    return sum(c == Cell.PASS.value for c in judged) / len(judged) if judged else None


_JUDGED_VALUES = {c.value for c in JUDGED}


def rules_in_force(rules: list[Rule], as_of: dt.date) -> list[Rule]:
    return sorted((r for r in rules if r.in_force(as_of)), key=lambda r: (r.group, r.id))


@dataclass
class Judge:
    """Runs the rules in force over one portal at a time; remembers, per portal generator, which
    rules a manifest cannot settle."""

    columns: list[Rule]
    as_of: dt.date
    blind_by_generator: dict[str, dict[str, str]] = field(default_factory=dict)

    def __call__(self, portal: Portal) -> CommuneResult:
        result = CommuneResult(portal)
        if not portal.ok:
            return result
        if portal.commune.kind == "content":
            blind: dict[str, str] = {}
        elif portal.generator in self.blind_by_generator:
            blind = self.blind_by_generator[portal.generator]
        else:
            blind = self.blind_by_generator[portal.generator] = _blind(
                self.columns, portal.generator
            )
        result.cells = _cells(portal, self.columns, self.as_of, blind)
        return result


def summarize(
    result: CommuneResult,
    before: dict[str, str] | None,
    history: list[tuple[str, float]],
    as_of: dt.date,
    rules: list[Rule],
) -> CommuneSummary:
    """The commune's line in the matrix; `before` its cells at the earlier audit, if any."""
    portal = result.portal
    cells = {
        rule_id: SummaryCell(
            cell.cell,
            cell.advisory,
            "; ".join(p.period or "cả kỳ" for p in cell.periods if p.cell in FAILING),
        )
        for rule_id, cell in result.cells.items()
    }
    summary = CommuneSummary(
        commune=portal.commune,
        origin=portal.origin,
        problem=portal.problem,
        generator=portal.generator,
        data_updated=portal.data_updated,
        cells=cells,
        seconds=portal.seconds,
        unchanged=portal.unchanged,
    )
    if before is not None:
        summary.changes = changes(cells, before, rules)
    share = summary.share
    summary.history = list(history) + ([(as_of.isoformat(), share)] if share is not None else [])
    return summary


def _blind(columns: list[Rule], generator: str) -> dict[str, str]:
    """Rules a manifest cannot settle, with what it lacks for each."""
    blind = {}
    for rule in columns:
        missing = uncarried(rule, generator)
        if missing:
            blind[rule.id] = "manifest.json không ghi " + ", ".join(missing)
    return blind


def _cells(
    portal: Portal, columns: list[Rule], as_of: dt.date, blind: dict[str, str]
) -> dict[str, RuleCell]:
    judged = [rule for rule in columns if rule.id not in blind]
    assert portal.site is not None
    report = evaluate(judged, portal.records, portal.site, as_of)
    by_rule: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_rule.setdefault(finding.rule.id, []).append(finding)
    cells = {}
    for rule in columns:
        if rule.id in blind:
            unknown = PeriodResult(Cell.UNKNOWN, "", blind[rule.id])
            cells[rule.id] = RuleCell(Cell.UNKNOWN, rule.advisory_on(as_of), (unknown,))
            continue
        findings = by_rule.get(rule.id, [])
        periods = tuple(_period(rule, f, portal.withdrawn) for f in findings)
        advisory = any(f.advisory for f in findings) or rule.advisory_on(as_of)
        worst = min((p.cell for p in periods), key=WORST_FIRST.index, default=Cell.NOT_APPLICABLE)
        cells[rule.id] = RuleCell(worst, advisory, periods)
    return cells


def _period(rule: Rule, finding: Finding, withdrawn: list[tuple[str, str]]) -> PeriodResult:
    cell = _cell_of(finding)
    detail = finding.detail
    if cell is Cell.MISSING and isinstance(rule.check, Selector):
        # An item taken down at the end of its publication period is gone from the manifest; its
        # publication date went with it, so whether it was on time can no longer be told.
        year = _YEAR.search(finding.period)
        gone = [
            item_id
            for folder, item_id in withdrawn
            if folder == rule.check.type and (year is None or f"/{year.group(1)}/" in item_id)
        ]
        if gone:
            cell = Cell.UNKNOWN
            detail = f"mục đã gỡ khi hết thời hạn công khai ({', '.join(gone)}); {detail}"
    return PeriodResult(cell, finding.period, detail, finding.due, finding.evidence)


def _cell_of(finding: Finding) -> Cell:
    if finding.status is Status.FAIL:
        return Cell.INCOMPLETE if finding.problem == "incomplete" else Cell.MISSING
    return {
        Status.PASS: Cell.PASS,
        Status.LATE: Cell.LATE,
        Status.NOT_DUE: Cell.NOT_DUE,
        Status.NOT_APPLICABLE: Cell.NOT_APPLICABLE,
    }[finding.status]


def changes(now: dict[str, SummaryCell], before: dict[str, str], rules: list[Rule]) -> list[Change]:
    """What changed since an earlier audit (rule id -> cell value, `""` where the commune could
    not be read), in the order of the rules."""
    found = []
    for rule in rules:
        after_cell = now.get(rule.id)
        after = after_cell.cell.value if after_cell else ""
        old = before.get(rule.id)
        if old is None or old == after:
            continue
        found.append(Change(rule.id, old, after, _direction(old, after)))
    return found


def _direction(before: str, after: str) -> str:
    try:
        old, new = _PROGRESS.get(Cell(before)), _PROGRESS.get(Cell(after))
    except ValueError:
        return "changed"
    if old is None or new is None:
        return "changed"
    return "improved" if new > old else "regressed"
