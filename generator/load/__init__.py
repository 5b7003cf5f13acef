"""Stage 1, load: the only reader of the project. Every file the later stages need is read here
(site config, disclosure plan, content, rules, page ratings, the list of attachments); nothing
is written into the project, and nothing after this stage reads the project again. The text
inside attachments is kept in the user's cache (load/attachment_text.py)."""

from __future__ import annotations

import contextlib
import hashlib
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic, diagnostic
from generator.diagnostics.positions import SourceFile
from generator.load.attachment_text import AttachmentText, attachment_texts
from generator.load.attachments import mislabelled
from generator.load.paths import outside
from generator.load.placeholders import unfilled
from generator.load.ratings import load_page_ratings
from generator.load.rules import RuleSet, load_rules
from generator.load.sources import read_source
from generator.project import Project
from generator.types import TYPES, DisclosureType
from generator.types.plan import PLAN_FILE

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Loaded:
    site: SourceFile | None
    plan: SourceFile | None = None
    """site_config/ke-hoach-cong-khai.yaml, when the commune keeps one."""
    items: list[tuple[DisclosureType, SourceFile]] = field(default_factory=list)
    rules: RuleSet = field(default_factory=RuleSet)
    ratings: dict[str, dict[str, int]] = field(default_factory=dict)
    attachments: dict[str, int] = field(default_factory=dict)
    """Every file under content/files/ by its path there (`van-ban/qd-12.pdf`), with its size."""
    mislabelled: dict[str, str] = field(default_factory=dict)
    """Attachments whose first bytes are not those of the kind their suffix names (a `.pdf`
    that is HTML), by path, with that kind (load/attachments.py)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: dict[str, list[str]] = field(default_factory=dict)
    """Source lines by displayed file name, for the code frames in error messages."""
    editor_config: bytes | None = None
    """quan-tri/config.yml as it is, published beside the clerks' web editor; None without one."""
    attachment_texts: dict[str, AttachmentText] = field(default_factory=dict)
    """The text inside each attachment an item links whose kind is read (spreadsheets, Word and
    OpenDocument files, PDFs), by path under content/files/, for the privacy check."""


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


def load(project: Project, cache: SourceCache | None = None) -> Loaded:
    """Read the whole project, in a stable order; every problem is a diagnostic."""
    reader = _Reader(project, cache)
    loaded = reader.loaded
    if project.site_config_file.is_file():
        loaded.site = reader.read(project.site_config_file)
    else:
        loaded.diagnostics.append(
            diagnostic(
                "CK108",
                "không có tệp cấu hình của xã",
                project.display(project.site_config_file),
                hint="Tạo site_config/site.yaml với tên xã, tỉnh, cơ quan chủ quản và liên hệ.",
            )
        )
    plan = project.root / PLAN_FILE
    if plan.is_file():
        loaded.plan = reader.read(plan)
    for kind, path in _content_files(project, loaded.diagnostics):
        source = reader.read(path)
        if source is None:
            continue
        # A file with blanks left is a draft: its blanks are the errors, not its schema.
        blanks = unfilled(source)
        loaded.diagnostics.extend(blanks)
        if not blanks:
            loaded.items.append((kind, source))
    loaded.rules = load_rules(project)
    loaded.diagnostics += loaded.rules.diagnostics
    loaded.lines.update(loaded.rules.lines)
    loaded.ratings, problems = load_page_ratings(project)
    loaded.diagnostics += problems
    loaded.attachments = attachment_sizes(project.files_dir)
    loaded.mislabelled = {
        name: kind
        for name in loaded.attachments
        if (kind := mislabelled(project.files_dir, name)) is not None
    }
    linked = {
        name
        for _, source in loaded.items
        for name in linked_files(source.data)
        if name in loaded.attachments and name not in loaded.mislabelled
    }
    loaded.attachment_texts = attachment_texts(project.files_dir, linked)
    loaded.editor_config = editor_config(project)
    return loaded


def linked_files(data: object) -> Iterator[str]:
    """The attachments a parsed file links, as paths under content/files/: in every type, a
    `file:` field names one."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "file" and isinstance(value, str):
                yield posixpath.normpath(value)
            else:
                yield from linked_files(value)
    elif isinstance(data, list):
        for value in data:
            yield from linked_files(value)


def editor_config(project: Project) -> bytes | None:
    """The web editor's configuration, copied to the portal as is (Decap CMS reads it)."""
    try:
        return project.editor_config_file.read_bytes()
    except OSError:
        return None


def attachment_sizes(files_dir: Path) -> dict[str, int]:
    """Every regular file under `files_dir`, by its path there, with its size in bytes. A link
    that leads out of `files_dir` is not one of them: publishing it would publish whatever it
    points at."""
    if not files_dir.is_dir():
        return {}
    root = files_dir.resolve()
    return {
        path.relative_to(files_dir).as_posix(): path.stat().st_size
        for path in sorted(files_dir.rglob("*"))
        if path.is_file() and path.resolve().is_relative_to(root)
    }


def _content_files(
    project: Project, diagnostics: list[Diagnostic]
) -> list[tuple[DisclosureType, Path]]:
    """content/<type>/**/*.yaml in name order; a YAML file outside a type's folder is reported."""
    found = []
    content = project.content_dir
    for path in sorted(content.rglob("*")) if content.is_dir() else []:
        if path.suffix not in YAML_SUFFIXES or not path.is_file():
            continue
        relative = path.relative_to(content)
        if relative.parts[0] == project.files_dir.name:
            continue  # attachments may include YAML-looking files; they are not disclosures
        kind = TYPES.get(relative.parts[0]) if len(relative.parts) > 1 else None
        if kind is None:
            diagnostics.append(
                diagnostic(
                    "CK109",
                    f"tệp không nằm trong thư mục của một loại công khai đã biết "
                    f"({', '.join(TYPES)})",
                    project.display(path),
                )
            )
            continue
        found.append((kind, path))
    return found


class _Reader:
    """Parses files into `loaded`, keeping each one's problems and lines (for code frames)."""

    def __init__(self, project: Project, cache: SourceCache | None) -> None:
        self.project = project
        self.root = project.root.resolve()
        self.parse = cache.read if cache is not None else read_source
        self.loaded = Loaded(site=None)

    def read(self, path: Path) -> SourceFile | None:
        name = self.project.display(path)
        refused = outside(path, self.root, name)
        if refused is not None:
            self.loaded.diagnostics.append(refused)
            return None
        source, problems = self.parse(path, name)
        self.loaded.diagnostics.extend(problems)
        if source is not None:
            self.loaded.lines[name] = source.lines
        else:
            with contextlib.suppress(UnicodeDecodeError):
                self.loaded.lines[name] = path.read_text(encoding="utf-8-sig").splitlines()
        return source
