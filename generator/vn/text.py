"""Vietnamese text helpers: slugs without tone marks, folding for comparisons, hidden characters."""

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


HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})
"""Control, format (zero-width, direction), private, surrogate, unassigned, line and paragraph
separator characters: none belongs in a file name."""

_EMOJI_PARTS = frozenset({"So", "Sk", "Mn"})
"""What stands either side of a zero-width joiner inside an emoji (👨‍👩‍👧, 🏳️‍🌈): symbols,
skin tones, the emoji variation selector."""


_FORMAT_OR_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891"
    "\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)
"""Every format character (Unicode category Cf) and control character but tab and line breaks:
one regex pass finds them in a long body, where asking each character's category would not."""


def hidden_character(text: str) -> int | None:
    """Index of the first character of `text` that changes how it reads without being seen: a
    direction override or isolate (`Kết quả ‮1202‬` shows as 2021), a zero-width space or
    non-joiner, a word joiner, a soft hyphen, a byte-order mark, a control character other than
    tab and line breaks. A zero-width joiner between two parts of an emoji is the emoji's own."""
    for found in _FORMAT_OR_CONTROL.finditer(text):
        index, char = found.start(), found.group()
        if char == "\u200d" and _joins_emoji(text, index):
            continue
        if "\U000e0020" <= char <= "\U000e007f" and index and not text[index - 1].isascii():
            continue  # the tag letters of a subdivision flag (🏴 England, Scotland)
        return index
    return None


def _joins_emoji(text: str, index: int) -> bool:
    return (
        0 < index < len(text) - 1
        and unicodedata.category(text[index - 1]) in _EMOJI_PARTS
        and unicodedata.category(text[index + 1]) in _EMOJI_PARTS
    )


def show_hidden(text: str, limit: int = 120) -> str:
    """`text` with its hidden characters shown as <U+XXXX>, short enough for a message."""
    shown = "".join(
        f"<U+{ord(c):04X}>" if unicodedata.category(c) in HIDDEN_CATEGORIES else c for c in text
    )
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."
