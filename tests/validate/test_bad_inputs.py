"""A corpus of hand-written bad inputs (tests/cases/bad/): each gives exactly the expected errors.

Each `<type>--<mistake>.yaml` is dropped into an otherwise valid portal (one valid item of every
type) in place of that type's item; `<name>.expected` lists `CODE line:column field` per error.
Regenerate the expectations after a deliberate change with `pytest --update-expected` and review
the diff.
"""

from __future__ import annotations

import pytest
from fixtures import REPO, TYPE_FILES, TYPE_VALID, diagnostics_of

CASES = sorted((REPO / "tests/cases/bad").glob("*.yaml"))
FIELD_FILES = {name.split("/")[1]: name for name in TYPE_VALID}


def _format(diagnostics) -> str:
    lines = sorted(f"{d.code} {d.line}:{d.column} {d.field}".rstrip() for d in diagnostics)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_input_is_reported_exactly(make_project, case, request):
    folder = case.stem.split("--")[0]
    target = FIELD_FILES.get(folder, f"content/{folder}/{case.stem.split('--')[1]}.yaml")
    files = {**TYPE_VALID, **TYPE_FILES, target: case.read_bytes()}
    diagnostics = [d for d in diagnostics_of(make_project(files)) if d.file == target]
    assert diagnostics, "no error reported"
    assert all(d.message and d.hint and d.is_error for d in diagnostics)
    expected = case.with_suffix(".expected")
    if request.config.getoption("--update-expected"):
        expected.write_text(_format(diagnostics), encoding="utf-8")
    assert _format(diagnostics) == expected.read_text(encoding="utf-8")


# -- hostile inputs: every path through validate ends in a coded error with a position ----------

import datetime as dt  # noqa: E402
import os  # noqa: E402

from fixtures import POVERTY, QUESTION  # noqa: E402

from generator.build import build, validate_project  # noqa: E402


def test_an_integer_over_4300_digits_is_a_coded_error(make_project):
    text = POVERTY.replace("  - number: 1", "  - number: " + "9" * 4301)
    [d] = diagnostics_of(make_project({"content/ho-ngheo/2025-ra-soat.yaml": text}))
    assert (d.code, d.field, d.line) == ("CK103", "poor[0].number", 10)


def test_a_slug_too_long_is_refused_where_it_is_written(make_project):
    text = QUESTION + "slug: " + "a" * 300 + "\n"
    [d] = diagnostics_of(make_project({"content/hoi-dap/2025-a.yaml": text}))
    assert (d.code, d.field, d.line) == ("CK104", "slug", 10)
    assert "quá dài" in d.message and "300" in d.message


def test_a_file_name_too_long_for_an_address_is_refused(make_project):
    name = "content/hoi-dap/2025-" + "cau-hoi-" * 20 + ".yaml"
    [d] = diagnostics_of(make_project({name: QUESTION}))
    assert (d.code, d.file) == ("CK104", name)
    assert "tên tệp" in d.hint


def test_a_village_name_of_a_million_characters_is_refused_at_its_field(make_project):
    text = POVERTY.replace("village: Thôn Một", "village: " + "Thôn" * 250_000)
    [d] = diagnostics_of(make_project({"content/ho-ngheo/2025-ra-soat.yaml": text}))
    assert (d.code, d.field, d.line) == ("CK104", "poor[0].village", 12)
    assert "tối đa 200" in d.message


@pytest.mark.parametrize("name", ["content/tin-bai/2026-index.yaml", "content/thu-tuc/index.yaml"])
def test_a_file_named_index_never_replaces_a_listing(make_project, name):
    folder = name.split("/")[1]
    text = next(t for n, t in TYPE_VALID.items() if n.split("/")[1] == folder)
    files = {**TYPE_FILES, **TYPE_VALID, name: text}
    project = make_project(files)
    found = [d for d in diagnostics_of(project) if d.file == name]
    assert [d.code for d in found] == ["CK120"]
    assert not build(project, as_of=dt.date(2025, 12, 1)).published


def test_a_slug_of_index_is_refused(make_project):
    [d] = diagnostics_of(make_project({"content/hoi-dap/2025-a.yaml": QUESTION + "slug: index\n"}))
    assert (d.code, d.field, d.line) == ("CK120", "slug", 10)


@pytest.mark.parametrize("target", ["/proc/self/environ", "outside.yaml"])
def test_a_content_file_linking_out_of_content_is_refused_unread(make_project, tmp_path, target):
    outside = tmp_path / "outside.yaml"
    outside.write_text(QUESTION.replace("Tôi cần giấy tờ gì?", "BÍ MẬT NGOÀI DỰ ÁN"), "utf-8")
    project = make_project({})
    link = project.content_dir / "hoi-dap/2025-a.yaml"
    link.parent.mkdir(parents=True)
    link.symlink_to(target if target.startswith("/") else outside)
    os.environ["CONGKHAI_CANARY"] = "canary-value-not-to-print"
    result, _ = validate_project(project, as_of=dt.date(2025, 12, 1))
    [d] = [d for d in result.diagnostics if not d.code.startswith("CK4")]
    assert (d.code, d.file) == ("CK121", "content/hoi-dap/2025-a.yaml")
    shown = repr(result.lines) + repr([x.message for x in result.diagnostics])
    assert "canary-value-not-to-print" not in shown and "BÍ MẬT" not in shown
    assert result.count == 0


def test_a_site_config_linking_out_is_refused(make_project, tmp_path):
    from fixtures import SITE_YAML

    outside = tmp_path / "site.yaml"
    outside.write_text(SITE_YAML, "utf-8")
    project = make_project({})
    project.site_config_file.unlink()
    project.site_config_file.symlink_to(outside)
    [d] = diagnostics_of(project)
    assert (d.code, d.file) == ("CK121", "site_config/site.yaml")


def test_an_unwritable_project_is_a_coded_error_not_a_traceback(make_project):
    project = make_project({"content/hoi-dap/2025-a.yaml": QUESTION})
    # The work folder cannot be made (a file is in its place), as on a read-only checkout.
    project.work_dir.write_text("", "utf-8")
    result = build(project, as_of=dt.date(2025, 12, 1))
    [d] = result.diagnostics
    assert d.code == "CK904" and not result.published
    assert not project.site_dir.exists()
    # Validating writes nothing, so it still works.
    assert diagnostics_of(project) == []
