"""Python's cycle collector, set for a build.

By default it scans every time 700 more objects have been made than freed. A build makes millions
(parsed YAML, validated models, pages, MkDocs' trees), nearly all freed by reference counting as
soon as they are done with, and scanning them over and over cost about a sixth of congkhai's own
stages. During a build it runs every 50,000 instead; cycles are still collected.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

BUILD_THRESHOLDS = (50_000, 20, 100)


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cycles less often until the block ends (forked children inherit the setting)."""
    before = gc.get_threshold()
    gc.set_threshold(*BUILD_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
