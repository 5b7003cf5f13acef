"""The whole audit, in order, as `congkhai audit` runs it.

registry  registry.yaml               -> communes and where their portals are, diagnostics
rules     shipped + province's rules  -> the rule set (the communes' own rules are not used)
communes  one at a time (stream.py)   -> fetch, check, evaluate, the commune's page and JSON,
                                         its line of the matrix; compared with an earlier audit
write     the pages over all communes -> the provinces, each province's matrix, figures per
                                         rule, matrix.csv, matrix.json
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.audit.dashboard import write_dashboard
from generator.audit.export import read_previous
from generator.audit.http_cache import HttpCache
from generator.audit.matrix import Audit, CommuneSummary, Judge, rules_in_force
from generator.audit.portals import DEFAULT_JOBS
from generator.audit.registry import LoadedRegistry, load_registry
from generator.audit.stream import Context, audit_communes, default_processes
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
    registry_path: Path | LoadedRegistry,
    *,
    as_of: dt.date,
    out: Path | None,
    previous: Path | None = None,
    jobs: int = DEFAULT_JOBS,
    processes: int | None = None,
    cache: HttpCache | None = None,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[CommuneSummary], None] | None = None,
) -> AuditRun:
    """Audit every commune of the registry (a file, or one already loaded); write the dashboard
    to `out` unless it is None. `cache` keeps what portals sent, for conditional requests next
    time."""
    run = AuditRun()
    loaded = registry_path if isinstance(registry_path, LoadedRegistry) else None
    if loaded is None:
        assert isinstance(registry_path, Path)
        loaded = load_registry(registry_path)
    run.diagnostics += loaded.diagnostics
    run.lines.update(loaded.lines)
    earlier = read_previous(previous) if previous is not None else None
    if isinstance(earlier, Diagnostic):
        run.diagnostics.append(earlier)
        earlier = None
    registry = loaded.registry
    if registry is None or has_errors(run.diagnostics):
        return run

    rules = load_rules(extra=registry.rule_files)
    run.diagnostics += rules.diagnostics
    run.lines.update(rules.lines)
    if has_errors(rules.diagnostics):
        return run

    columns = rules_in_force(rules.rules, as_of)
    frame = Audit(
        title=registry.title,
        as_of=as_of,
        rules=columns,
        communes=[],
        province_code=registry.province_code,
        province_name=registry.province_name,
        previous_as_of=earlier.as_of if earlier is not None else None,
    )
    context = Context(registry, Judge(columns, as_of), frame, earlier, out)
    if on_start is not None:
        on_start(len(registry.communes))
    frame.communes = audit_communes(
        context,
        registry.communes,
        jobs=jobs,
        processes=default_processes() if processes is None else processes,
        cache=cache,
        on_done=on_done,
    )
    run.diagnostics += [c.problem for c in frame.communes if c.problem is not None]
    run.audit = frame
    if out is not None:
        run.written = write_dashboard(frame, out)
    return run
