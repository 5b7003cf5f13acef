"""`congkhai serve`: a live preview for staff, rebuilt whenever a content file changes.

It runs the build's stages (build.py) into a private directory, never into site/, and
after the first build redoes only what an edit affects: files whose bytes are unchanged are not
parsed again, and MkDocs writes only the pages whose Markdown changed (the item's page, its
listings, the home page, the registers that name it). Feeds,
manifest and open data are written again whole (a fraction of a second). When the nav, the
theme, mkdocs.yml or what the theme reads about other pages changes, every page is written
again. Either way each page is what a full build writes (tested).

The search index is rebuilt after the pages are in place, in the background (`index_search`),
so that an edit shows without waiting for it (figures: bench/RESULTS.md).
The next rebuild waits until it is done.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import html
import json
import re
import socket
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import click

from generator.build import Portal, copy_attachments, fewer_collections, prepare
from generator.commands.watching import Snapshot, changes_only_observer
from generator.diagnostics import Diagnostic, format_text
from generator.html import LiveReloadServer, MkDocsConfig, page_url, write_html
from generator.load import SourceCache, editor_config
from generator.project import Project
from generator.publish import published_files, write_files
from generator.publish.editor import publish_editor
from generator.publish.search_index import build_search_index, search_metadata
from generator.vn.formatting import today_in_vietnam


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
    """The preview's state between rebuilds: parsed files, and what the pages written last time
    were built from."""

    def __init__(self, project: Project, site_dir: Path, as_of: dt.date | None = None) -> None:
        self.project = project
        self.site_dir = site_dir
        self.as_of = as_of
        self.docs_dir = project.work_dir / "preview-docs"
        self.sources = SourceCache()
        self._shared: str | None = None
        self._per_page: dict[str, str] = {}
        self._pages: dict[str, str] = {}
        """The Markdown of every page MkDocs last wrote, by path."""
        self._lock = threading.Lock()
        self._searched = True
        self._search: dict[str, dict[str, object]] = {}
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
            problems = build_search_index(self.site_dir, self._search, "xem trước")
            self.search_seconds = time.perf_counter() - start
            if problems:
                self._shared = None  # the next rebuild starts over with every page
            self._searched = True
            return problems

    def _rebuild(self) -> Rebuilt:
        start = time.perf_counter()
        day = self.as_of or today_in_vietnam()
        result, portal = prepare(self.project, day, self.sources)
        done = Rebuilt(diagnostics=result.diagnostics, lines=result.lines, timings=result.timings)
        if portal is None:
            return done
        pages = portal.rendered.pages
        removed = copy_attachments(self.docs_dir, self.project.files_dir, portal.attachments)
        config = portal.html_config(self.project, self.docs_dir, self.site_dir)
        shared, per_page = self._inputs(config, portal)
        if shared == self._shared:
            changed = {p for p, digest in per_page.items() if self._per_page.get(p) != digest}
            changed |= {p for p, text in pages.items() if self._pages.get(p) != text}
            done.pages = sorted(changed)
            for gone in [*(set(self._pages) - set(pages)), *removed]:
                _remove_output(self.site_dir, gone)
        # One process: the server's threads run beside this one, and a fork would copy them.
        with result.timed("html"):
            problems = write_html(config, self.project, portal.build_date, pages, only=done.pages)
        if not problems:
            with result.timed("publish"):
                sitemap = self.site_dir / "sitemap.xml"
                files = published_files(
                    portal.site,
                    portal.published,
                    portal.build_date,
                    sitemap.read_bytes() if sitemap.is_file() else None,
                    portal.withdrawn,
                )
                problems = write_files(files, self.site_dir)
        done.diagnostics += problems
        if problems:
            # The next run starts over with every page: this one may have stopped half way.
            self._shared = None
            return done
        self._shared, self._per_page, self._pages = shared, per_page, pages
        self._search, self._searched = search_metadata(portal.published), False
        done.ok, done.records = True, result.count
        done.seconds = time.perf_counter() - start
        return done

    def _inputs(self, config: MkDocsConfig, portal: Portal) -> tuple[str, dict[str, str]]:
        """A digest of what every page is built from besides its own text (nav, configuration,
        theme files), and per page, of what the theme reads about that page alone."""
        extra = dict(config.extra)
        indexed = set(extra.pop("congkhai_indexed", ()))
        ratings = extra.pop("congkhai_ratings", {})
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
        for path in portal.rendered.pages:
            url = page_url(path)
            theirs = [url in indexed, ratings.get(url)]
            per_page[path] = _digest(json.dumps(theirs, sort_keys=True, default=str))
        return _digest(shared), per_page


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _remove_output(site_dir: Path, source: str) -> None:
    """What MkDocs wrote for a file that is gone from docs_dir: a page's HTML (its item deleted or
    unpublished) or a copied attachment."""
    if not source.endswith(".md"):
        (site_dir / source).unlink(missing_ok=True)
        return
    folder = site_dir / page_url(source)
    index = folder / "index.html"
    if index.is_file():
        index.unlink()
    if folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


BUSY_PORT = (
    "Cổng {port} trên {host} đang được một chương trình khác dùng (có thể là một lần "
    "`congkhai serve` khác đang chạy). Dừng chương trình đó, hoặc chọn cổng khác, ví dụ: "
    "congkhai serve --port {other}"
)

SETTLE_SECONDS = 0.3
"""How long the files must stay quiet before a rebuild: an editor's save is several events."""


