"""What congkhai's own stages produced last time, kept for a rebuild with nothing changed.

load → validate → check → render → publish data are a pure function of the project's files, the
day the deadlines are counted to, and congkhai itself. Their result (the diagnostics, the nav,
what the theme reads per page, the Markdown pages, the feeds, manifest and open data; the
attachments stay copied in the work dir) is kept in .congkhai-build/ under a digest of all of
those inputs; when the digest is the same, the build reads it back instead of doing the work
again. Any change, to any content file, the site config, the theme, mkdocs.yml, the rules,
congkhai's code or a library it renders with, gives a new digest and a full run of the stages.

The digest reads every file under the project root except the build's own output (site/, the
work dir), version control and caches: files up to 1 MB by their bytes, larger ones (scanned
PDFs in content/files/) by size and modification time.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.metadata
import os
import pickle
from pathlib import Path
from typing import Any

from generator import __version__
from generator.project import Project

MEMO_FILE = "own-stages.pickle"
BYTES_LIMIT = 1 << 20
RENDERING_LIBRARIES = (
    "pydantic", "jinja2", "pygal", "markdown", "nh3", "holidays", "PyYAML", "feedgen", "lxml",
    "orjson",
)  # fmt: skip
"""Libraries whose version changes what the stages write."""
SKIPPED_DIRS = {".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", ".cache"}
"""Never inputs; `.cache` is where CI keeps pip's and congkhai's caches (inside the project on
GitLab, whose caches must be)."""


class Memo:
    """The kept result for one project and day; `recall` gives it back if nothing changed."""

    def __init__(self, project: Project, as_of: dt.date) -> None:
        self.path = project.work_dir / MEMO_FILE
        self.digest = input_digest(project, as_of)

    def recall(self) -> Any | None:
        return read_kept(self.path, self.digest)

    def forget(self) -> None:
        """Before the stages write anything: a run stopped half way must not leave a memo that
        no longer matches the attachments copied in the work dir."""
        self.path.unlink(missing_ok=True)

    def keep(self, value: Any) -> None:
        keep_value(self.path, self.digest, value)


def read_kept(path: Path, digest: str) -> Any | None:
    """The value kept in `path` under `digest` (keep_value); None if absent, damaged or kept
    under another digest."""
    try:
        with path.open("rb") as file:
            kept_digest, kept = pickle.load(file)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError, TypeError):
        return None
    return kept if kept_digest == digest else None


def keep_value(path: Path, digest: str, value: Any) -> None:
    """Pickle `value` with `digest` into `path`, whole or not at all (written aside, renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    with partial.open("wb") as file:
        pickle.dump((digest, value), file, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)


def input_digest(project: Project, as_of: dt.date) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{as_of.isoformat()}\n{code_digest()}\n".encode())
    skipped = {str(project.site_dir.resolve()), str(project.work_dir.resolve())}
    # Strings and os, not pathlib: a thousand Path objects made, joined and made relative cost
    # more than reading and hashing the files.
    for path, relative in _files(str(project.root.resolve()), skipped):
        digest.update(relative.encode() + b"\0")
        with open(path, "rb") as file:
            stat = os.fstat(file.fileno())
            if stat.st_size <= BYTES_LIMIT:
                digest.update(file.read())
            else:
                digest.update(f"{stat.st_size} {stat.st_mtime_ns}".encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _files(root: str, skipped: set[str]) -> list[tuple[str, str]]:
    """Every file under `root` but in `skipped` and SKIPPED_DIRS, with its path relative to
    `root`, folder by folder in name order."""
    found = []
    start = len(root) + 1
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(
            d for d in dirs if d not in SKIPPED_DIRS and os.path.join(folder, d) not in skipped
        )
        for name in sorted(files):
            path = os.path.join(folder, name)
            found.append((path, path[start:]))
    return found


@functools.cache
def code_digest() -> str:
    """congkhai's own files (code, templates, rules) and the rendering libraries' versions."""
    package = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=20)
    digest.update(__version__.encode())
    for path, relative in _files(str(package), set()):
        digest.update(relative.encode() + b"\0" + Path(path).read_bytes())
    for name in RENDERING_LIBRARIES:
        try:
            digest.update(f"{name} {importlib.metadata.version(name)}\n".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name} -\n".encode())
    return digest.hexdigest()
