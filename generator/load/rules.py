"""Read the shipped rule files and the commune's own site_config/rules.yaml.

A rule file is content like any other: a mistake in it is a diagnostic with file, line and column,
and the build stops before writing anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.compliance.rules import Rule, RuleFile, shipped_rule_files
from generator.diagnostics import Diagnostic, diagnostic
from generator.diagnostics.models import validate_model
from generator.diagnostics.positions import SourceFile
from generator.load.paths import outside
from generator.load.sources import read_source
from generator.project import Project


@dataclass
class RuleSet:
    rules: list[Rule] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: dict[str, list[str]] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    """Rule id -> the file it came from (shown as the rule's source in reports)."""


def local_rules_file(project: Project) -> Path:
    return project.root / "site_config" / "rules.yaml"


def load_rules(project: Project | None = None, extra: list[Path] | None = None) -> RuleSet:
    """Shipped rules, then local ones; a local rule with a shipped id replaces the shipped one."""
    result = RuleSet()
    files = [(path, f"generator/rules/{path.name}") for path in shipped_rule_files()]
    for path in extra or []:
        files.append((path, project.display(path) if project else path.as_posix()))
    if project is not None and local_rules_file(project).is_file():
        path = local_rules_file(project)
        files.append((path, project.display(path)))

    by_id: dict[str, Rule] = {}
    for path, name in files:
        local = not name.startswith("generator/")
        seen_here: set[str] = set()
        for rule, source, index in _read_rules(path, name, result):
            if rule.id in seen_here or (rule.id in by_id and not local):
                result.diagnostics.append(
                    diagnostic(
                        "CK410",
                        f"mã quy tắc `{rule.id}` đã được dùng ({result.origin[rule.id]})",
                        name,
                        source.locate(("rules", index, "id")),
                        field=f"rules[{index}].id",
                    )
                )
                continue
            seen_here.add(rule.id)
            by_id[rule.id] = rule
            result.origin[rule.id] = name
    result.rules = list(by_id.values())
    return result


def _read_rules(path: Path, name: str, result: RuleSet) -> list[tuple[Rule, SourceFile, int]]:
    refused = outside(path, path.parent.resolve(), name)
    if refused is not None:
        result.diagnostics.append(refused)
        return []
    source, problems = read_source(path, name)
    result.diagnostics.extend(problems)
    if source is None:
        result.lines[name] = path.read_text(encoding="utf-8", errors="replace").splitlines()
        return []
    result.lines[name] = source.lines
    parsed = validate_model(RuleFile, source, result.diagnostics)
    if parsed is None:
        return []
    return [(rule, source, index) for index, rule in enumerate(parsed.rules)]
