"""Diagnostics are values: what went wrong, where, and how to fix it.

Every stage returns them instead of logging or raising, so one run can report every problem, the
CLI can print them like a compiler, `--format json` can emit them, and tests can assert on them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import NamedTuple

from generator.diagnostics.codes import CODES


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Position(NamedTuple):
    """1-based line and column in a source file. A tuple rather than a dataclass: a file holds
    one per field, and tuples are made and pickled (for the second core, forked.py) several
    times faster."""

    line: int
    column: int


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    file: str
    line: int = 1
    column: int = 1
    field: str = ""
    hint: str = ""
    severity: Severity = Severity.ERROR
    related: tuple[str, ...] = dataclasses.field(default_factory=tuple)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def title(self) -> str:
        return CODES[self.code].title

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["related"] = list(self.related)
        data["title"] = self.title
        return data


def diagnostic(
    code: str,
    message: str,
    file: str,
    at: Position | None = None,
    field: str = "",
    hint: str | None = None,
    related: Iterable[str] = (),
) -> Diagnostic:
    """Make a diagnostic whose severity and default hint come from the code catalogue."""
    entry = CODES[code]
    position = at or Position(1, 1)
    return Diagnostic(
        code=code,
        message=message,
        file=file,
        line=position.line,
        column=position.column,
        field=field,
        hint=entry.hint if hint is None else hint,
        severity=Severity.WARNING if code.startswith("CK2") else Severity.ERROR,
        related=tuple(related),
    )


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.file, d.line, d.column, d.code)


def format_text(diagnostics: Sequence[Diagnostic], source_lines: dict[str, list[str]]) -> str:
    """Render diagnostics as `file:line:col: CODE field: message`, a code frame and a hint."""
    out: list[str] = []
    for d in sorted(diagnostics, key=sort_key):
        label = "lỗi" if d.is_error else "cảnh báo"
        where = f"{d.field}: " if d.field else ""
        out.append(f"{d.file}:{d.line}:{d.column}: {d.code} {label}: {where}{d.message}")
        lines = source_lines.get(d.file)
        if lines and 1 <= d.line <= len(lines):
            text, caret = _excerpt(lines[d.line - 1].rstrip("\n"), d.column)
            gutter = f"{d.line:>5} | "
            out.append(f"{gutter}{text}")
            out.append(" " * (len(gutter) - 2) + "| " + " " * caret + "^")
        for note in d.related:
            out.append(f"      xem thêm: {note}")
        if d.hint:
            out.append(f"      cách sửa: {d.hint}")
        out.append("")
    out.append(summary(diagnostics))
    return "\n".join(out)


EXCERPT = 100
"""Characters of a source line shown under a diagnostic: a pasted paragraph, or a key held down,
would otherwise fill the terminal and hide the next error."""


def _excerpt(line: str, column: int) -> tuple[str, int]:
    """The part of `line` around `column` (1-based), and the caret's offset in it."""
    if len(line) <= EXCERPT:
        return line, column - 1
    start = max(0, min(column - 1 - EXCERPT // 3, len(line) - EXCERPT))
    end = start + EXCERPT
    shown = ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")
    return shown, column - 1 - start + (1 if start else 0)


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    files = len({d.file for d in diagnostics})
    if not diagnostics:
        return "Không có lỗi."
    return f"{errors} lỗi, {warnings} cảnh báo trong {files} tệp."


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    payload = {
        "valid": not has_errors(diagnostics),
        "errors": sum(1 for d in diagnostics if d.is_error),
        "warnings": sum(1 for d in diagnostics if not d.is_error),
        "diagnostics": [d.as_dict() for d in sorted(diagnostics, key=sort_key)],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands: each diagnostic becomes an annotation on its file and line.

    Printed in a workflow step, they show up on the pull request's "Files changed" tab at the
    line that is wrong, so staff see the mistake where they made it.
    """
    out = []
    for d in sorted(diagnostics, key=sort_key):
        command = "error" if d.is_error else "warning"
        properties = ",".join(
            f"{name}={_github_property(str(value))}"
            for name, value in (
                ("file", d.file),
                ("line", d.line),
                ("col", d.column),
                ("title", f"{d.code} {d.title}"),
            )
        )
        out.append(f"::{command} {properties}::{_github_data(_plain_message(d))}")
    out.append(summary(diagnostics))
    return "\n".join(out)


def _plain_message(d: Diagnostic) -> str:
    where = f"{d.field}: " if d.field else ""
    lines = [f"{where}{d.message}"]
    lines += [f"xem thêm: {note}" for note in d.related]
    if d.hint:
        lines.append(f"cách sửa: {d.hint}")
    return "\n".join(lines)


def _github_data(text: str) -> str:
    # The escapes GitHub's runner decodes in a workflow command's message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def format_gitlab(diagnostics: Sequence[Diagnostic]) -> str:
    """A GitLab Code Quality report (a subset of the Code Climate format).

    Saved as the `codequality` artifact, it shows each problem in the merge request widget and
    beside the line in the diff. The fingerprint leaves out the line number so that a problem
    that merely moved is not reported as new; repeats of the same problem are numbered apart.
    """
    seen: dict[str, int] = {}
    issues = []
    for d in sorted(diagnostics, key=sort_key):
        identity = "\x1f".join((d.code, d.file, d.field, d.message))
        seen[identity] = seen.get(identity, 0) + 1
        digest = hashlib.sha256(f"{identity}\x1f{seen[identity]}".encode()).hexdigest()
        issues.append(
            {
                "type": "issue",
                "check_name": d.code,
                "description": f"{d.code} {d.title}: {_plain_message(d)}",
                "categories": ["Bug Risk" if d.is_error else "Style"],
                "severity": GITLAB_SEVERITY[d.severity],
                "fingerprint": digest,
                "location": {"path": d.file, "lines": {"begin": d.line}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2)
