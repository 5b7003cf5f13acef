"""Work done on the second core while this process goes on: a forked child computes a value
and hands it back through a pipe.

The build's own stages run one after the other in one process, so one core waits; the feeds,
manifest and open data need only the records, so they are computed beside the Markdown pages.
Where fork does not exist, or `background` is False (a process with threads of its own, such as
the live preview's server, must not fork), the work runs here when its value is asked for.
"""

from __future__ import annotations

import gc
import os
import pickle
import traceback
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class ForkedError(RuntimeError):
    """The child failed; the message is its traceback."""


def in_background(work: Callable[[], T], *, background: bool = True) -> Callable[[], T]:
    """Start `work`; the function returned gives its value (or raises its error) when called."""
    if not background or not hasattr(os, "fork"):
        return work
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

    def join() -> T:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if not data:
            raise ForkedError(f"the child process ended with status {status} and no result")
        ok, value = pickle.loads(data)
        if not ok:
            raise ForkedError(value)
        return value

    return join
