"""A build killed at any moment leaves the published site/ exactly as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from fixtures import AS_OF, BUDGET, QUESTION, tree_digest

from generator.build import build


def test_sigkill_mid_build_leaves_site_intact(make_project):
    files = {"content/ngan-sach/2025-du-toan.yaml": BUDGET}
    # Enough pages that MkDocs is still writing when the build is killed.
    for n in range(150):
        files[f"content/hoi-dap/2025-cau-hoi-{n}.yaml"] = QUESTION
    project = make_project(files)
    assert build(project, as_of=AS_OF).published
    before = tree_digest(project.site_dir)

    killed = 0
    for delay in (0.5, 1.5, 3.0):
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "generator",
                "build",
                "-p",
                str(project.root),
                "--as-of",
                "2025-12-01",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ},
        )
        time.sleep(delay)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        if process.returncode == -signal.SIGKILL:
            killed += 1
            assert tree_digest(project.site_dir) == before, (
                f"site/ changed after a kill at {delay} s"
            )
    assert killed, "every build finished before it could be killed"
    # The next build still works after a killed one left its staging directory behind.
    assert build(project, as_of=AS_OF).published
    assert tree_digest(project.site_dir) == before
