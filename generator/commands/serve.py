"""`congkhai serve`: a live preview for staff, rebuilt whenever a content file changes.

It runs the build's own stages (pipeline.py) into a private directory, never into site/, and
after the first build redoes only what an edit affects: files whose bytes are unchanged are not
parsed again, and MkDocs writes only the pages whose Markdown changed (the item's page, its
listings, the home page, the registers that name it). Feeds,
manifest and open data are written again whole (a fraction of a second). When the nav, the
theme, mkdocs.yml or what the theme reads about other pages changes, every page is written
again. Either way each page is what a full build writes (tested).

The search index is rebuilt after the pages are in place, in the background (`index_search`),
so that an edit shows without waiting for it: about 0.5 s at 1,000 disclosures and 3 s at 5,000.
The next rebuild waits until it is done.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import click
import watchdog.observers
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer

from generator.build import Prepared, html_config, prepare, write_data
from generator.cli import VIETNAM
from generator.code_cache import read_code
from generator.collector import fewer_collections
from generator.diagnostics import Diagnostic, format_text
from generator.html import run_mkdocs
from generator.html.template_code import use_compiled
from generator.load import SourceCache
from generator.project import Project
from generator.publish.search_index import build_search_index
from generator.render import make_environment, page_directory


@dataclass
class Rebuilt:
    """What one rebuild did, for the message staff see and for tests."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: dict[str, list[str]] = field(default_factory=dict)
    ok: bool = False
    records: int = 0
    pages: list[str] | None = None
    """Markdown pages MkDocs wrote again; None when it wrote every page."""
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    """Wall time of each stage, as BuildResult.timings."""


class Preview:
    """The preview's state between rebuilds: parsed files, the template environment, and what
    the pages written last time were built from."""

    def __init__(self, project: Project, site_dir: Path, as_of: dt.date | None = None) -> None:
        self.project = project
        self.site_dir = site_dir
        self.as_of = as_of
        self.docs_dir = project.work_dir / "preview-docs"
        self.sources = SourceCache()
        # What an earlier build kept of congkhai's compiled code (code_cache.py): templates,
        # theme, schemas and days off are not made again; what is missing is made once.
        self.code = read_code(project.work_dir)
        self.env = make_environment()
        if self.code.templates:
            use_compiled(self.env, self.code.templates)
        self._shared: str | None = None
        self._per_page: dict[str, str] = {}
        self._pages: dict[str, str] = {}
        """The Markdown of every page MkDocs last wrote, by path."""
        self._lock = threading.Lock()
        self._searched = True
        self._indexed_pages = 0
        self.search_seconds = 0.0

    def rebuild(self) -> Rebuilt:
        """Bring the pages, feeds, manifest and open data up to date; then `index_search`."""
        with self._lock, fewer_collections():
            return self._rebuild()

    def index_search(self) -> list[Diagnostic]:
        """Bring the search index up to date with the pages the last rebuild wrote."""
        with self._lock:
            if self._searched or self._shared is None:
                return []
            start = time.perf_counter()
            problems = build_search_index(self.site_dir, "xem trước", self._indexed_pages)
            self.search_seconds = time.perf_counter() - start
            if problems:
                self._shared = None  # the next rebuild starts over with every page
            self._searched = True
            return problems

    def _rebuild(self) -> Rebuilt:
        start = time.perf_counter()
        day = self.as_of or dt.datetime.now(VIETNAM).date()
        # No fork here: the server's threads run beside this one.
        result, prepared = prepare(
            self.project,
            day,
            self.docs_dir,
            sources=self.sources,
            env=self.env,
            code=self.code,
            background=False,
        )
        done = Rebuilt(diagnostics=result.diagnostics, lines=result.lines, timings=result.timings)
        if prepared is None:
            return done
        config = html_config(self.project, prepared, self.docs_dir, self.site_dir)

        shared, per_page = self._inputs(config, prepared)
        if shared == self._shared:
            changed = {p for p, digest in per_page.items() if self._per_page.get(p) != digest}
            changed |= {p for p, text in prepared.pages.items() if self._pages.get(p) != text}
            done.pages = sorted(changed)
            for gone in [*(set(self._pages) - set(prepared.pages)), *prepared.removed]:
                _remove_output(self.site_dir, gone)
        with result.timed("mkdocs"):
            problems = run_mkdocs(
                config, self.project, prepared.build_date, prepared.pages, only=done.pages,
                theme_code=self.code.theme,
            )  # fmt: skip
        if not problems:
            with result.timed("publish"):
                problems = write_data(prepared, self.site_dir)
        done.diagnostics += problems
        if problems:
            # The next run starts over with every page: this one may have stopped half way.
            self._shared = None
            return done
        self._shared, self._per_page, self._pages = shared, per_page, prepared.pages
        self._indexed_pages, self._searched = len(prepared.search), False
        done.ok, done.records = True, result.count
        done.seconds = time.perf_counter() - start
        return done

    def _inputs(self, config: MkDocsConfig, prepared: Prepared) -> tuple[str, dict[str, str]]:
        """A digest of what every page is built from besides its own text (nav, configuration,
        theme files), and per page, of what the theme reads about that page alone."""
        extra = dict(config.extra)
        extra.pop("congkhai_search", None)
        extra.pop("congkhai_ratings", None)
        theme = sorted(
            (str(path), path.stat().st_mtime_ns, path.stat().st_size)
            for path in (self.project.root / "theme").rglob("*")
            if path.is_file()
        )
        mkdocs_file = self.project.mkdocs_file
        shared = json.dumps(
            [
                config["nav"],
                extra,
                theme,
                mkdocs_file.read_text("utf-8") if mkdocs_file.is_file() else "",
            ],
            sort_keys=True,
            default=str,
        )
        per_page = {}
        for path in prepared.pages:
            url = _page_url(path)
            theirs = [prepared.search.get(url), prepared.ratings.get(url)]
            per_page[path] = _digest(json.dumps(theirs, sort_keys=True, default=str))
        return _digest(shared), per_page


