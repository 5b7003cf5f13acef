"""Stage 1: find and parse every source file. Nothing is written."""

from __future__ import annotations

import contextlib
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic, diagnostic
from generator.html.forked import in_background
from generator.load.paths import outside
from generator.load.placeholders import unfilled
from generator.load.sources import SourceFile, read_source
from generator.project import Project
from generator.types import TYPES, DisclosureType

YAML_SUFFIXES = (".yaml", ".yml")
Reader = Callable[[Path, str], tuple[SourceFile | None, list[Diagnostic]]]
Parsed = tuple[SourceFile | None, list[Diagnostic], list[Diagnostic]]
"""A file read: its source (None when it cannot be read), its problems, its blanks unfilled."""


@dataclass
class Loaded:
    site: SourceFile | None
    items: list[tuple[DisclosureType, SourceFile]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: dict[str, list[str]] = field(default_factory=dict)
    """Source lines by displayed file name, for the code frames in error messages."""


class SourceCache:
    """Parsed files kept between runs in one process (the live preview): a file whose bytes are
    unchanged is not parsed again. Parsing is a pure function of the bytes and the name."""

    def __init__(self) -> None:
        self._parsed: dict[str, tuple[bytes, SourceFile | None, list[Diagnostic]]] = {}

    def read(self, path: Path, name: str) -> tuple[SourceFile | None, list[Diagnostic]]:
        try:
            digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        except OSError:
            return read_source(path, name)
        kept = self._parsed.get(name)
        if kept is not None and kept[0] == digest:
            return kept[1], kept[2]
        source, problems = read_source(path, name)
        self._parsed[name] = (digest, source, problems)
        return source, problems


def load(project: Project, cache: SourceCache | None = None, *, background: bool = False) -> Loaded:
    """Parse site_config/site.yaml and every content/<type>/**/*.yaml, in a stable order.

    `background`: whether 9 files in 20 may be parsed by a forked process (forked.py)."""
    loaded = Loaded(site=None)
    read = cache.read if cache is not None else read_source
    config_name = project.display(project.site_config_file)
    if project.site_config_file.is_file():
        refused = outside(
            project.site_config_file, project.site_config_file.parent.resolve(), config_name
        )
        if refused is not None:
            loaded.diagnostics.append(refused)
        else:
            loaded.site = _read(project, project.site_config_file, loaded, read)
    else:
        loaded.diagnostics.append(
            diagnostic(
                "CK108",
                "không có tệp cấu hình của xã",
                config_name,
                hint="Tạo site_config/site.yaml với tên xã, tỉnh, cơ quan chủ quản và liên hệ.",
            )
        )

    found: list[tuple[DisclosureType, Path, str]] = []
    folder = project.display(project.content_dir)
    content_root = project.content_dir.resolve()
    for path in sorted(project.content_dir.rglob("*")) if project.content_dir.is_dir() else []:
        if path.suffix not in YAML_SUFFIXES or not path.is_file():
            continue
        relative = path.relative_to(project.content_dir)
        if relative.parts[0] == project.files_dir.name:
            continue  # attachments may include YAML-looking files; they are not disclosures
        kind = TYPES.get(relative.parts[0]) if len(relative.parts) > 1 else None
        name = f"{folder}/{relative.as_posix()}"  # project.display(path), for less
        refused = outside(path, content_root, name)
        if refused is not None:
            loaded.diagnostics.append(refused)
            continue
        if kind is None:
            loaded.diagnostics.append(
                diagnostic(
                    "CK109",
                    f"tệp không nằm trong thư mục của một loại công khai đã biết "
                    f"({', '.join(TYPES)})",
                    name,
                )
            )
            continue
        found.append((kind, path, name))

    # Parsing is most of this stage and each file stands alone: 9 files in 20, spread evenly,
    # are parsed on the second core (forked.py). Not half: the child's files then cross a pipe.
    paths = [(path, name) for _, path, name in found]
    elsewhere = [index % 20 in _CHILD_SHARE for index in range(len(paths))]
    split = list(zip(paths, elsewhere, strict=True))
    theirs = in_background(
        functools.partial(_parse, read, [path for path, there in split if there]),
        background=background,
    )
    mine = iter(_parse(read, [path for path, there in split if not there]))
    their = iter(theirs())
    parsed = [next(their) if there else next(mine) for there in elsewhere]
    for (kind, path, name), (source, problems, blanks) in zip(found, parsed, strict=True):
        source = _keep(path, name, source, problems, loaded)
        if source is None:
            continue
        # A file with blanks left is a draft: its blanks are the errors, not its schema.
        loaded.diagnostics.extend(blanks)
        if not blanks:
            loaded.items.append((kind, source))
    return loaded


_CHILD_SHARE = frozenset(index for index in range(20) if index * 9 % 20 < 9)


def _parse(read: Reader, paths: list[tuple[Path, str]]) -> list[Parsed]:
    """Each file parsed, with its problems and its blanks left unfilled (placeholders.py)."""
    parsed = []
    for path, name in paths:
        source, problems = read(path, name)
        parsed.append((source, problems, unfilled(source) if source is not None else []))
    return parsed


def _read(project: Project, path: Path, loaded: Loaded, read: Reader) -> SourceFile | None:
    name = project.display(path)
    return _keep(path, name, *read(path, name), loaded)


def _keep(
    path: Path,
    name: str,
    source: SourceFile | None,
    problems: list[Diagnostic],
    loaded: Loaded,
) -> SourceFile | None:
    """Add a parsed file's problems and lines (for code frames) to `loaded`."""
    loaded.diagnostics.extend(problems)
    if source is not None:
        loaded.lines[name] = source.lines
    else:
        with contextlib.suppress(UnicodeDecodeError):
            loaded.lines[name] = path.read_text(encoding="utf-8-sig").splitlines()
    return source
