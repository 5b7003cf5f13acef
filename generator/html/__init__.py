"""Stage 5: run MkDocs (as a library) on the rendered Markdown."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path

import jinja2
from markupsafe import Markup, escape
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from generator.diagnostics import Diagnostic, diagnostic
from generator.html.parallel import build_site
from generator.html.shipped import layer_package_theme
from generator.project import Project
from generator.types import TYPES
from generator.types.site import SiteConfig


class _Collector(logging.Handler):
    """Keep MkDocs' warnings so a failed build can say what MkDocs complained about."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def mkdocs_config(
    project: Project, site: SiteConfig, docs_dir: Path, site_dir: Path, nav: list[object]
) -> MkDocsConfig:
    """The project's mkdocs.yml, pointed at the staging dirs, with the commune's identity."""
    config = load_config(
        config_file=str(project.mkdocs_file),
        docs_dir=str(docs_dir),
        site_dir=str(site_dir),
        # Markup: Material prints the name unescaped in places (the page title, the nav), and
        # escapes it once, not twice, where it does escape it.
        site_name=Markup(escape(site.site_name)),
        site_url=str(site.site_url) if site.site_url else None,
        nav=nav,
    )
    layer_package_theme(config)
    config.extra["congkhai"] = site.model_dump(mode="json")
    # Feed autodiscovery (theme/main.html): which first URL segments have a feed of their own.
    config.extra["congkhai_feeds"] = {kind.folder: kind.title for kind in TYPES.values()}
    return config


def run_mkdocs(
    config: MkDocsConfig,
    project: Project,
    build_date: dt.date,
    pages: Mapping[str, str],
    *,
    jobs: int = 1,
    only: Collection[str] | None = None,
    theme_code: dict[str, bytes] | None = None,
    clean: bool = True,
) -> list[Diagnostic]:
    """Build HTML from the Markdown `pages` (by path in the docs) with `jobs` processes, or only
    the pages in `only` (see mkdocs_pages); MkDocs warnings fail the build (strict), reported as
    one diagnostic. `theme_code`: the theme's templates compiled by an earlier build
    (code_cache.py), completed here with those compiled now; `clean`: see build_site."""
    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        with _source_date_epoch(build_date):
            build_site(config, pages, jobs=jobs, only=only, theme_code=theme_code, clean=clean)
    except (MkDocsException, jinja2.TemplateError, OSError) as exc:
        details = "; ".join(collector.messages) or f"{type(exc).__name__}: {exc}"
        return [
            diagnostic("CK901", f"MkDocs dừng lại: {details}", project.display(project.mkdocs_file))
        ]
    finally:
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
