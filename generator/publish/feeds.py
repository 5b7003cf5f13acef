"""RSS 2.0 and Atom feeds under /feeds/: the whole site, each type, each village's household lists.

feedgen stamps the clock into a feed (lastBuildDate, atom:updated of feed and entries) and
prepends entries by default; every date here is set from the YAML and entries are appended in
order, newest change first, so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator

from generator import __version__
from generator.publish.opendata import item_id
from generator.types import TYPES
from generator.types.ho_ngheo import PovertyReview
from generator.types.record import Record
from generator.types.site import SiteConfig
from generator.vn.formatting import vn_date
from generator.vn.text import slugify

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
FEEDS_DIR = "feeds"
FEED_SIZE = 50
"""Entries per feed: enough for a reader that polls weekly, small enough for a slow phone."""
TAG_DATE = "2025"
"""tag: URIs (RFC 4151) name a date on which the site's domain was held; one fixed date keeps
every id stable whatever is later edited in the item."""


@dataclass(frozen=True)
class FeedSpec:
    key: str
    """`` for the whole site, the type folder, or `ho-ngheo/<village slug>`."""
    label: str
    """Short name on the /feeds/ page: `Tất cả`, the type's title, or the village."""
    title: str
    description: str
    page: str
    """Site-relative URL of the HTML page the feed follows."""
    records: tuple[Record, ...]

    @property
    def directory(self) -> str:
        return f"{FEEDS_DIR}/{self.key}/" if self.key else f"{FEEDS_DIR}/"

    @property
    def rss_path(self) -> str:
        return f"{self.directory}rss.xml"

    @property
    def atom_path(self) -> str:
        return f"{self.directory}atom.xml"


def feed_order(records: Iterable[Record]) -> list[Record]:
    """Newest change first: an updated item moves up (same id, so readers show it as updated)."""
    return sorted(records, key=lambda r: (r.last_modified, r.published, r.url), reverse=True)


def feed_specs(site: SiteConfig, records: Iterable[Record]) -> list[FeedSpec]:
    """Every feed the portal publishes, site-wide first, then per type, then per village."""
    ordered = feed_order(records)
    specs = [
        FeedSpec(
            "",
            "Tất cả thông tin công khai",
            site.site_name,
            f"Mọi thông tin mới đăng và cập nhật trên cổng công khai của {site.agency}.",
            "",
            tuple(ordered),
        )
    ]
    for kind in TYPES.values():
        specs.append(
            FeedSpec(
                kind.folder,
                kind.title,
                f"{kind.title} – {site.commune}",
                kind.description,
                f"{kind.folder}/",
                tuple(r for r in ordered if r.kind is kind),
            )
        )
    villages: dict[str, tuple[str, list[Record]]] = {}
    for record in ordered:
        if isinstance(record.item, PovertyReview):
            names = {h.village for _, households in record.item.lists for h in households}
            for name in sorted(names):
                slug = slugify(name)
                if slug:
                    villages.setdefault(slug, (name, []))[1].append(record)
    for slug, (name, village_records) in sorted(villages.items()):
        specs.append(
            FeedSpec(
                f"ho-ngheo/{slug}",
                name,
                f"Hộ nghèo, cận nghèo – {name}, {site.commune}",
                f"Các danh sách rà soát hộ nghèo, hộ cận nghèo có hộ ở {name}.",
                "ho-ngheo/",
                tuple(village_records),
            )
        )
    return specs


def base_url(site: SiteConfig) -> str:
    """Absolute site URL ending in `/`; root-relative `/` while the portal has no `site_url`."""
    return str(site.site_url).rstrip("/") + "/" if site.site_url else "/"


def tag_authority(site: SiteConfig) -> str:
    """The domain that names entry ids: the portal's own, or the office e-mail's before that."""
    if site.site_url and site.site_url.host:
        return site.site_url.host
    return site.email.rpartition("@")[2] or slugify(site.commune)


def entry_id(site: SiteConfig, record: Record) -> str:
    return f"tag:{tag_authority(site)},{TAG_DATE}:{item_id(record)}"


def feed_documents(spec: FeedSpec, site: SiteConfig, fallback: dt.date) -> dict[str, bytes]:
    """The RSS and Atom documents of one feed, by site-relative path.

    `fallback` dates a feed with no entries (the build's newest date), never the clock.
    """
    base = base_url(site)
    entries = spec.records[:FEED_SIZE]
    newest = entries[0].last_modified if entries else fallback

    fg = FeedGenerator()
    fg.id(f"tag:{tag_authority(site)},{TAG_DATE}:{spec.directory}")
    fg.title(spec.title)
    fg.subtitle(spec.description)
    fg.description(spec.description)
    fg.author({"name": site.agency, "email": site.email})
    fg.language("vi")
    fg.generator("congkhai", version=__version__)
    fg.updated(_at_midnight(newest))
    fg.link(href=base + spec.atom_path, rel="self", type="application/atom+xml")
    # feedgen takes RSS <link> from the last rel="alternate" link, so it comes after `self`.
    fg.link(href=base + spec.page, rel="alternate", type="text/html")

    for record in entries:
        fe = fg.add_entry(order="append")
        fe.id(entry_id(site, record))
        fe.title(record.item.title)
        fe.link(href=base + record.url, rel="alternate", type="text/html")
        # isSummary: the text is atom:summary; feedgen would otherwise call it atom:content.
        fe.description(entry_summary(record), isSummary=True)
        fe.category(term=record.kind.folder, label=record.kind.title)
        fe.author({"name": site.agency, "email": site.email})
        fe.published(_at_midnight(record.published))
        fe.updated(_at_midnight(record.last_modified))
        fe.pubDate(_at_midnight(record.published))

    atom = fg.atom_str(pretty=True)
    # RSS readers take <description> as HTML (RSS 2.0), where Atom's summary is text: a resident's
    # `<img onerror=…>` in a question's topic must reach them as the characters typed.
    for entry, record in zip(fg.entry(), entries, strict=True):
        entry.description(html.escape(entry_summary(record), quote=False), isSummary=True)
    # The RSS self link must name the RSS document, not the Atom one.
    fg.link(href=base + spec.rss_path, rel="self", type="application/rss+xml", replace=True)
    fg.link(href=base + spec.page, rel="alternate", type="text/html")
    return {spec.atom_path: atom, spec.rss_path: fg.rss_str(pretty=True)}


def entry_summary(record: Record) -> str:
    """Plain Vietnamese text for readers; a change note leads when the item was updated."""
    item = record.item
    parts = []
    if item.updated:
        note = f": {item.change_note}" if item.change_note else ""
        parts.append(f"Cập nhật ngày {vn_date(item.updated)}{note}.")
    parts.append(item.summary or item.listing_note() or item.title)
    parts.append(f"Đăng ngày {vn_date(item.published)}.")
    return " ".join(p if p.endswith((".", "!", "?", "…")) else p + "." for p in parts)


def _at_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=VIETNAM)
