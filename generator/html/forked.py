"""Work done on the second core while this process goes on: a forked child computes a value
and hands it back through a pipe.

A build's own stages are shared this way (pipeline.py): 9 YAML files in 20 are parsed by a
child, the templates compiled by another, and a third makes the feeds, manifest and open data
while this process checks, then renders the pages by turns with it (Turns); MkDocs' pages are
shared among processes too (mkdocs_pages.py).
A child inherits everything the parent holds at the fork, so only its result crosses the pipe.
Where fork does not exist, or `background` is False (a process with threads of its own, such as
the live preview's server, must not fork), the work runs here when its value is asked for.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class ForkedError(RuntimeError):
    """The child failed; the message is its traceback."""


class Pending(Generic[T]):
    """Work started by `in_background`: calling it gives the value (or raises the error);
    `cancel` stops it when the value is no longer wanted."""

    def __init__(self, work: Callable[[], T], pid: int | None = None, pipe: int | None = None):
        self._work, self._pid, self._pipe = work, pid, pipe
        self._cancelled = False

    def __call__(self) -> T:
        if self._cancelled:
            raise ForkedError("the work was cancelled")
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

    def cancel(self) -> None:
        # A child whose value nobody reads would wait for ever to write it into the pipe.
        self._cancelled = True
        if self._pid is None or self._pipe is None:
            return
        os.kill(self._pid, signal.SIGKILL)
        os.waitpid(self._pid, 0)
        os.close(self._pipe)
        self._pid = self._pipe = None


def in_background(work: Callable[[], T], *, background: bool = True) -> Pending[T]:
    """Start `work` in a forked child; where fork does not exist or `background` is False, it
    runs here when its value is asked for."""
    if not background or not hasattr(os, "fork"):
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


class Turns(Generic[T]):
    """`items` shared between this process and the children forked while it is open: each takes
    the next few whenever it is free, so that the faster one does more and neither waits while
    any are left.

    As make's jobserver hands out tokens, the turns are tokens in a pipe, each the index of a
    few items; a read of one is atomic, and once the pipe is empty (its writing end closed
    before any fork) a read gives nothing. At most 1,024 tokens of 4 bytes: written at once,
    they fit in any pipe."""

    def __init__(self, items: Sequence[T]) -> None:
        self.items = items
        self._step = max(1, -(-len(items) // _TOKENS))
        starts = range(0, len(items), self._step)
        self._pipe, write_end = os.pipe()
        os.write(write_end, b"".join(start.to_bytes(_TOKEN_BYTES, "little") for start in starts))
        os.close(write_end)

    def take(self) -> Iterator[tuple[int, T]]:
        """The items this process gets, with their index in `items`, until none are left."""
        while token := os.read(self._pipe, _TOKEN_BYTES):
            start = int.from_bytes(token, "little")
            for index in range(start, min(start + self._step, len(self.items))):
                yield index, self.items[index]

    def __enter__(self) -> Turns[T]:
        return self

    def __exit__(self, *_: object) -> None:
        os.close(self._pipe)


_TOKENS, _TOKEN_BYTES = 1024, 4
