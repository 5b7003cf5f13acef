"""MkDocs' pages shared among processes: the same bytes as one process, and a worker's warnings
and failures reach the build as if MkDocs had met them itself; work handed to a forked child
comes back, value or error."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import time
from pathlib import Path

import pytest
from test_build import tree_digest

from generator.build import build
from generator.html.forked import ForkedError, Turns, in_background
from generator.html.parallel import _in_processes

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
        _in_processes(work, ["ok", "warn", "ok", "ok"], workers=2)
    assert [r.getMessage() for r in caplog.records] == ["lien ket hong o trang warn"]

    with pytest.raises(Exception, match="ValueError: trang hong"):
        _in_processes(work, ["ok", "fail"], workers=2)


def test_work_in_a_forked_child_gives_its_value_or_its_error():
    parent = os.getpid()
    assert in_background(lambda: (os.getpid() != parent, b"x" * 1_000_000))() == (
        True,
        b"x" * 1_000_000,  # more than a pipe holds: the child waits until it is read
    )
    with pytest.raises(ForkedError, match="ZeroDivisionError"):
        in_background(lambda: 1 / 0)()
    assert in_background(os.getpid, background=False)() == parent


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
    # Children started before the content turned out bad (the templates being compiled, the
    # other half of the files parsed) are stopped and reaped, not left waiting to be read.
    before = _children()
    bad = demo_project.content_dir / "hoi-dap/2025-den-duong-lien-thon.yaml"
    bad.write_text("title: [không đóng ngoặc\n", encoding="utf-8")
    result = build(demo_project, as_of=AS_OF)
    assert not result.published and any(d.code == "CK100" for d in result.diagnostics)
    assert _children() == before


def test_work_no_longer_wanted_is_stopped():
    started = time.monotonic()
    pending = in_background(lambda: time.sleep(30) or b"x" * 1_000_000)
    pending.cancel()
    assert time.monotonic() - started < 5
    with pytest.raises(ForkedError, match="cancelled"):
        pending()


@pytest.mark.parametrize("count", [0, 1, 7, 3000])
def test_turns_give_every_item_once_and_the_faster_process_more(count):
    """The pages are rendered by turns (forked.Turns): a child slowed down takes fewer items,
    and between them the two processes take every item exactly once. 3,000 items are more
    than the pipe's tokens: they are handed out a few at a time."""
    items = [f"item {n}" for n in range(count)]
    with Turns(items) as turns:

        def slow() -> list[tuple[int, str]]:
            taken = []
            for index, item in turns.take():
                taken.append((index, item))
                time.sleep(0.002)
            return taken

        theirs = in_background(slow)
        mine = list(turns.take())
        theirs_taken = theirs()
    together = sorted(mine + theirs_taken)
    assert together == list(enumerate(items))
    if count >= 7:
        assert len(theirs_taken) < len(mine)


def test_turns_without_a_child_are_all_taken_here():
    with Turns(list(range(10))) as turns:
        later = in_background(lambda: list(turns.take()), background=False)
        assert [item for _, item in turns.take()] == list(range(10))
        assert later() == []
