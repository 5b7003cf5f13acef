"""Where a field sits in its file: the parsed YAML file with the line and column of every key
and value, so that any field path (as pydantic reports it) maps back to the text staff edit."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, Position, diagnostic

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
    """Positions of every value and key."""

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

    def at(self, path: FieldPath, code: str, message: str, hint: str | None = None) -> Diagnostic:
        """A diagnostic at the field `path` of this file, the field named as staff read it; no
        `hint` gives the code's own."""
        return diagnostic(
            code, message, self.name, self.locate(path), field=format_path(path), hint=hint
        )


def format_path(path: FieldPath) -> str:
    """Render a field path the way staff read it: `revenue.lines[2].estimate`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
