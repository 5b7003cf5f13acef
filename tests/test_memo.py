"""A rebuild with nothing changed reads congkhai's own stages back instead of running them, and
gives the same site and the same warnings; any change to the inputs runs them again."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import re
import shutil

from generator.code_cache import CACHE_DIR_VARIABLE, CACHE_FILE, CodeCache, cache_dir, read_code
from generator.memo import MEMO_FILE, code_digest
from test_build import tree_digest

from generator import build as pipeline
from generator.build import build
from generator.diagnostics import format_text
from generator.project import Project
from generator.vn import workdays

AS_OF = dt.date(2025, 12, 1)
OWN = {"load", "validate", "check", "render"}


def test_nothing_changed_reads_the_own_stages_back(demo_project, tmp_path):
    first = build(demo_project, as_of=AS_OF)
    assert first.published and set(first.timings) >= OWN
    kept = tmp_path / "first"
    shutil.copytree(demo_project.site_dir, kept)

    again = build(demo_project, as_of=AS_OF)
    assert again.published
    assert not OWN & set(again.timings), again.timings
    assert again.diagnostics == first.diagnostics  # the same warnings, still reported
    # ... with the same lines of the files they point at.
    shown = format_text(again.diagnostics, again.lines)
    assert shown == format_text(first.diagnostics, first.lines) and " | " in shown
    assert again.count == first.count > 50
    assert tree_digest(demo_project.site_dir) == tree_digest(kept)


def test_an_edit_runs_the_stages_again(demo_project):
    assert build(demo_project, as_of=AS_OF).published
    path = demo_project.content_dir / "hoi-dap/2025-den-duong-lien-thon.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: ", "title: Đã sửa - ", text, count=1, flags=re.M), "utf-8")
    result = build(demo_project, as_of=AS_OF)
    assert result.published, result.diagnostics
    assert set(result.timings) >= OWN
    page = demo_project.site_dir / "hoi-dap/2025/den-duong-lien-thon/index.html"
    assert "Đã sửa - " in page.read_text(encoding="utf-8")


def test_another_day_runs_the_stages_again(demo_project):
    assert build(demo_project, as_of=AS_OF).published
    later = build(demo_project, as_of=AS_OF + dt.timedelta(days=40))
    assert later.published and set(later.timings) >= OWN


def test_a_damaged_memo_is_ignored(demo_project, tmp_path):
    assert build(demo_project, as_of=AS_OF).published
    kept = tmp_path / "first"
    shutil.copytree(demo_project.site_dir, kept)
    (demo_project.work_dir / MEMO_FILE).write_bytes(b"\x80\x05 not a pickle")
    result = build(demo_project, as_of=AS_OF)
    assert result.published and set(result.timings) >= OWN
    assert tree_digest(demo_project.site_dir) == tree_digest(kept)


def test_compiled_templates_and_schemas_are_kept_for_the_next_build(
    demo_project, tmp_path, monkeypatch
):
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    assert build(demo_project, as_of=AS_OF).published
    kept = tmp_path / "first"
    shutil.copytree(demo_project.site_dir, kept)
    assert (tmp_path / "cache" / f"code-{code_digest()}.pickle").is_file()
    assert not (demo_project.work_dir / CACHE_FILE).exists()
    code = read_code(demo_project.work_dir)
    assert code.templates and code.theme and "schemas/index.json" in code.schemas
    # The days off of the last decade and the next year, as the holidays package gives them.
    assert set(code.days_off) >= set(range(AS_OF.year - 10, AS_OF.year + 2))
    assert code.days_off[2025] == workdays.days_off([2025])[2025]
    assert dt.date(2025, 4, 30) in code.days_off[2025]
    # An edit: the own stages and MkDocs run again, with the code kept instead of compiling.
    (demo_project.work_dir / MEMO_FILE).unlink()
    result = build(demo_project, as_of=AS_OF)
    assert result.published and set(result.timings) >= OWN
    assert tree_digest(demo_project.site_dir) == tree_digest(kept)


def test_another_project_builds_with_the_code_one_kept(demo_project, tmp_path, monkeypatch):
    """The next commune's portal, a new clone: congkhai's templates are not compiled again."""
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    assert build(demo_project, as_of=AS_OF).published
    other = Project(tmp_path / "other")
    shutil.copytree(demo_project.root, other.root, ignore=shutil.ignore_patterns("site", ".*"))

    def compile_templates(_env: object) -> dict[str, bytes]:
        raise AssertionError("congkhai's templates compiled again")

    monkeypatch.setattr(pipeline, "compile_templates", compile_templates)
    result = build(other, as_of=AS_OF)
    assert result.published, [d.message for d in result.diagnostics]
    assert tree_digest(other.site_dir) == tree_digest(demo_project.site_dir)


def test_where_the_cache_directory_cannot_be_written_the_work_dir_keeps_the_code(
    demo_project, tmp_path, monkeypatch
):
    (tmp_path / "not-a-folder").write_text("", encoding="utf-8")
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "not-a-folder" / "cache"))
    assert build(demo_project, as_of=AS_OF).published
    assert read_code(demo_project.work_dir).templates
    assert (demo_project.work_dir / CACHE_FILE).is_file()


def test_an_edited_theme_template_is_compiled_afresh(demo_project):
    assert build(demo_project, as_of=AS_OF).published
    main = demo_project.root / "theme/main.html"
    main.write_text(
        main.read_text(encoding="utf-8").replace(
            "{% block footer %}", "{% block footer %}<p>Đã sửa giao diện</p>", 1
        ),
        encoding="utf-8",
    )
    assert build(demo_project, as_of=AS_OF).published
    assert "Đã sửa giao diện" in (demo_project.site_dir / "index.html").read_text("utf-8")


def test_code_kept_by_another_version_of_congkhai_is_not_used(demo_project):
    bogus = CodeCache(schemas={"schemas/index.json": b"{}"}, templates={"x": b"y"})
    shared = cache_dir() / f"code-{code_digest()}.pickle"
    for path in (shared, demo_project.work_dir / CACHE_FILE):
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as file:
            pickle.dump(("another version", bogus), file)
    assert build(demo_project, as_of=AS_OF).published
    index = json.loads((demo_project.site_dir / "schemas/index.json").read_text("utf-8"))
    assert len(index["schemas"]) > 20
