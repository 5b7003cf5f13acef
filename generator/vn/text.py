"""Vietnamese text helpers: slugs without tone marks, and folding for comparisons."""

from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Remove tone and vowel marks and map đ to d: `Đất đai` -> `Dat dai`.

    đ is a letter of its own in Unicode (no decomposition), so it must be mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


def slugify(text: str) -> str:
    """Make a URL slug: `Dự toán 2025` -> `du-toan-2025`."""
    return _NON_SLUG.sub("-", fold(text).lower()).strip("-")


def heading_id(text: str, separator: str = "-") -> str:
    """A heading's anchor for Markdown's table of contents: `Đối tượng được hưởng` ->
    `doi-tuong-duoc-huong`. Python-Markdown's own drops what has no ASCII decomposition, and
    `đ` has none (`oi-tuong-uoc-huong`)."""
    return _NON_SLUG.sub(separator, fold(text).lower()).strip(separator)
