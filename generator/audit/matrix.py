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

from generator.audit.manifest_records import uncarried
from generator.audit.portals import Portal
from generator.compliance.evaluate import Evidence, Finding, Status, evaluate
from generator.compliance.rules import Rule, Selector


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
    portal: Portal
    cells: dict[str, RuleCell] = field(default_factory=dict)

    @property
    def reachable(self) -> bool:
        return self.portal.ok

    def count(self, cell: Cell) -> int:
        return sum(1 for c in self.cells.values() if c.cell is cell)

    @property
    def share(self) -> float | None:
        """Rules passed among those due and judged: the point of this audit on the commune's
        trend (shown on its own page, never as a ranking)."""
        return pass_share([c.cell.value for c in self.cells.values()])


@dataclass(frozen=True)
class Change:
    rule_id: str
    before: str
    after: str
    direction: str
    """`improved`, `regressed` or `changed` (to or from a state that is not a judgement)."""


@dataclass
class Audit:
    title: str
    as_of: dt.date
    rules: list[Rule]
    communes: list[CommuneResult]
    province_code: str | None = None
    province_name: str | None = None
    changes: dict[str, list[Change]] | None = None
    """Per commune code, when compared with an earlier audit."""
    previous_as_of: str | None = None
    history: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    """Per commune code, the share of rules passed at each earlier audit (ISO date, share), oldest
    first, as the `--previous` matrix.json carried it."""

    def trend(self, result: CommuneResult) -> list[tuple[str, float]]:
        """The commune's share of rules passed at each audit, this one last."""
        points = list(self.history.get(result.portal.commune.code, []))
        if result.share is not None:
            points.append((self.as_of.isoformat(), result.share))
        return points

    def figures(self, rule: Rule) -> dict[Cell, int]:
        counts = dict.fromkeys(Cell, 0)
        for result in self.communes:
            cell = result.cells.get(rule.id)
            if cell is not None:
                counts[cell.cell] += 1
        return counts

    def pass_rate(self, rule: Rule) -> float | None:
        counts = self.figures(rule)
        judged = sum(counts[c] for c in JUDGED)
        return counts[Cell.PASS] / judged if judged else None


def pass_share(cells: list[str]) -> float | None:
    """Passed among the cells that were due and judged (cell values as matrix.json writes them)."""
    judged = [c for c in cells if c in _JUDGED_VALUES]
    return sum(c == Cell.PASS.value for c in judged) / len(judged) if judged else None


_JUDGED_VALUES = {c.value for c in JUDGED}


def rules_in_force(rules: list[Rule], as_of: dt.date) -> list[Rule]:
    return sorted((r for r in rules if r.in_force(as_of)), key=lambda r: (r.group, r.id))


def audit(title: str, portals: list[Portal], rules: list[Rule], as_of: dt.date) -> Audit:
    """Run the rules in force on `as_of` over every portal that could be read."""
    columns = rules_in_force(rules, as_of)
    blind_by_generator: dict[str, dict[str, str]] = {}
    results = []
    for portal in portals:
        result = CommuneResult(portal)
        if portal.ok:
            if portal.commune.kind == "content":
                blind = {}
            elif portal.generator in blind_by_generator:
                blind = blind_by_generator[portal.generator]
            else:
                blind = blind_by_generator[portal.generator] = _blind(columns, portal.generator)
            result.cells = _cells(portal, columns, as_of, blind)
        results.append(result)
    return Audit(title=title, as_of=as_of, rules=columns, communes=results)


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


def compare(audit_now: Audit, previous: dict[str, dict[str, str]]) -> dict[str, list[Change]]:
    """What changed per commune since an earlier audit (commune code -> rule id -> cell value,
    with `""` for a commune that could not be read)."""
    changes: dict[str, list[Change]] = {}
    for result in audit_now.communes:
        code = result.portal.commune.code
        before = previous.get(code)
        if before is None:
            continue
        found = []
        for rule in audit_now.rules:
            after_cell = result.cells.get(rule.id)
            after = after_cell.cell.value if after_cell else ""
            old = before.get(rule.id)
            if old is None or old == after:
                continue
            found.append(Change(rule.id, old, after, _direction(old, after)))
        changes[code] = found
    return changes


def _direction(before: str, after: str) -> str:
    try:
        old, new = _PROGRESS.get(Cell(before)), _PROGRESS.get(Cell(after))
    except ValueError:
        return "changed"
    if old is None or new is None:
        return "changed"
    return "improved" if new > old else "regressed"
