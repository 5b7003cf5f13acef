"""MkDocs' build, with the pages shared among processes, or limited to the pages that changed.

`mkdocs.commands.build.build` converts and writes every page one after the other, on one core:
Markdown, then the theme's template, page after page. This runs the same steps through MkDocs'
own functions, in the same order, except that after everything shared is known (files, nav, every
page's front matter and title) the pages are divided among forked worker processes, each writing
its own pages; a worker's warnings and errors come back to the parent, which reports them as
MkDocs would (strict mode included). The output is byte-for-byte what MkDocs writes alone (tested).

The Markdown pages come from memory (MkDocs' generated files), not from docs_dir, which holds
the attachments only: congkhai renders the pages, and writing them to files for MkDocs to read
back cost a fifth of a second per thousand pages. MkDocs' own build, used with plugins, gets
them written into docs_dir for its run.

Given `only`, the pages outside it are left as the previous run wrote them: the live preview
rebuilds the pages an edit changed, nothing else. It is used only when the nav, the theme and the
configuration are unchanged (the caller checks), so the pages left alone are still what a full
build would write.

Plugins can gather state page by page (a search plugin does) that the parent would never see, and
MkDocs' anchor check compares pages with each other; with either, the build runs in one process.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import posixpath
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from pathlib import Path

from mkdocs.commands.build import (
    _build_extra_template,
    _build_page,
    _build_theme_template,
    _populate_page,
)
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from generator.caching import bytecode_cache
from generator.html.engine import LOGGERS
from generator.html.forked import ForkedError, in_background

Work = Callable[[Sequence[File]], None]
"""Writes a share of the pages."""

PAGES_PER_WORKER = 100
"""Below this many pages per worker, a fork costs more than it saves."""


def default_jobs(pages: int) -> int:
    """One process per core this process may use, as long as each gets enough pages."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, pages // PAGES_PER_WORKER))


def build_site(
    config: MkDocsConfig,
    pages: Mapping[str, str],
    *,
    jobs: int = 1,
    only: Collection[str] | None = None,
) -> None:
    """Build like `mkdocs build`, with the Markdown `pages` (by path in the docs) beside the files
    of docs_dir; `jobs` processes share the pages; with `only` (paths of pages), write just those
    pages and leave the rest of site_dir as it is."""
    if not _can_share(config) and only is None:
        with _on_disk(pages, Path(config.docs_dir)):
            mkdocs_build(config)
        return
    counter = _WarningCounter()
    for name in LOGGERS:
        logging.getLogger(name).addHandler(counter)
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        if only is None:
            clean_directory(config.site_dir)

        generated = [File.generated(config, path, content=text) for path, text in pages.items()]
        # In the order of MkDocs' walk of docs_dir, as if the pages were files there: pages
        # outside the nav (and so the sitemap) follow it.
        files = Files(sorted([*get_files(config), *generated], key=_walk_order))
        env = config.theme.get_env()
        env.bytecode_cache = bytecode_cache()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)

        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for file in doc_files:
            if file.page is None:
                Page(None, file, config)
            # Every page's front matter and title, which the nav on other pages shows.
            file.page.read_source(config)
        env = config.plugins.on_env(env, config=config, files=files)

        files.copy_static_files(dirty=only is not None, inclusion=InclusionLevel.is_included)
        for template in config.theme.static_templates:
            _build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)

        wanted = [f for f in doc_files if only is None or f.src_uri in only]
        workers = max(1, min(jobs, len(wanted))) if _can_share(config) else 1

        def write_pages(share: Sequence[File]) -> None:
            for file in share:
                _populate_page(file.page, config, files)
                _build_page(file.page, config, doc_files, nav, env)

        # The first page is written here, before the workers start, so that they inherit the
        # theme's templates compiled (each would otherwise compile them again).
        write_pages(wanted[:1])
        in_processes(write_pages, wanted[1:], workers)
        config.plugins.on_post_build(config=config)
        if counter.count:
            raise Abort(f"Aborted with {counter.count} warnings in strict mode!")
    except Exception as exc:
        config.plugins.on_build_error(error=exc)
        raise
    finally:
        for name in LOGGERS:
            logging.getLogger(name).removeHandler(counter)


def _walk_order(file: File) -> tuple[tuple[object, ...], ...]:
    """Where os.walk, as `get_files` uses it, meets the file: a folder's files (index first, then
    by name) before its subfolders, subfolders by name."""
    *folders, name = file.src_uri.split("/")
    stem = posixpath.splitext(name)[0]
    return (*((1, folder) for folder in folders), (0, stem not in ("index", "README"), name))


@contextlib.contextmanager
def _on_disk(pages: Mapping[str, str], docs_dir: Path) -> Iterator[None]:
    """The pages written into docs_dir for MkDocs' own build, and removed after it, so that
    docs_dir holds the attachments alone again."""
    written = []
    try:
        for path, text in pages.items():
            target = docs_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written.append(target)
        yield
    finally:
        for target in written:
            target.unlink(missing_ok=True)


def _can_share(config: MkDocsConfig) -> bool:
    anchors_checked = config.validation.links.anchors > logging.INFO
    return not config.plugins and not anchors_checked


class _WarningCounter(logging.Handler):
    """Strict mode: count MkDocs' warnings, the workers' included (re-logged by the parent)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _Keep(logging.Handler):
    """In a worker: keep what MkDocs logs at warning level or above, to send to the parent."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def in_processes(work: Work, items: Sequence[File], workers: int) -> None:
    """Run `work` on `items` divided round-robin among `workers` processes (this one included,
    the others forked: forked.py); the workers' log records are replayed here, and the first
    failure is raised here."""
    if workers <= 1:
        work(items)
        return
    shares = [
        in_background(functools.partial(_logged, work, items[index::workers]))
        for index in range(1, workers)
    ]
    failure: BaseException | None = None
    try:
        work(items[0::workers])
    except Exception as exc:
        failure = exc
    for share in shares:
        try:
            records, error = share()
        except ForkedError as exc:
            records, error = [], str(exc)
        for name, level, message in records:
            logging.getLogger(name).log(level, message)
        if error and failure is None:
            failure = Abort(f"Một tiến trình dựng trang dừng lại: {error}")
    if failure is not None:
        raise failure


def _logged(work: Work, items: Sequence[File]) -> tuple[list[tuple[str, int, str]], str | None]:
    """In a worker: write `items`; give back what MkDocs logged, and the error if it failed."""
    keep = _Keep()
    for name in LOGGERS:
        logging.getLogger(name).addHandler(keep)
    try:
        work(items)
    except BaseException as exc:  # MkDocs' Abort is a SystemExit: it must reach the parent too
        return keep.records, f"{type(exc).__name__}: {exc}"
    return keep.records, None
