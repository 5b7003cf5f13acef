"""Vietnamese telephone numbers as people write them: 0229 3861 245, 0912.345.678, +84 229 ...,
and the 1800/1900 hotlines."""

from __future__ import annotations

import re

PHONE = re.compile(r"(?<![\w.,])(?:\+84[ .]?|0)\d{1,3}(?:[ .]?\d){7,9}(?![\w])")
"""A subscriber number: a landline (0 + area code, 11 digits) or a mobile (10 digits)."""
HOTLINE = re.compile(r"(?<![\w.,])1[89]00(?:[ .]?\d){4,6}(?![\w])")
"""A 1800 (free) or 1900 hotline, 8 or 10 digits."""


SCHEMA_PATTERN = r"(\+84[ .]?|0)\d{1,3}([ .]?\d){7,9}|1[89]00([ .]?\d){4,6}"
"""The same numbers for the JSON Schema and the web editor (JavaScript's regex, searched: the
field may add words around the number)."""
EXAMPLE = "0229 3861 245"


def has_phone_number(text: str) -> bool:
    """Whether `text` holds at least one whole number a resident could dial: an office's phone
    field may add words ("máy lẻ 12", "giờ hành chính") but not lose digits."""
    return bool(PHONE.search(text) or HOTLINE.search(text))
