"""One build at a time per project, each in a staging folder of its own.

Two builds of one project at once (a clerk's save in the preview while CI builds, two terminals)
used to share `.congkhai-build/site`: each emptied and filled it under the other, and site/ ended
up with half the files while both reported success. A build now holds an exclusive lock on
`.congkhai-build/build.lock` from start to swap; a second build finds it held and says so at
once. The lock is the operating system's (flock, or msvcrt on Windows), released when the process
ends however it ends, so a crashed build never leaves the project locked.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.diagnostics import Diagnostic, diagnostic
from generator.project import Project

LOCK_FILE = "build.lock"
STAGING_PREFIX = "site-"

try:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True


@contextlib.contextmanager
def exclusive_build(project: Project) -> Iterator[Diagnostic | None]:
    """Hold the project's build lock inside the block, which receives None; or, when another
    build holds it or the project cannot be written, the diagnostic that says so."""
    name = project.display(project.work_dir / LOCK_FILE)
    try:
        project.work_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(project.work_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        yield not_writable(project, exc)
        return
    try:
        if not _try_lock(fd):
            yield diagnostic(
                "CK903",
                "một lần dựng cổng khác của dự án này đang chạy (lệnh build ở cửa sổ khác, "
                "hoặc CI); lần này dừng lại, không động đến site/",
                name,
            )
            return
        yield None
    finally:
        os.close(fd)  # releases the lock


def staging_site(work_dir: Path) -> Path:
    """A new, empty folder for this run's site, beside the ones earlier runs may have left (a
    build that was killed): those go first. Called with the lock held."""
    for old in work_dir.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(old, ignore_errors=True)
    shared = work_dir / "site"  # where builds before the lock staged
    if shared.exists():
        shutil.rmtree(shared, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=work_dir))


def not_writable(project: Project, exc: OSError) -> Diagnostic:
    return diagnostic(
        "CK904",
        f"không ghi được vào {project.display(project.work_dir)}: {exc.strerror or exc}",
        project.display(project.work_dir),
    )