def _page_url(path: str) -> str:
    """`a/b.md` and `a/b/index.md` -> `a/b/`; `index.md` -> `` (MkDocs' directory URLs)."""
    directory = page_directory(path)
    return f"{directory}/" if directory else ""


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _remove_output(site_dir: Path, source: str) -> None:
    """What MkDocs wrote for a file that is gone from docs_dir: a page's HTML (its item deleted or
    unpublished) or a copied attachment."""
    if not source.endswith(".md"):
        (site_dir / source).unlink(missing_ok=True)
        return
    folder = site_dir / _page_url(source)
    index = folder / "index.html"
    if index.is_file():
        index.unlink()
    if folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def serve(project: Project, *, as_of: dt.date | None, port: int, host: str = "127.0.0.1") -> None:
    site_dir = Path(tempfile.mkdtemp(prefix="congkhai-preview-"))
    preview = Preview(project, site_dir, as_of)

    def rebuild() -> None:
        done = preview.rebuild()
        if done.diagnostics:
            click.echo(format_text(done.diagnostics, done.lines), err=True)
        if not done.ok:
            click.echo("Có lỗi: trang xem trước giữ nguyên bản trước.", err=True)
            return
        what = "mọi trang" if done.pages is None else f"{len(done.pages)} trang"
        click.echo(
            f"Đã dựng lại {what} ({done.records} mục) trong {done.seconds:.1f} giây.", err=True
        )
        threading.Thread(target=index_search, daemon=True).start()

    def index_search() -> None:
        problems = preview.index_search()
        if problems:
            click.echo(format_text(problems, {}), err=True)
        else:
            seconds = preview.search_seconds
            click.echo(f"Đã cập nhật chỉ mục tìm kiếm ({seconds:.1f} giây).", err=True)

    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir))
    # MkDocs polls the watched folders every half second: a file walk of the whole content/ that
    # also delays each edit by up to 0.5 s. The platform's own notifications (inotify on Linux)
    # report a save at once and cost nothing in between.
    server.observer = watchdog.observers.Observer()
    rebuild()
    for path in (project.content_dir, project.site_config_file.parent, project.root / "theme"):
        if path.exists():
            server.watch(str(path))
    click.echo(f"Xem trước tại {server.url} (Ctrl+C để dừng)", err=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
