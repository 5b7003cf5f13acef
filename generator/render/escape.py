"""Escaping one line of user text for Markdown, shared by the filters of every template."""

from __future__ import annotations

import html
import re

_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]|!])")


def md(value: object) -> str:
    """Escape one line of user text for Markdown: no HTML, emphasis, links or table breaks."""
    text = " ".join(str(value).split())
    return _INLINE_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
