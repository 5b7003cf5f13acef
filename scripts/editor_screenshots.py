"""Take the screenshots of the clerk's guide (docs/soan-tren-web.md) at 360 and 1280 px.

    uv run python scripts/editor_screenshots.py

It runs what the browser test runs (tests/browser/editor_session.py): a repository made by
`congkhai init`, built, with decap-server as the local backend, and Chromium filling the
question-and-answer form; so the pictures show the editor as it is.
"""

from __future__ import annotations

import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from browser.conftest import CHROMIUM_FLAGS, chromium_path  # noqa: E402
from browser.editor_session import (  # noqa: E402
    decap_server,
    fill_question,
    make_commune,
    open_new,
    point_at,
    publish_now,
    sign_in,
)

OUT = REPO / "docs" / "img"
WIDTHS = {"1280": (1280, 800), "360": (360, 740)}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        commune = make_commune(Path(scratch) / "tan-hoa")
        handler = functools.partial(_Quiet, directory=str(commune.site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        admin = f"http://127.0.0.1:{server.server_address[1]}/quan-tri/"
        with decap_server(commune.root) as api, sync_playwright() as playwright:
            point_at(commune.site, api)
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), args=[*CHROMIUM_FLAGS, "--lang=vi"]
            )
            for name, (width, height) in WIDTHS.items():
                context = browser.new_context(
                    locale="vi-VN", viewport={"width": width, "height": height}
                )
                page = context.new_page()
                sign_in(page, admin)
                page.screenshot(path=OUT / f"soan-tren-web-danh-sach-{name}.png")
                open_new(page, admin, "hoi-dap")
                fill_question(page)
                page.get_by_label("Tiêu đề hiển thị của mục công khai").scroll_into_view_if_needed()
                page.screenshot(path=OUT / f"soan-tren-web-bieu-mau-{name}.png")
                if name == "1280":
                    publish_now(page)
                    page.screenshot(path=OUT / f"soan-tren-web-da-luu-{name}.png")
                context.close()
            browser.close()
        server.shutdown()
    for path in sorted(OUT.glob("soan-tren-web-*.png")):
        print(path.relative_to(REPO), path.stat().st_size)


if __name__ == "__main__":
    main()
