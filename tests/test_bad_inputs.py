"""A corpus of hand-written bad inputs (tests/cases/bad/): each gives exactly the expected errors.

Each `<type>--<mistake>.yaml` is dropped into an otherwise valid portal (one valid item of every
type) in place of that type's item; `<name>.expected` lists `CODE line:column field` per error.
Regenerate the expectations after a deliberate change with `pytest --update-expected` and review
the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import diagnostics_of
from test_types_more import FILES, VALID

CASES = sorted((Path(__file__).parent / "cases/bad").glob("*.yaml"))
FIELD_FILES = {name.split("/")[1]: name for name in VALID}


def _format(diagnostics) -> str:
    lines = sorted(f"{d.code} {d.line}:{d.column} {d.field}".rstrip() for d in diagnostics)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_input_is_reported_exactly(make_project, case, request):
    folder = case.stem.split("--")[0]
    target = FIELD_FILES.get(folder, f"content/{folder}/{case.stem.split('--')[1]}.yaml")
    files = {**VALID, **FILES, target: case.read_bytes()}
    diagnostics = [d for d in diagnostics_of(make_project(files)) if d.file == target]
    assert diagnostics, "no error reported"
    assert all(d.message and d.hint and d.is_error for d in diagnostics)
    expected = case.with_suffix(".expected")
    if request.config.getoption("--update-expected"):
        expected.write_text(_format(diagnostics), encoding="utf-8")
    assert _format(diagnostics) == expected.read_text(encoding="utf-8")
