"""Work that depends on congkhai's code alone, kept between builds for every project on the
machine.

Compiling congkhai's templates (about 0.2 s), the theme's (0.3 s), making the JSON Schemas
(0.06 s) and the table of days off (workdays.py, 0.05 s) give the same result until congkhai, a
library it renders with or a template changes. A build keeps them under the digest of congkhai's
code (memo.py) and the next build reads them back, as Python keeps compiled modules in
__pycache__, whichever project it builds: a new clone, the next commune's portal at the
supervising level, a CI job that keeps the cache directory. They are kept in the user's cache
directory ($CONGKHAI_CACHE_DIR, else $XDG_CACHE_HOME/congkhai, else ~/.cache/congkhai), or in the
project's .congkhai-build/ where that cannot be written. Jinja stores a checksum of each
template's source with its code and compiles afresh a template whose source differs, so an
edited theme template never runs stale code. Deleting the directory costs one slower build.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from generator.memo import code_digest, keep_value, read_kept
from generator.vn.workdays import DaysOff

CACHE_FILE = "code.pickle"
"""Its name in a project's work dir; in the user's cache directory, `code-<digest>.pickle`."""
CACHE_DIR_VARIABLE = "CONGKHAI_CACHE_DIR"


@dataclass
class CodeCache:
    templates: dict[str, bytes] = field(default_factory=dict)
    """congkhai's templates compiled, as template_code.compile_templates gives them."""
    schemas: dict[str, bytes] = field(default_factory=dict)
    """The JSON Schemas by site path (publish.schema_data_files)."""
    theme: dict[str, bytes] = field(default_factory=dict)
    """The theme's templates compiled, by Jinja's key (mkdocs_pages)."""
    days_off: DaysOff = field(default_factory=dict)
    """Each year's days off (workdays.days_off)."""

    def copy(self) -> CodeCache:
        return CodeCache(**{f.name: dict(getattr(self, f.name)) for f in fields(self)})

    def add(self, made: CodeCache) -> None:
        """Take in what `made` holds (the parts an earlier build had not kept)."""
        for f in fields(self):
            getattr(self, f.name).update(getattr(made, f.name))


def cache_dir() -> Path:
    """Where this user's builds keep congkhai's compiled code ($CONGKHAI_CACHE_DIR, else the XDG
    cache directory)."""
    if chosen := os.environ.get(CACHE_DIR_VARIABLE):
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "congkhai"


def read_code(work_dir: Path) -> CodeCache:
    """What an earlier build kept for this version of congkhai; empty if none."""
    digest = code_digest()
    for path in _places(work_dir, digest):
        kept = read_kept(path, digest)
        if isinstance(kept, CodeCache):
            return kept
    return CodeCache()


def keep_code(work_dir: Path, cache: CodeCache) -> None:
    """Keep `cache` in the user's cache directory, or in the work dir where that fails."""
    digest = code_digest()
    shared, own = _places(work_dir, digest)
    try:
        keep_value(shared, digest, cache)
    except OSError:  # a read-only home, a full disk: the project's own work dir, then
        keep_value(own, digest, cache)


def _places(work_dir: Path, digest: str) -> tuple[Path, Path]:
    # The digest in the name: two versions of congkhai used in turn do not undo each other.
    return cache_dir() / f"code-{digest}.pickle", work_dir / CACHE_FILE
