"""Work done in a forked child that hands its value back through a pipe: how parallel.py
shares MkDocs' pages among one process per core.

A child inherits everything the parent holds at the fork (the engine's configuration, files,
nav and compiled theme), so only its result crosses the pipe. Where fork does not exist, the
work runs here when its value is asked for."""

from __future__ import annotations

import gc
import os
import pickle
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class ForkedError(RuntimeError):
    """The child failed; the message is its traceback."""


class Pending(Generic[T]):
    """Work started by `in_background`: calling it gives the value (or raises the error)."""

    def __init__(self, work: Callable[[], T], pid: int | None = None, pipe: int | None = None):
        self._work, self._pid, self._pipe = work, pid, pipe

    def __call__(self) -> T:
        if self._pid is None or self._pipe is None:
            return self._work()
        pid, pipe = self._pid, self._pipe
        self._pid = self._pipe = None
        with os.fdopen(pipe, "rb") as reading:
            data = reading.read()
        _, status = os.waitpid(pid, 0)
        if not data:
            raise ForkedError(f"the child process ended with status {status} and no result")
        ok, value = pickle.loads(data)
        if not ok:
            raise ForkedError(value)
        return value


def in_background(work: Callable[[], T]) -> Pending[T]:
    """Start `work` in a forked child; where fork does not exist, it runs here when its value is
    asked for."""
    if not hasattr(os, "fork"):
        return Pending(work)
    read_end, write_end = os.pipe()
    # Objects shared at the fork are kept out of the child's garbage collection, which would
    # otherwise touch, and so copy, every page of memory it shares with this process.
    gc.freeze()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without running the parent's cleanup
        os.close(read_end)
        try:
            payload = pickle.dumps((True, work()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # any failure at all must reach the parent
            payload = pickle.dumps((False, traceback.format_exc()))
        try:
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(0)
    gc.unfreeze()
    os.close(write_end)
    return Pending(work, pid, read_end)
