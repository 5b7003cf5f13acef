"""Browser fixtures: Debian's Chromium driven by Playwright, and built sites served over HTTP.

Playwright never downloads a browser here: it drives the system Chromium (/usr/bin/chromium, or
$CONGKHAI_CHROMIUM), which CI installs from Debian packages (.ci/run). Pages are served from
127.0.0.1 on a free port, as a web server would serve site/ (the search box fetches its index,
which a page opened from file:// cannot).
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from generator.build import build
from generator.project import Project

REPO = Path(__file__).resolve().parents[2]

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("CONGKHAI_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        pytest.fail(
            f"Chromium not found at {path}: install the Debian package `chromium` "
            "(apt-get install -y chromium fonts-noto-core), or set CONGKHAI_CHROMIUM."
        )
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="vi-VN")
    tab = context.new_page()
    yield tab
    context.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    """Serve a built site directory over HTTP on 127.0.0.1 (a free port); returns its base URL."""
    servers: dict[Path, http.server.ThreadingHTTPServer] = {}

    def start(site_dir: Path) -> str:
        if site_dir not in servers:
            handler = functools.partial(_QuietHandler, directory=str(site_dir))
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers[site_dir] = server
        host, port = servers[site_dir].server_address[:2]
        return f"http://{host}:{port}/"

    yield start
    for server in servers.values():
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def build_site(tmp_path_factory) -> Callable[..., Path]:
    """Build a project holding `files` (path -> text or bytes) with the real pipeline, once per
    session; returns its site/ directory, ready to be served."""

    def make(name: str, files: dict[str, str | bytes], as_of: dt.date) -> Path:
        root = tmp_path_factory.mktemp(name)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(REPO / "theme", root / "theme")
        for relative, content in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        result = build(Project(root), as_of=as_of)
        assert result.published, [d.message for d in result.diagnostics if d.is_error]
        return root / "site"

    return make


@pytest.fixture(scope="session")
def corpus_dir(build_site) -> Path:
    """The search corpus (browser/search_corpus.py) built once by the real pipeline, MkDocs then
    the search index; returns its site/ directory."""
    from browser.search_corpus import project_files

    return build_site("corpus", project_files(), dt.date(2026, 3, 1))


@pytest.fixture(scope="session")
def corpus_site(corpus_dir, serve) -> str:
    """The search corpus served over HTTP; returns its base URL."""
    return serve(corpus_dir)


@dataclass(frozen=True)
class DemoSite:
    """The demo commune (or $CONGKHAI_DEMO's), built and served: its base URL, one item URL per
    type, every item URL by type, and the site directory."""

    base: str
    items: dict[str, str]
    urls: dict[str, list[str]]
    site_dir: Path


DEMO_AS_OF = dt.date(2026, 12, 1)


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory, serve) -> DemoSite:
    """The repository's demo commune (content/, site_config/; or those of the repository named by
    $CONGKHAI_DEMO), built by the real pipeline once a session and served on 127.0.0.1."""
    from generator.build import published_records

    demo = Path(os.environ.get("CONGKHAI_DEMO") or REPO)
    root = tmp_path_factory.mktemp("resident")
    for name in ("content", "site_config"):
        shutil.copytree(demo / name, root / name)
    shutil.copytree(REPO / "theme", root / "theme")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    result = build(Project(root), as_of=DEMO_AS_OF)
    assert result.published, [d.message for d in result.diagnostics if d.is_error]
    urls: dict[str, list[str]] = {}
    for record in sorted(published_records(result.records, DEMO_AS_OF), key=lambda r: r.url):
        urls.setdefault(record.kind.folder, []).append(record.url)
    items = {folder: found[0] for folder, found in urls.items()}
    return DemoSite(serve(root / "site"), items, urls, root / "site")


@pytest.fixture(scope="session")
def portal_dir(build_site) -> Path:
    """The demo commune with the search corpus added (search_corpus.portal_files), built once."""
    from browser.search_corpus import portal_files

    return build_site("portal", portal_files(REPO), dt.date(2026, 12, 6))


@pytest.fixture(scope="session")
def portal_site(portal_dir, serve) -> str:
    return serve(portal_dir)
