"""Write YAML the way staff would type it: block style, plain scalars, `1_250_000` for amounts."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import yaml

INDENT = "  "
GROUP_DIGITS_FROM = 10_000
"""Integers from this size up are written with `_` between thousands (years stay `2025`)."""


def scalar(value: Any) -> str:
    """One value as YAML that reads back as the same value (a JSON string is a YAML string)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:_}" if abs(value) >= GROUP_DIGITS_FROM else str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return text if _plain_is_safe(text) else quoted(text)


_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
"""What YAML does not take as it is inside double quotes (JSON does): C1 controls and DEL, which
are not printable for YAML; NEL (U+0085) and the line and paragraph separators, which YAML reads
as line breaks and folds; lone surrogates, the BOM and the two non-characters."""


def quoted(text: str) -> str:
    """`text` as a double-quoted YAML scalar that reads back as exactly `text`."""
    return _UNPRINTABLE.sub(
        lambda match: f"\\u{ord(match.group(0)):04x}", json.dumps(text, ensure_ascii=False)
    )


def _plain_is_safe(text: str) -> bool:
    try:
        return yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        return False


def dump(data: dict[str, Any], depth: int = 0) -> list[str]:
    """The lines of a mapping; lists of mappings open each entry with `- ` on its first key."""
    pad = INDENT * depth
    lines: list[str] = []
    for key, value in data.items():
        if isinstance(value, dict) and value:
            lines.append(f"{pad}{key}:")
            lines += dump(value, depth + 1)
        elif isinstance(value, list) and value:
            lines.append(f"{pad}{key}:")
            for item in value:
                if isinstance(item, dict) and item:
                    entry = dump(item, depth + 2)
                    entry[0] = f"{pad}{INDENT}- {entry[0].lstrip()}"
                    lines += entry
                else:
                    lines.append(f"{pad}{INDENT}- {scalar(item)}")
        elif isinstance(value, list | dict):
            lines.append(f"{pad}{key}: {'[]' if isinstance(value, list) else '{}'}")
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")
    return lines
