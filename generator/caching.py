"""Jinja's compiled templates kept on disk, for every project on the machine.

congkhai's templates and the theme's depend on congkhai's code alone; compiling them is most of
what a small build or a preview rebuild would spend before its first page. Jinja's own
FileSystemBytecodeCache keeps their code in the user's cache directory ($CONGKHAI_CACHE_DIR,
else $XDG_CACHE_HOME/congkhai, else ~/.cache/congkhai), as Python keeps compiled modules in
__pycache__. Jinja stores a checksum of each template's source with its code and compiles a
changed template afresh, so an edited theme template never runs stale code. Where the directory
cannot be written, templates are compiled in memory as usual.
"""

from __future__ import annotations

import os
from pathlib import Path

import jinja2

CACHE_DIR_VARIABLE = "CONGKHAI_CACHE_DIR"


def cache_dir() -> Path:
    if os.environ.get(CACHE_DIR_VARIABLE):
        return Path(os.environ[CACHE_DIR_VARIABLE])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "congkhai"


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """A cache of compiled templates in the user's cache directory, or None where it cannot be
    written."""
    folder = cache_dir() / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    if not os.access(folder, os.W_OK):
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))
