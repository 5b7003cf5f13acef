"""The engine seam: MkDocs 1.6 by default, ProperDocs (the maintained MkDocs 1.x fork) as a
drop-in, chosen by CONGKHAI_ENGINE. Each engine runs in its own process, since the choice is made
when html/ is first imported."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures import REPO

BUILD = """
import datetime as dt, sys
from pathlib import Path
from generator.build import build
from generator.html import engine
from generator.project import Project
result = build(Project(Path(sys.argv[1])), as_of=dt.date(2026, 12, 6))
print(engine.ENGINE, result.published)
"""

BROKEN_LINK = """
import datetime as dt, sys
from pathlib import Path
from generator.html import engine, html_config, write_html
from generator.load import load
from generator.project import Project
from generator.validate import validate
project = Project(Path(sys.argv[1]))
site = validate(load(project)).site
docs, out = project.root / "docs-x", project.root / "site-x"
docs.mkdir()
config = html_config(project, site, [{"Trang chủ": "index.md"}], docs, out)
pages = {"index.md": "# Trang chủ\\n\\n[Quyết định](van-ban/khong-co.md)\\n"}
problems = write_html(config, project, dt.date(2026, 1, 1), pages)
print(engine.ENGINE, [(p.code, p.message) for p in problems])
"""

GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


def run(script: str, root: Path, engine: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", script, str(root)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "CONGKHAI_ENGINE": engine},
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


def pages_of(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): GENERATOR_TAG.sub(b"", path.read_bytes())
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def test_the_demo_builds_on_properdocs_with_the_same_pages_as_on_mkdocs(demo_project, tmp_path):
    other = tmp_path / "properdocs"
    shutil.copytree(demo_project.root, other)
    assert run(BUILD, demo_project.root, "mkdocs") == "mkdocs True"
    assert run(BUILD, other, "properdocs") == "properdocs True"
    on_mkdocs, on_properdocs = pages_of(demo_project.site_dir), pages_of(other / "site")
    assert sum(name.endswith("index.html") for name in on_mkdocs) > 50
    # The same files, byte for byte, but for the generator tag that names the engine.
    assert on_properdocs == on_mkdocs


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_a_broken_link_fails_the_build_on_each_engine(demo_project, engine):
    shown = run(BROKEN_LINK, demo_project.root, engine)
    assert shown.startswith(f"{engine} [('CK901', ")
    assert "khong-co.md" in shown
