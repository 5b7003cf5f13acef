"""What may be published as an attachment: a file inside content/files/, of a type on the
allow-list, whose first bytes say it is that type, under a name that shows what it is.

A portal serves attachments from its own origin, so an .svg with `onload`, an .html with a script
or a "PDF" that is really HTML would run there with the portal's authority; a name with a
right-to-left override (`bao-cao‮fdp.exe`) shows residents another name than the file has.
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.vn.text import HIDDEN_CATEGORIES, show_hidden

MAX_NAME_BYTES = 255
"""The longest file or folder name most file systems take, in UTF-8 bytes."""
MAX_PATH_BYTES = 1024


@dataclass(frozen=True)
class Kind:
    title: str
    signatures: tuple[tuple[int, bytes], ...]
    """(offset, bytes): the file is of this kind when any of these is found at its offset."""


_PDF = Kind("PDF", ((0, b"%PDF-"),))
_PNG = Kind("ảnh PNG", ((0, b"\x89PNG\r\n\x1a\n"),))
_JPEG = Kind("ảnh JPEG", ((0, b"\xff\xd8\xff"),))
_GIF = Kind("ảnh GIF", ((0, b"GIF87a"), (0, b"GIF89a")))
_WEBP = Kind("ảnh WebP", ((8, b"WEBP"),))
_ZIP = Kind("tệp nén ZIP", ((0, b"PK\x03\x04"), (0, b"PK\x05\x06")))
_OFFICE_ZIP = Kind("văn bản Office", ((0, b"PK\x03\x04"),))
_OFFICE_OLD = Kind("văn bản Office (cũ)", ((0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),))
_MP4 = Kind("video MP4", ((4, b"ftyp"),))
_MP3 = Kind("âm thanh MP3", ((0, b"ID3"), (0, b"\xff\xfb"), (0, b"\xff\xf3"), (0, b"\xff\xf2")))

ALLOWED: dict[str, Kind] = {
    ".pdf": _PDF,
    ".png": _PNG,
    ".jpg": _JPEG,
    ".jpeg": _JPEG,
    ".gif": _GIF,
    ".webp": _WEBP,
    ".zip": _ZIP,
    ".docx": _OFFICE_ZIP,
    ".xlsx": _OFFICE_ZIP,
    ".pptx": _OFFICE_ZIP,
    ".odt": _OFFICE_ZIP,
    ".ods": _OFFICE_ZIP,
    ".odp": _OFFICE_ZIP,
    ".doc": _OFFICE_OLD,
    ".xls": _OFFICE_OLD,
    ".ppt": _OFFICE_OLD,
    ".mp4": _MP4,
    ".mp3": _MP3,
}
"""Types that cannot carry a script a browser would run on the portal's origin (no SVG, HTML,
XML, JavaScript): documents, raster images, archives, audio and video."""

_ALLOWED_TEXT = ", ".join(sorted({suffix.lstrip(".") for suffix in ALLOWED}))


@dataclass(frozen=True)
class FileProblem:
    code: str
    message: str
    hint: str


def name_problem(name: str) -> FileProblem | None:
    """What is wrong with an attachment's path as written, before the disk is asked: control,
    invisible or direction characters, a NUL, names too long for a file system, a way out of
    content/files/."""
    odd = next((c for c in name if unicodedata.category(c) in HIDDEN_CATEGORIES), None)
    if odd is not None:
        return FileProblem(
            "CK119",
            f"tên tệp `{show_hidden(name)}` có ký tự ẩn hoặc ký tự đổi chiều chữ "
            f"(U+{ord(odd):04X})",
            "Đổi tên tệp chỉ dùng chữ, số, dấu gạch ngang và dấu chấm; ký tự ẩn làm người dân "
            "thấy một tên khác với tệp thật (ví dụ `…exe.pdf`).",
        )
    encoded = name.encode("utf-8", "surrogatepass")
    if len(encoded) > MAX_PATH_BYTES or any(
        len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES for part in name.split("/")
    ):
        return FileProblem(
            "CK119",
            f"đường dẫn tệp quá dài ({len(encoded)} byte; mỗi tên tối đa {MAX_NAME_BYTES} byte)",
            "Đặt tên tệp ngắn gọn, ví dụ `ngan-sach/2025/du-toan.pdf`.",
        )
    if name.startswith("/") or ".." in name.split("/") or "\\" in name:
        return FileProblem(
            "CK108",
            f"đường dẫn `{show_hidden(name)}` ra ngoài content/files/",
            "Ghi đường dẫn tính từ content/files/, với dấu /, ví dụ `ngan-sach/2025/du-toan.pdf`.",
        )
    return None


def mislabelled(files_dir: Path, name: str) -> str | None:
    """For the load stage: the kind of file `name` (under `files_dir`) claims to be by its
    suffix when its first bytes say it is not one, else None (a type not on the allow-list is
    not read: its name alone refuses it)."""
    kind = ALLOWED.get(PurePosixPath(name).suffix.lower())
    if kind is None:
        return None
    try:
        with (files_dir / name).open("rb") as file:
            head = file.read(16)
    except OSError:
        return kind.title
    if any(head[offset : offset + len(magic)] == magic for offset, magic in kind.signatures):
        return None
    return kind.title


def file_problem(
    name: str, attachments: Mapping[str, int], mislabelled: Mapping[str, str]
) -> FileProblem | None:
    """What stops the attachment `name`, as written in a file, from being published: for the
    validate stage, from what the load stage found under content/files/ (`attachments`, by
    path there, and the files whose content is not what their suffix says)."""
    problem = name_problem(name)
    if problem is not None:
        return problem
    suffix = PurePosixPath(name).suffix
    kind = ALLOWED.get(suffix.lower())
    if kind is None:
        return FileProblem(
            "CK118",
            f"loại tệp `{suffix or name}` không được đăng lên cổng",
            f"Chỉ đăng các loại: {_ALLOWED_TEXT}. Tệp SVG, HTML có thể chứa mã chạy trên "
            "cổng: chuyển sang PDF hoặc PNG.",
        )
    path = posixpath.normpath(name)
    if path not in attachments:
        return FileProblem(
            "CK108",
            f"không có tệp `{name}` trong content/files/",
            "Đặt tệp vào content/files/ đúng đường dẫn này, hoặc sửa đường dẫn cho khớp tên tệp.",
        )
    if path in mislabelled:
        return FileProblem(
            "CK118",
            f"tệp `{name}` không phải {mislabelled[path]} như phần mở rộng `{suffix}` cho biết",
            "Mở tệp kiểm tra lại; xuất lại đúng định dạng (ví dụ In ra PDF) rồi đặt vào "
            "content/files/.",
        )
    return None
