"""Stage 7: replace site/ with the freshly built tree in one step.

On Linux the two directories are exchanged atomically with renameat2(RENAME_EXCHANGE), so a web
server reading site/ never sees it missing or half written. Elsewhere, two renames, with the old
tree put back if the second fails.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import sys
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def swap_into_place(staged: Path, target: Path) -> None:
    """Make `staged` become `target`; the previous `target` is deleted afterwards."""
    if target.exists() and _exchange(staged, target):
        shutil.rmtree(staged)  # now holds the previous site
        return
    backup = staged.with_name(staged.name + ".previous")
    if backup.exists():
        shutil.rmtree(backup)
    if target.exists():
        target.rename(backup)
    try:
        staged.rename(target)
    except OSError:
        if backup.exists():
            backup.rename(target)
        raise
    if backup.exists():
        shutil.rmtree(backup)
