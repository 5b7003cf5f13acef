"""sitemap.xml with each page's lastmod taken from the data, not from the build.

MkDocs writes one lastmod (the build date) for every page. A harvester should refetch only what
changed, so each page gets the newest date among the items it shows: an item page its own date, a
listing the newest of its items, the home page the newest of all.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
from collections.abc import Iterable
from xml.sax.saxutils import escape

from lxml import etree

from generator.types.record import Record

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def page_dates(records: Iterable[Record]) -> dict[str, dt.date]:
    """Newest date per site-relative page URL: the item's page and every listing above it."""
    dates: dict[str, dt.date] = {}
    for record in records:
        parts = record.url.strip("/").split("/")
        for depth in range(len(parts) + 1):
            url = "/".join(parts[:depth]) + "/" if depth else ""
            if url not in dates or dates[url] < record.last_modified:
                dates[url] = record.last_modified
    return dates


def rewrite_sitemap(
    mkdocs_sitemap: bytes, base: str, dates: dict[str, dt.date], hidden: tuple[str, ...] = ()
) -> bytes:
    """The MkDocs sitemap with lastmod from the data (`page_dates`); pages without items get the
    newest date; pages under the site-relative addresses in `hidden` are left out."""
    newest = dates.get("")
    root = etree.fromstring(mkdocs_sitemap)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    for loc in root.iter(f"{{{SITEMAP_NS}}}loc"):
        url = (loc.text or "").strip()
        relative = url[len(base) :] if url.startswith(base) else url.lstrip("/")
        if hidden and relative.startswith(hidden):
            continue
        lastmod = dates.get(relative, newest)
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(url)}</loc>")
        if lastmod:
            lines.append(f"    <lastmod>{lastmod.isoformat()}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def gzipped(data: bytes, day: dt.date) -> bytes:
    """gzip with a fixed name and timestamp, so the archive's bytes depend only on the data."""
    buffer = io.BytesIO()
    mtime = int(dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).timestamp())
    with gzip.GzipFile(filename="sitemap.xml", mode="wb", fileobj=buffer, mtime=mtime) as gz:
        gz.write(data)
    return buffer.getvalue()
