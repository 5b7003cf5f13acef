"""Small assertions shared by the tests."""

from __future__ import annotations

import datetime as dt

from generator.build import validate_project
from generator.diagnostics import Diagnostic
from generator.project import Project

AS_OF = dt.date(2025, 12, 1)


def diagnostics_of(project: Project, as_of: dt.date = AS_OF) -> list[Diagnostic]:
    """Content diagnostics; compliance findings (CK4xx, about what is missing from the whole
    portal) are left out, since these fixtures are deliberately tiny portals."""
    result, _ = validate_project(project, as_of=as_of)
    return [d for d in result.diagnostics if not d.code.startswith("CK4")]


def flatten(diagnostics: list[Diagnostic]) -> list[tuple[str, str, int, int, str]]:
    """(code, file, line, column, field) per diagnostic, sorted: what tests assert on."""
    return sorted((d.code, d.file, d.line, d.column, d.field) for d in diagnostics)
