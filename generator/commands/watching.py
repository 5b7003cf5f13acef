"""What the preview reacts to: a real change of a file staff edit, never a read.

watchdog 7's native observers report every open and every close of a file, the build's own
reads of content/ included: a preview reacting to every event rebuilds in a loop. Only creations,
deletions, moves, writes and closes after writing count; editors' swap and backup files and
anything under the build's own folders never do. Behind that filter, `Snapshot` compares the
watched files' sizes and modification times, so that a burst of events a save makes (a temporary
file written, then moved over the original) is one rebuild, and events that change nothing are
none.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import watchdog.events
import watchdog.observers

CHANGE_EVENTS = frozenset(
    {
        watchdog.events.EVENT_TYPE_CREATED,
        watchdog.events.EVENT_TYPE_DELETED,
        watchdog.events.EVENT_TYPE_MOVED,
        watchdog.events.EVENT_TYPE_MODIFIED,
        watchdog.events.EVENT_TYPE_CLOSED,
    }
)
"""Events that may change a file's bytes. Not `opened` nor `closed_no_write`: reads."""

_EDITOR_SUFFIXES = (".swp", ".swx", ".swo", ".tmp", "~")


def is_scratch(path: str) -> bool:
    """An editor's swap, backup or probe file, or a hidden file: not content."""
    name = os.path.basename(path)
    return name.startswith((".", "#")) or name.endswith(_EDITOR_SUFFIXES) or name == "4913"


def is_real_change(event: watchdog.events.FileSystemEvent, ignored: Iterable[Path] = ()) -> bool:
    if event.is_directory or event.event_type not in CHANGE_EVENTS:
        return False
    paths = [os.fsdecode(event.src_path)]
    if event.event_type == watchdog.events.EVENT_TYPE_MOVED:
        paths.append(os.fsdecode(event.dest_path))
    return any(
        not is_scratch(path) and not any(Path(path).is_relative_to(root) for root in ignored)
        for path in paths
    )


class ChangesOnly(watchdog.events.FileSystemEventHandler):
    """Passes on to `handler` only the events `is_real_change` keeps."""

    def __init__(
        self, handler: watchdog.events.FileSystemEventHandler, ignored: Iterable[Path]
    ) -> None:
        super().__init__()
        self.handler = handler
        self.ignored = tuple(ignored)

    def dispatch(self, event: watchdog.events.FileSystemEvent) -> None:
        if is_real_change(event, self.ignored):
            self.handler.dispatch(event)


def changes_only_observer(ignored: Iterable[Path]) -> watchdog.observers.api.BaseObserver:
    """The platform's own observer (inotify on Linux: a save is reported at once, nothing is
    polled in between) whose handlers see only real changes."""
    ignored = tuple(ignored)

    class Observer(watchdog.observers.Observer):  # type: ignore[misc,valid-type]
        def schedule(self, event_handler, path, recursive=False, **options):  # type: ignore[no-untyped-def]
            wrapped = ChangesOnly(event_handler, ignored)
            return super().schedule(wrapped, path, recursive=recursive, **options)

    return Observer()


class Snapshot:
    """Size and modification time of every watched file, to tell a change from a non-event."""

    def __init__(self, roots: Iterable[Path]) -> None:
        self.roots = tuple(roots)
        self.state = self._take()

    def changed(self) -> bool:
        """Whether any file was added, removed or rewritten since the last call."""
        now = self._take()
        changed, self.state = now != self.state, now
        return changed

    def _take(self) -> dict[str, tuple[int, int]]:
        state = {}
        for root in self.roots:
            for folder, _, names in os.walk(root):
                for name in names:
                    path = os.path.join(folder, name)
                    if is_scratch(path):
                        continue
                    try:
                        info = os.stat(path)
                    except OSError:
                        continue  # removed while walking: the next event says so
                    state[path] = (info.st_mtime_ns, info.st_size)
        return state
