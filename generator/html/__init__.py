"""Stage 5, html: the engine adapter. Markdown pages + nav -> HTML in the staging site dir.

This package is the one place that knows MkDocs (engine.py: MkDocs 1.6 or ProperDocs). It loads
the project's mkdocs.yml pointed at the staging dirs, layers the theme shipped with congkhai,
hands the theme what it shows per page (the commune's identity, feeds, ratings, which pages are
indexed for search) and has the pages written on one process per core (parallel.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path

import jinja2
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer

from generator.diagnostics import Diagnostic, diagnostic
from generator.html.engine import LOGGERS  # before any mkdocs import: it may alias them
from generator.html.parallel import build_site
from generator.html.shipped import layer_package_theme
from generator.html.table_labels import TableLabels
from generator.project import Project
from generator.types import TYPES
from generator.types.site import SiteConfig

__all__ = ["LiveReloadServer", "MkDocsConfig", "html_config", "page_url", "write_html"]


class _Collector(logging.Handler):
    """Keep the engine's warnings so a failed build can say what it complained about."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def html_config(
    project: Project,
    site: SiteConfig,
    nav: list[dict[str, object]],
    docs_dir: Path,
    site_dir: Path,
    *,
    pages: Collection[str] = (),
    indexed: Collection[str] = (),
    ratings: Mapping[str, Mapping[str, int]] | None = None,
) -> MkDocsConfig:
    """The project's mkdocs.yml pointed at the staging dirs, with what the theme shows: the
    commune's identity, the feed of each page's section (`pages`: the Markdown paths), the item
    pages the search index reads (`indexed`, by URL) and the pages' ratings (by URL). Prepared
    here so that the templates need no method calls (the theme's templates stay within what
    MiniJinja, Zensical's engine, can run)."""
    config = load_config(
        config_file=str(project.mkdocs_file),
        docs_dir=str(docs_dir),
        site_dir=str(site_dir),
        site_name=site.site_name,
        site_url=str(site.site_url) if site.site_url else None,
        nav=nav,
    )
    layer_package_theme(config)
    # Every table's cells carry their column's heading, for the phone layout (theme tables.css);
    # added here, not in mkdocs.yml, so a commune's own mkdocs.yml needs no edit.
    config.markdown_extensions.append(TableLabels())
    config.extra["congkhai"] = site.model_dump(mode="json")
    intake = site.intake
    config.extra["congkhai_intake_url"] = str(intake.url).rstrip("/") if intake else ""
    # Feed autodiscovery (theme/main.html): which first URL segments have a feed of their own.
    feeds = {kind.folder: kind.title for kind in TYPES.values()}
    config.extra["congkhai_feeds"] = feeds
    urls = (page_url(path) for path in pages)
    config.extra["congkhai_sections"] = {
        url: url.partition("/")[0] for url in urls if url.partition("/")[0] in feeds
    }
    config.extra["congkhai_indexed"] = sorted(indexed)
    config.extra["congkhai_ratings"] = dict(ratings or {})
    return config


def write_html(
    config: MkDocsConfig,
    project: Project,
    build_date: dt.date,
    pages: Mapping[str, str],
    *,
    jobs: int = 1,
    only: Collection[str] | None = None,
) -> list[Diagnostic]:
    """Build HTML from the Markdown `pages` (by path in the docs) with `jobs` processes, or only
    the pages in `only` (see parallel.py). Every engine warning fails the build (strict),
    reported as one diagnostic."""
    collector = _Collector()
    loggers = [logging.getLogger(name) for name in LOGGERS]
    for logger in loggers:
        logger.addHandler(collector)
    try:
        with _source_date_epoch(build_date):
            build_site(config, pages, jobs=jobs, only=only)
    except (MkDocsException, jinja2.TemplateError, OSError) as exc:
        details = "; ".join(collector.messages) or f"{type(exc).__name__}: {exc}"
        return [
            diagnostic("CK901", f"MkDocs dừng lại: {details}", project.display(project.mkdocs_file))
        ]
    finally:
        for logger in loggers:
            logger.removeHandler(collector)
    return []


@contextlib.contextmanager
def _source_date_epoch(day: dt.date) -> Iterator[None]:
    """Pin the dates MkDocs stamps (sitemap lastmod, gzip headers) to the content's newest date.

    Two builds of the same content must be byte-identical; an explicit SOURCE_DATE_EPOCH from the
    environment wins.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    epoch = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).timestamp()
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def page_url(path: str) -> str:
    """The URL MkDocs gives a Markdown page (directory URLs): `a/b.md` and `a/b/index.md` ->
    `a/b/`; `index.md` -> ``."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index").rstrip("/")
    return f"{stem}/" if stem else ""
