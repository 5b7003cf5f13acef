"""Fixtures: small content trees built on disk, and the repository's own demo commune."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from fixtures import BUDGET, POVERTY, QUESTION, REPO, SITE_YAML, dedent, registry_yaml, scaffold

from generator.caching import CACHE_DIR_VARIABLE
from generator.project import Project


@pytest.fixture(scope="session", autouse=True)
def _code_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Builds, and the commands tests run, keep congkhai's compiled code in a directory of the
    test session's (shared by its builds, as by a user's), never in the user's own cache."""
    os.environ[CACHE_DIR_VARIABLE] = str(tmp_path_factory.mktemp("code-cache"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-expected",
        action="store_true",
        help="rewrite tests/cases/*/*.expected from the current output (review the diff)",
    )


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Project]:
    """Create a project holding the given files (path -> text) plus a valid site config."""

    def make(files: dict[str, str | bytes]) -> Project:
        root = tmp_path / "xa"
        root.mkdir(exist_ok=True)
        scaffold(root)
        all_files: dict[str, str | bytes] = {"site_config/site.yaml": SITE_YAML, **files}
        for name, content in all_files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(dedent(content), encoding="utf-8")
        return Project(root)

    return make


@pytest.fixture
def small_project(make_project) -> Project:
    """One valid item of each type."""
    return make_project(
        {
            "content/ngan-sach/2025-du-toan.yaml": BUDGET,
            "content/ho-ngheo/2025-ra-soat.yaml": POVERTY,
            "content/hoi-dap/2025-thu-tuc-dat.yaml": QUESTION,
        }
    )


@pytest.fixture
def demo_project(tmp_path: Path) -> Project:
    """A copy of the repository's demo commune, safe to build into."""
    root = tmp_path / "demo"
    root.mkdir()
    scaffold(root)
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "site_config", root / "site_config")
    return Project(root)


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """The intake service's registry of communes, as a province writes it."""
    path = tmp_path / "cac-xa.yaml"
    path.write_text(registry_yaml(), encoding="utf-8")
    return path
