"""Work that depends on congkhai's code alone, kept in the work dir between builds.

Compiling congkhai's templates (about 0.2 s), the theme's (0.3 s), making the JSON Schemas
(0.1 s) and the table of days off (workdays.py, 0.06 s) give the same result until congkhai, a
library it renders with or a template changes, so
a build keeps them in .congkhai-build/ under the digest of congkhai's code (memo.py) and the next
build reads them back, as Python keeps compiled modules in __pycache__. Jinja stores a checksum
of each template's source with its code and compiles afresh a template whose source differs, so
an edited theme template never runs stale code.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

from generator.memo import code_digest, keep_value, read_kept
from generator.workdays import DaysOff

CACHE_FILE = "code.pickle"


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


def read_code(work_dir: Path) -> CodeCache:
    """What an earlier build kept for this version of congkhai; empty if none."""
    kept = read_kept(work_dir / CACHE_FILE, code_digest())
    return kept if isinstance(kept, CodeCache) else CodeCache()


def keep_code(work_dir: Path, cache: CodeCache) -> None:
    keep_value(work_dir / CACHE_FILE, code_digest(), cache)
