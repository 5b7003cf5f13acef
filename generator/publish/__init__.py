"""Stage 6, publish: the machine-readable portal, written beside the HTML.

feeds (/feeds/), the manifest (/api/manifest.json) and its JSON Schema (/schemas/), open data
(/du-lieu/: CSV and JSON per type), sitemap.xml with lastmod from the data, and the search index
(/ck-search/). Everything is computed first and written last; a failure stops the build before
the swap, so site/ keeps the previous version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from generator.diagnostics import Diagnostic, diagnostic
from generator.publish.feeds import base_url, feed_documents, feed_specs
from generator.publish.manifest import (
    MANIFEST_PATH,
    SCHEMA_PATH,
    SCHEMA_VERSION,
    build_manifest,
    manifest_bytes,
    schema_bytes,
)
from generator.publish.opendata import csv_tables, json_document, layouts
from generator.publish.schemas import schema_files
from generator.publish.search_index import build_search_index, search_metadata
from generator.publish.sitemap import gzipped, page_dates, rewrite_sitemap
from generator.types.common import RESIDENT_LISTS
from generator.types.record import Record
from generator.types.site import SiteConfig

EMPTY_SITEMAP = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)
"""Beside the feeds: lists no page (the portal's own sitemap is /sitemap.xml)."""
SCHEMAS_DIR = "schemas"
"""JSON Schemas of the content files, for editors and for anyone checking a portal's data."""


def publish(
    site: SiteConfig,
    records: Sequence[Record],
    build_date: dt.date,
    site_dir: Path,
    withdrawn: Sequence[Record] = (),
) -> list[Diagnostic]:
    """Write every file of this stage into the staging `site_dir`, where the html stage wrote
    the pages (and the sitemap this stage dates from the data)."""
    sitemap = site_dir / "sitemap.xml"
    mkdocs_sitemap = sitemap.read_bytes() if sitemap.is_file() else None
    files = published_files(site, records, build_date, mkdocs_sitemap, withdrawn)
    return write_files(files, site_dir) or build_search_index(
        site_dir, search_metadata(records), "site"
    )


def published_files(
    site: SiteConfig,
    records: Sequence[Record],
    build_date: dt.date,
    mkdocs_sitemap: bytes | None,
    withdrawn: Sequence[Record] = (),
) -> dict[str, bytes]:
    """Every file of this stage by site-relative path; pure, so tests can call it directly."""
    files = {**data_files(site, records, build_date, withdrawn), **schema_data_files()}
    if mkdocs_sitemap is not None:
        # Lists naming residents ask search engines not to index them (render.robots): a
        # sitemap offering them to the same engines would contradict it.
        hidden = tuple(r.url for r in records if r.kind.folder in RESIDENT_LISTS)
        dates = page_dates(records)
        files.update(sitemap_files(mkdocs_sitemap, base_url(site), dates, build_date, hidden))
    return files


def data_files(
    site: SiteConfig,
    records: Sequence[Record],
    build_date: dt.date,
    withdrawn: Sequence[Record] = (),
) -> dict[str, bytes]:
    """Feeds, open data and the manifest."""
    base = base_url(site)
    ordered = sorted(records, key=Record.sort_key, reverse=True)
    files: dict[str, bytes] = {}
    for spec in feed_specs(site, ordered):
        files.update(feed_documents(spec, site, build_date))
    # Material's script fetches sitemap.xml beside every <link rel="alternate"> of a page (it
    # looks for language versions there); the feed links would cost each page view two 404s.
    for folder in sorted({path.rpartition("/")[0] for path in files}):
        files[f"{folder}/sitemap.xml"] = EMPTY_SITEMAP

    all_layouts = layouts()
    for layout in all_layouts:
        of_type = [r for r in ordered if r.kind is layout.kind]
        files.update(csv_tables(layout, of_type, base))
        files[layout.json_path] = json_document(layout, of_type, base, SCHEMA_VERSION)

    schema_url = base + SCHEMA_PATH
    files[SCHEMA_PATH] = schema_bytes(schema_url)
    files[MANIFEST_PATH] = manifest_bytes(
        build_manifest(site, ordered, all_layouts, withdrawn), schema_url
    )
    return files


def schema_data_files() -> dict[str, bytes]:
    """The content files' JSON Schemas (/schemas/): they depend on congkhai's code alone."""
    return {f"{SCHEMAS_DIR}/{name}": text.encode("utf-8") for name, text in schema_files().items()}


def sitemap_files(
    mkdocs_sitemap: bytes,
    base: str,
    dates: dict[str, dt.date],
    build_date: dt.date,
    hidden: tuple[str, ...] = (),
) -> dict[str, bytes]:
    """MkDocs' sitemap with each page's lastmod from the data, and its gzip copy."""
    sitemap = rewrite_sitemap(mkdocs_sitemap, base, dates, hidden)
    return {"sitemap.xml": sitemap, "sitemap.xml.gz": gzipped(sitemap, build_date)}


def write_files(files: dict[str, bytes], site_dir: Path) -> list[Diagnostic]:
    """Write `files` (site-relative path -> bytes) into the staging site dir; a file already
    there with the same bytes is left as it is (the preview's last rebuild wrote it)."""
    for path, data in files.items():
        target = site_dir / path
        try:
            if _holds(target, data):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        except OSError as exc:
            return [diagnostic("CK300", f"Không ghi được `{path}`: {exc.strerror or exc}", path)]
    return []


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