def port_problem(host: str, port: int) -> str | None:
    """The message for a port the preview cannot listen on, or None when it can."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As the server will (http.server sets SO_REUSEADDR): a port left in TIME_WAIT is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return BUSY_PORT.format(host=host, port=port, other=port + 1)
            return f"Không mở được cổng {port} trên {host}: {exc.strerror}."
    return None


class ErrorBanner:
    """The errors of the last save, shown at the top of every previewed page until a save
    builds again (the pages themselves stay those of the last good build)."""

    def __init__(self) -> None:
        self.html: bytes = b""

    def show(self, diagnostics: list[Diagnostic], lines: dict[str, list[str]]) -> None:
        errors = [d for d in diagnostics if d.is_error]
        if not errors:
            self.html = b""
            return
        text = html.escape(format_text(errors, lines))
        self.html = (
            '<div id="ck-preview-errors" role="alert" style="background:#fdecea;color:#611a15;'
            "border-bottom:3px solid #d32f2f;padding:12px 16px;font:14px/1.4 sans-serif;"
            'position:relative;z-index:10">'
            "<strong>Lần lưu vừa rồi có lỗi: trang dưới đây là bản dựng trước. Sửa các lỗi sau "
            "rồi lưu lại.</strong>"
            f'<pre style="white-space:pre-wrap;margin:8px 0 0;font:13px/1.4 monospace">{text}'
            "</pre></div>"
        ).encode()

    def middleware(self, app):  # type: ignore[no-untyped-def]
        """A WSGI wrapper that puts the banner right after `<body ...>` of HTML pages."""

        def wrapped(environ, start_response):  # type: ignore[no-untyped-def]
            banner = self.html
            if not banner:
                return app(environ, start_response)
            captured: dict[str, object] = {}

            def capture(status, headers, exc_info=None):  # type: ignore[no-untyped-def]
                captured.update(status=status, headers=headers, exc_info=exc_info)

            body = b"".join(app(environ, capture))
            headers = list(captured["headers"])  # type: ignore[call-overload]
            is_html = any(
                k.lower() == "content-type" and v.startswith("text/html") for k, v in headers
            )
            if is_html and (opening := re.search(rb"<body[^>]*>", body)):
                body = body[: opening.end()] + banner + body[opening.end() :]
                headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
                headers.append(("Content-Length", str(len(body))))
            start_response(captured["status"], headers, captured["exc_info"])
            return [body]

        return wrapped


def serve(project: Project, *, as_of: dt.date | None, port: int, host: str = "127.0.0.1") -> None:
    problem = port_problem(host, port)
    if problem:
        click.echo(problem, err=True)
        sys.exit(1)
    site_dir = Path(tempfile.mkdtemp(prefix="congkhai-preview-"))
    preview = Preview(project, site_dir, as_of)
    watched = [
        path
        for path in (project.content_dir, project.site_config_file.parent, project.root / "theme")
        if path.exists()
    ]
    snapshot = Snapshot(watched)
    banner = ErrorBanner()
    last_report = [""]

    def rebuild(first: bool = False) -> None:
        if not first and not snapshot.changed():
            return  # events, but no file changed (a file saved with the same bytes and time)
        done = preview.rebuild()
        banner.show(done.diagnostics, done.lines)
        report = format_text(done.diagnostics, done.lines) if done.diagnostics else ""
        if report != last_report[0] or not done.ok:
            if report:
                click.echo(report, err=True)
        elif report:
            # The same warnings as last time: one line, not the whole report again.
            warnings = sum(1 for d in done.diagnostics if not d.is_error)
            click.echo(f"({warnings} cảnh báo như lần dựng trước.)", err=True)
        last_report[0] = report
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
    server.set_app(banner.middleware(server.get_app()))
    # Save bursts (temporary file, write, move) settle into one rebuild.
    server.build_delay = SETTLE_SECONDS
    # MkDocs polls the watched folders every half second; the platform's own notifications report
    # a save at once. Only real changes reach MkDocs' handler: not reads, not editors' swap files,
    # not the build's own folders (watching.py).
    server.observer = changes_only_observer([project.work_dir, project.site_dir, site_dir])
    rebuild(first=True)
    # The clerks' web editor at /quan-tri/, with `npx decap-server` beside it (local backend).
    editor_problems = publish_editor(
        editor_config(project), site_dir, shown=project.display(project.editor_config_file)
    )
    if editor_problems:
        click.echo(format_text(editor_problems, {}), err=True)
    for path in watched:
        server.watch(str(path))
    click.echo(f"Xem trước tại {server.url} (Ctrl+C để dừng)", err=True)
    try:
        server.serve()
    except OSError as exc:
        # Taken between the check above and now.
        if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
            raise
        click.echo(BUSY_PORT.format(host=host, port=port, other=port + 1), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
