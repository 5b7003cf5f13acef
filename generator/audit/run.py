"""The whole audit, in order, as `congkhai audit` runs it.

registry  registry.yaml               -> communes and where their portals are, diagnostics
rules     shipped + province's rules  -> the rule set (the communes' own rules are not used)
read      each portal, in parallel    -> records and site facts, or why it could not be read
evaluate  rules in force on as_of     -> a cell per commune and rule
compare   an earlier matrix.json      -> improved / regressed per commune
write     the dashboard               -> HTML pages, matrix.csv, matrix.json
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.audit.dashboard import write_dashboard
from generator.audit.export import read_previous
from generator.audit.matrix import Audit, audit, compare
from generator.audit.portals import DEFAULT_JOBS, Portal, problems, read_portals
from generator.audit.registry import load_registry
from generator.diagnostics import Diagnostic, has_errors
from generator.load.rules import load_rules


@dataclass
class AuditRun:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: dict[str, list[str]] = field(default_factory=dict)
    audit: Audit | None = None
    written: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.audit is not None and not has_errors(self.diagnostics)


def run_audit(
    registry_path: Path,
    *,
    as_of: dt.date,
    out: Path | None,
    previous: Path | None = None,
    jobs: int = DEFAULT_JOBS,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[Portal], None] | None = None,
) -> AuditRun:
    """Audit every commune of the registry; write the dashboard to `out` unless it is None."""
    run = AuditRun()
    loaded = load_registry(registry_path)
    run.diagnostics += loaded.diagnostics
    run.lines.update(loaded.lines)
    earlier = read_previous(previous) if previous is not None else None
    if isinstance(earlier, Diagnostic):
        run.diagnostics.append(earlier)
    registry = loaded.registry
    if registry is None or has_errors(run.diagnostics):
        return run

    rules = load_rules(extra=registry.rule_files)
    run.diagnostics += rules.diagnostics
    run.lines.update(rules.lines)
    if has_errors(rules.diagnostics):
        return run

    if on_start is not None:
        on_start(len(registry.communes))
    portals = read_portals(registry, as_of=as_of, jobs=jobs, on_done=on_done)
    run.diagnostics += problems(portals)
    result = audit(registry.title, portals, rules.rules, as_of)
    result.province_code = registry.province_code
    result.province_name = registry.province_name
    if earlier is not None and not isinstance(earlier, Diagnostic):
        result.previous_as_of = earlier.as_of
        result.changes = compare(result, earlier.cells)
        result.history = earlier.history
    run.audit = result
    if out is not None:
        run.written = write_dashboard(result, out)
    return run
