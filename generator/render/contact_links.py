"""Links a phone can act on: telephone numbers that dial when tapped, a mail link that opens the
resident's mail app with the subject and a short form already written, and an address that opens
a map. Each returns Markdown for the templates (filters `tel`, `mailto`, `map_link`)."""

from __future__ import annotations

import re
import urllib.parse

from generator.render.escape import md
from generator.vn.phone import PHONE

_SEPARATORS = re.compile(r"\s*[,;/]\s*|\s+(?:hoặc|or)\s+")


def dial(number: str) -> str:
    """The tel: address of a number as written: digits only (and a leading +)."""
    digits = re.sub(r"[^\d+]", "", number)
    return f"tel:{digits}"


def tel(value: object) -> str:
    """A phone field as Markdown links, one a number when the field holds several."""
    text = " ".join(str(value).split())
    parts = [part for part in _SEPARATORS.split(text) if part]
    if not parts or not all(PHONE.fullmatch(part) for part in parts):
        return link_phones(md(text))
    return ", ".join(f"[{md(part)}]({dial(part)})" for part in parts)


def link_phones(markdown_text: str) -> str:
    """Every phone number inside already-escaped Markdown text made a tel: link."""
    return PHONE.sub(lambda m: f"[{m.group(0)}]({dial(m.group(0))})", markdown_text)


def mailto(address: str, subject: str, body: str = "") -> str:
    """A mailto: URL whose subject and body survive any mail app: UTF-8, percent-encoded, lines
    ended by CRLF (RFC 6068)."""
    query = {"subject": subject}
    if body:
        query["body"] = body.replace("\r\n", "\n").replace("\n", "\r\n")
    encoded = "&".join(f"{k}={urllib.parse.quote(v, safe='')}" for k, v in query.items())
    return f"mailto:{urllib.parse.quote(address, safe='@')}?{encoded}"


def map_link(address: object) -> str:
    """The address as a link that opens it on a map (OpenStreetMap's search)."""
    text = " ".join(str(address).split())
    url = "https://www.openstreetmap.org/search?query=" + urllib.parse.quote(text, safe="")
    return f"[{md(text)}]({url})"
