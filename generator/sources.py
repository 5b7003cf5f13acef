"""Read YAML source files, keeping the position of every key and value.

PyYAML's composed node tree carries a mark for each node; we walk it next to the constructed data
so that any field path (as pydantic reports it) maps back to a line and column in the file.
libyaml's CSafeLoader is used because it is about nine times faster than the pure-Python parser.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Diagnostic, Position, diagnostic

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - only where libyaml is missing
    from yaml import SafeLoader  # type: ignore[assignment]

FieldPath = tuple[str | int, ...]


@dataclass
class SourceFile:
    """One YAML file: its text, its data (NFC-normalised) and where each field sits in it."""

    path: Path
    name: str  # the path shown to staff, relative to the project root, with forward slashes
    text: str
    data: Any = None
    values: dict[FieldPath, Position] = field(default_factory=dict)
    keys: dict[FieldPath, Position] = field(default_factory=dict)

    def locate(self, path: FieldPath, *, key: bool = False) -> Position:
        """Position of the field at `path`, or of its nearest existing parent.

        A missing field has no position of its own, so the error points at the mapping that
        should hold it; an unknown field points at its key, which is what staff must edit.
        """
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in table:
                return table[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return Position(1, 1)

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


def read_source(path: Path, name: str) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Parse one YAML file; on failure return the diagnostics that say why."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            diagnostic(
                "CK113", "tệp có byte không đọc được theo UTF-8", name, Position(line, column)
            )
        ]
    source = SourceFile(path=path, name=name, text=text)
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
        problem = (exc.problem or exc.context or "cú pháp không hợp lệ").strip()
        return None, [diagnostic("CK100", f"YAML không đọc được: {problem}", name, at)]
    finally:
        loader.dispose()

    if not isinstance(data, dict):
        return None, [
            diagnostic("CK110", "tệp phải là một bảng các trường `ten_truong: gia_tri`", name)
        ]
    diagnostics = list(_index_positions(node, (), source))
    source.data = normalize(data)
    return source, diagnostics


def _index_positions(node: yaml.Node, path: FieldPath, source: SourceFile) -> Iterator[Diagnostic]:
    source.values[path] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, Position] = {}
        for key_node, value_node in node.value:
            key = (
                unicodedata.normalize("NFC", key_node.value)
                if isinstance(key_node.value, str)
                else key_node.value
            )
            at = Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in seen:
                yield diagnostic(
                    "CK112",
                    f"trường `{key}` đã được ghi ở dòng {seen[key].line}",
                    source.name,
                    at,
                    field=format_path((*path, key)),
                )
            seen[key] = at
            source.keys[(*path, key)] = at
            yield from _index_positions(value_node, (*path, key), source)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _index_positions(item, (*path, index), source)


def normalize(value: Any) -> Any:
    """NFC-normalise every string, so that text typed with decomposed marks compares equal."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {normalize(k): normalize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalize(v) for v in value]
    return value


def format_path(path: FieldPath) -> str:
    """Render a field path the way staff read it: `revenue.lines[2].estimate`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
