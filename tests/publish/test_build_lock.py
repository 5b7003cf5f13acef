"""One build at a time per project: a second says so and leaves site/ alone; site/ is whole."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
from collections import Counter

from fixtures import AS_OF, BUDGET, QUESTION, tree_digest

from generator.build import build
from generator.project import Project
from generator.publish.lock import LOCK_FILE


def _build_command(project) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "-p", str(project.root), "--as-of",
            AS_OF.isoformat()]  # fmt: skip


def _project(make_project):
    files = {"content/ngan-sach/2025-du-toan.yaml": BUDGET}
    for n in range(40):
        files[f"content/hoi-dap/2025-cau-hoi-{n}.yaml"] = QUESTION
    return make_project(files)


def _shape(tree: dict[str, str]) -> Counter[str]:
    """The site's files by path, the search index's folder (named by its content's digest)
    written the same whatever its digest."""
    return Counter(re.sub(r"^ck-search/[0-9a-f]+/", "ck-search/*/", path) for path in tree)


def test_a_build_while_another_holds_the_project_says_so_and_changes_nothing(make_project):
    project = _project(make_project)
    assert build(project, as_of=AS_OF).published
    before = tree_digest(project.site_dir)
    # Another build of the project, as the operating system sees it: the lock held elsewhere.
    fd = os.open(project.work_dir / LOCK_FILE, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        second = subprocess.run(_build_command(project), capture_output=True, text=True)
    finally:
        os.close(fd)
    assert second.returncode != 0
    assert "CK903" in second.stdout + second.stderr
    assert "đang chạy" in second.stdout + second.stderr
    assert "Traceback" not in second.stderr
    assert tree_digest(project.site_dir) == before
    # Once the other build is done, building works again.
    assert build(project, as_of=AS_OF).published


def test_builds_started_together_leave_a_whole_site(make_project, tmp_path):
    project = _project(make_project)
    assert build(project, as_of=AS_OF).published
    # Change an item so that every build below has real work to do and a new site to swap in.
    for attempt in range(3):
        source = project.content_dir / "hoi-dap/2025-cau-hoi-0.yaml"
        source.write_text(
            QUESTION.replace("Tôi cần giấy tờ gì?", f"Lần {attempt} tôi cần giấy tờ gì?"), "utf-8"
        )
        processes = [
            subprocess.Popen(_build_command(project), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
            for _ in range(2)
        ]  # fmt: skip
        outputs = [process.communicate() for process in processes]
        codes = [process.returncode for process in processes]
        assert 0 in codes, outputs
        for code, (out, err) in zip(codes, outputs, strict=True):
            assert "Traceback" not in err, err
            if code != 0:
                assert "CK903" in out + err, (out, err)
        # Whichever built, site/ holds every file a lone build of the same content writes.
        reference = Project(tmp_path / f"ref-{attempt}")
        shutil.copytree(project.root, reference.root, ignore=shutil.ignore_patterns("site", ".*"))
        assert build(reference, as_of=AS_OF).published
        assert _shape(tree_digest(project.site_dir)) == _shape(tree_digest(reference.site_dir))
        page = project.site_dir / "hoi-dap/2025/cau-hoi-0/index.html"
        assert f"Lần {attempt}" in page.read_text("utf-8")
    leftovers = [p.name for p in project.work_dir.iterdir() if p.name.startswith("site-")]
    assert leftovers == []
