"""Blanks left in a file by `congkhai new` or `congkhai import`: `<điền ...>` and `<chọn ...>`.

A blank is text the validator would otherwise accept (a title of "<điền văn bản>" is a valid
string), so files are checked for blanks before validation and are not published until every
blank is filled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.diagnostics import Diagnostic, diagnostic
from generator.diagnostics.positions import FieldPath, SourceFile, format_path

BLANK = re.compile(r"<(?:điền|chọn)(?:\s[^<>]*)?>")

# Written without `: ` or ` #`, so that each stays a plain YAML scalar with no quotes to remove.
TEXT = "<điền văn bản>"
NUMBER = "<điền số nguyên>"
DECIMAL = "<điền số>"
DATE = "<điền ngày YYYY-MM-DD>"
URL = "<điền địa chỉ https://...>"
ANY = "<điền>"


def choice(values: list[str]) -> str:
    """`<chọn a | b | c>`: the allowed values, so staff keep one and delete the rest."""
    return f"<chọn {' | '.join(values)}>"


def blanks(data: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every string in `data` that still holds a blank, with its field path."""
    if isinstance(data, str):
        match = BLANK.search(data)
        if match:
            yield path, match.group(0)
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from blanks(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from blanks(value, (*path, index))


def unfilled(source: SourceFile) -> list[Diagnostic]:
    """One diagnostic per blank still in the file, at the blank itself."""
    if "<" not in source.text and "\\" not in source.text:
        # No string in the data can hold a `<` (only an escape such as `\x3c` writes one without
        # it): no blank, and no walk over every value of the file.
        return []
    return [
        diagnostic(
            "CK150",
            f"chưa điền: `{blank}`",
            source.name,
            source.locate(path),
            field=format_path(path),
        )
        for path, blank in blanks(source.data)
    ]
