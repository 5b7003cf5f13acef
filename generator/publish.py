"""Stage 6: the machine-readable portal, written beside the HTML MkDocs made.

feeds (/feeds/), the manifest (/api/manifest.json) and its JSON Schema (/schemas/), open data
(/du-lieu/: CSV and JSON per type) and sitemap.xml with lastmod from the data. Everything is
computed first and written last; a failure stops the build before the swap, so site/ keeps the
previous version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from generator.config import SiteConfig
from generator.diagnostics import Diagnostic, diagnostic
from generator.feeds import base_url, feed_documents, feed_specs
from generator.manifest import (
    MANIFEST_PATH,
    SCHEMA_PATH,
    SCHEMA_VERSION,
    build_manifest,
    manifest_bytes,
    schema_bytes,
)
from generator.opendata import csv_tables, json_document, layouts
from generator.records import Record
from generator.sitemap import gzipped, rewrite_sitemap


def published_files(
    site: SiteConfig,
    records: Sequence[Record],
    build_date: dt.date,
    mkdocs_sitemap: bytes | None,
    withdrawn: Sequence[Record] = (),
) -> dict[str, bytes]:
    """Every file of this stage by site-relative path; pure, so tests can call it directly."""
    base = base_url(site)
    ordered = sorted(records, key=Record.sort_key, reverse=True)
    files: dict[str, bytes] = {}
    for spec in feed_specs(site, ordered):
        files.update(feed_documents(spec, site, build_date))

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

    if mkdocs_sitemap is not None:
        sitemap = rewrite_sitemap(mkdocs_sitemap, base, ordered)
        files["sitemap.xml"] = sitemap
        files["sitemap.xml.gz"] = gzipped(sitemap, build_date)
    return files


def publish(
    site: SiteConfig,
    records: Sequence[Record],
    site_dir: Path,
    build_date: dt.date,
    withdrawn: Sequence[Record] = (),
) -> list[Diagnostic]:
    """Write feeds, manifest, schemas, open data and the sitemap into the staging site dir."""
    sitemap_file = site_dir / "sitemap.xml"
    mkdocs_sitemap = sitemap_file.read_bytes() if sitemap_file.is_file() else None
    files = published_files(site, records, build_date, mkdocs_sitemap, withdrawn)
    for path, data in files.items():
        target = site_dir / path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        except OSError as exc:
            return [diagnostic("CK300", f"Không ghi được `{path}`: {exc.strerror or exc}", path)]
    return []
