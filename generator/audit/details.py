"""Every commune's findings with their periods and evidence, as one JSON Lines file.

Each worker process appends its communes' lines to a part file of its own as it audits them and
hands back where each line is (a Spot); at the end the parts are copied into chi-tiet.jsonl in
registry order, one commune a line, and removed. One file rather than one per commune: creating
thousands of small files costs more than writing them, and a whole-country JSON held in memory
to be dumped at once would cost hundreds of MB.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

DETAILS = "chi-tiet.jsonl"
_PARTS = ".chi-tiet"


@dataclass(frozen=True)
class Spot:
    """Where a commune's line is in a part file."""

    part: str
    offset: int
    length: int


@dataclass
class _Part:
    pid: int
    name: str
    handle: BinaryIO
    offset: int = 0


_current: _Part | None = None


def start(out: Path) -> None:
    """Forget the parts of an interrupted audit."""
    shutil.rmtree(out / _PARTS, ignore_errors=True)


def append(out: Path, line: bytes) -> Spot:
    """Append one commune's line (ending in a newline) to this process's part."""
    global _current
    if _current is None or _current.pid != os.getpid():
        folder = out / _PARTS
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{os.getpid()}.part"
        # Unbuffered: a worker process ends without flushing Python's buffers.
        _current = _Part(os.getpid(), name, open(folder / name, "ab", buffering=0))  # noqa: SIM115
    spot = Spot(_current.name, _current.offset, len(line))
    _current.handle.write(line)
    _current.offset += len(line)
    return spot


def finish() -> None:
    """Close this process's part (the worker processes' close when they end)."""
    global _current
    if _current is not None and _current.pid == os.getpid():
        _current.handle.close()
        _current = None


def pending(out: Path) -> bool:
    """Whether an audit left parts to assemble (not when the dashboard is written again from the
    same results)."""
    return (out / _PARTS).is_dir()


def assemble(out: Path, spots: list[Spot | None]) -> Path:
    """chi-tiet.jsonl from the parts, in the order of `spots`; the parts removed."""
    folder = out / _PARTS
    handles: dict[str, BinaryIO] = {}
    target = out / DETAILS
    temporary = target.with_name(f".tmp-{DETAILS}")
    try:
        with open(temporary, "wb") as joined:
            for spot in spots:
                if spot is None:
                    continue
                part = handles.get(spot.part)
                if part is None:
                    part = handles[spot.part] = open(folder / spot.part, "rb")  # noqa: SIM115
                part.seek(spot.offset)
                joined.write(part.read(spot.length))
        os.replace(temporary, target)
    finally:
        for handle in handles.values():
            handle.close()
        temporary.unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
    return target
