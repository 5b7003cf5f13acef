"""Which source files may be read at all: those whose real path lies inside the project folder
they were found in. A content file that is a symbolic link out of it (to /proc/self/environ,
to another project's YAML) is refused without being opened: its text would otherwise be shown
in an error's code frame or published as if it were content."""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Diagnostic, diagnostic


def outside(path: Path, root: Path, name: str) -> Diagnostic | None:
    """CK121 when `path`, with every link followed, is not inside `root` (resolved)."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        real = None
    if real is not None and real.is_relative_to(root):
        return None
    return diagnostic(
        "CK121",
        "tệp là liên kết (symlink) tới một chỗ ngoài thư mục của nó; tệp không được đọc",
        name,
        hint="Chép nội dung vào một tệp thật trong content/ (hoặc site_config/) thay cho liên "
        "kết; congkhai không đọc tệp ngoài dự án.",
    )
