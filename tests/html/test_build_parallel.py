"""MkDocs' pages shared among processes: the same bytes as one process, and a worker's warnings
and failures reach the build as if MkDocs had met them itself; work handed to a forked child
comes back, value or error."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from pathlib import Path

import pytest
from fixtures import tree_digest

from generator.build import build
from generator.html.forked import ForkedError, in_background
from generator.html.parallel import in_processes

AS_OF = dt.date(2025, 12, 1)


def test_pages_built_by_two_processes_are_the_bytes_one_process_writes(demo_project, tmp_path):
    assert build(demo_project, as_of=AS_OF, jobs=1).published
    alone = tmp_path / "alone"
    shutil.copytree(demo_project.site_dir, alone)
    assert build(demo_project, as_of=AS_OF, jobs=3).published
    shared = tree_digest(demo_project.site_dir)
    assert shared == tree_digest(alone)
    assert len([p for p in shared if p.endswith("index.html")]) > 50


def test_a_worker_failure_stops_the_build(demo_project):
    assert build(demo_project, as_of=AS_OF).published
    before = tree_digest(demo_project.site_dir)
    # One item page breaks the theme; with one process per page, a worker meets it.
    (demo_project.root / "theme/main.html").write_text(
        "{% extends 'base.html' %}{% block footer %}"
        "{% if page.url == 'ngan-sach/2025/quy-1/' %}{{ x.y.z }}{% endif %}{% endblock %}",
        encoding="utf-8",
    )
    result = build(demo_project, as_of=AS_OF, jobs=64)
    assert not result.published
    errors = [d for d in result.diagnostics if d.is_error]
    assert [d.code for d in errors] == ["CK901"]
    assert "ngan-sach/2025-quy-1" in errors[0].message or "quy-1" in errors[0].message
    assert tree_digest(demo_project.site_dir) == before


def test_worker_warnings_and_errors_come_back_to_the_parent(caplog):
    def work(items):
        for item in items:
            if item == "warn":
                logging.getLogger("mkdocs.structure.pages").warning(
                    "lien ket hong o trang %s", item
                )
            if item == "fail":
                raise ValueError("trang hong")

    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        in_processes(work, ["ok", "warn", "ok", "ok"], workers=2)
    assert [r.getMessage() for r in caplog.records] == ["lien ket hong o trang warn"]

    with pytest.raises(Exception, match="ValueError: trang hong"):
        in_processes(work, ["ok", "fail"], workers=2)


def test_work_in_a_forked_child_gives_its_value_or_its_error():
    parent = os.getpid()
    assert in_background(lambda: (os.getpid() != parent, b"x" * 1_000_000))() == (
        True,
        b"x" * 1_000_000,  # more than a pipe holds: the child waits until it is read
    )
    with pytest.raises(ForkedError, match="ZeroDivisionError"):
        in_background(lambda: 1 / 0)()


def test_mkdocs_own_build_reads_the_pages_from_disk_and_tidies_up(demo_project, tmp_path):
    # With MkDocs' anchor check on, MkDocs' own build runs (in one process): it reads pages from
    # docs_dir, so they are written there for it, and removed after; the site is the same.
    assert build(demo_project, as_of=AS_OF).published
    shared = tree_digest(demo_project.site_dir)
    mkdocs_yml = demo_project.root / "mkdocs.yml"
    mkdocs_yml.write_text(
        mkdocs_yml.read_text(encoding="utf-8") + "\nvalidation:\n  anchors: warn\n",
        encoding="utf-8",
    )
    assert build(demo_project, as_of=AS_OF).published
    assert tree_digest(demo_project.site_dir) == shared
    docs = demo_project.work_dir / "docs"
    left = [p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()]
    assert left and all(path.startswith("files/") for path in left)


def _children() -> set[str]:
    """This process's child processes (Linux)."""
    return {
        pid
        for task in os.listdir("/proc/self/task")
        for pid in Path(f"/proc/self/task/{task}/children").read_text().split()
    }


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="Linux /proc")
def test_a_build_stopped_by_errors_leaves_no_process_behind(demo_project):
    # A build stopped by bad content forks nothing, and leaves no child waiting to be read.
    before = _children()
    bad = demo_project.content_dir / "hoi-dap/2025-den-duong-lien-thon.yaml"
    bad.write_text("title: [không đóng ngoặc\n", encoding="utf-8")
    result = build(demo_project, as_of=AS_OF)
    assert not result.published and any(d.code == "CK100" for d in result.diagnostics)
    assert _children() == before
