"""`congkhai serve` as staff run it: one rebuild per save, a broken save shown on the page, a busy
port said in Vietnamese."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import watchdog.events as ev
from bs4 import BeautifulSoup

from generator.commands.watching import is_real_change

BIN = Path(sys.executable).parent
REBUILT = "Đã dựng lại"
QUESTION = "content/hoi-dap/2025-thu-tuc-dat.yaml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as page:
            return page.read().decode("utf-8")
    except OSError:
        return None


def wait_for(condition, seconds: float = 90, step: float = 0.3):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return condition()


class Served:
    def __init__(self, root: Path, log: Path, port: int) -> None:
        self.root, self.log, self.url = root, log, f"http://127.0.0.1:{port}/"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def rebuilds(self) -> int:
        return self.output().count(REBUILT)


@pytest.fixture
def served(small_project, tmp_path) -> Iterator[Served]:
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [
                *(str(BIN / "congkhai"), "serve", "-p", str(small_project.root)),
                *("--port", str(port), "--as-of", "2025-12-01"),
            ],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
        )
    try:
        running = Served(small_project.root, log, port)
        assert wait_for(lambda: fetch(running.url)), running.output()
        # The first build's search index is written in the background: let it finish.
        assert wait_for(lambda: "chỉ mục tìm kiếm" in running.output()), running.output()
        assert running.rebuilds() == 1
        yield running
    finally:
        process.terminate()
        process.wait(timeout=30)


def edit_title(root: Path, title: str) -> None:
    path = root / QUESTION
    text = re.sub(r"^title: .*$", f"title: {title}", path.read_text("utf-8"), count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


def test_one_edit_is_one_rebuild(served):
    edit_title(served.root, "Hỏi về giấy tờ làm thủ tục đất đai")
    page = served.url + "hoi-dap/2025/thu-tuc-dat/"
    assert wait_for(lambda: "Hỏi về giấy tờ làm thủ tục đất đai" in (fetch(page) or ""))
    # Ten seconds more: the build's own reads of content/ must not start another one.
    time.sleep(10)
    assert served.rebuilds() == 2, served.output()


def test_a_broken_save_shows_its_errors_on_the_page_until_fixed(served):
    path = served.root / QUESTION
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("channel: truc-tiep", "channel: truc tiep"), encoding="utf-8")

    def banner():  # type: ignore[no-untyped-def]
        page = fetch(served.url) or ""
        return BeautifulSoup(page, "html.parser").select_one("#ck-preview-errors")

    shown = wait_for(banner)
    assert shown is not None, served.output()
    text = shown.get_text()
    assert "Lần lưu vừa rồi có lỗi" in text
    assert f"{QUESTION}:" in text and "CK105" in text and "channel" in text
    # The page under the banner is the last good build's.
    assert "Cổng thông tin công khai" in (fetch(served.url) or "")

    path.write_text(good, encoding="utf-8")
    assert wait_for(lambda: banner() is None), served.output()


def test_a_busy_port_is_said_in_vietnamese(small_project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [str(BIN / "congkhai"), "serve", "-p", str(small_project.root), "--port", str(port)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1
    assert f"Cổng {port} trên 127.0.0.1 đang được một chương trình khác dùng" in done.stderr
    assert f"congkhai serve --port {port + 1}" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("event", "counts"),
    [
        (ev.FileOpenedEvent("/xa/content/a.yaml"), False),
        (ev.FileClosedNoWriteEvent("/xa/content/a.yaml"), False),
        (ev.DirModifiedEvent("/xa/content"), False),
        (ev.FileModifiedEvent("/xa/content/a.yaml"), True),
        (ev.FileClosedEvent("/xa/content/a.yaml"), True),
        (ev.FileCreatedEvent("/xa/content/.a.yaml.swp"), False),
        (ev.FileCreatedEvent("/xa/content/4913"), False),
        (ev.FileMovedEvent("/xa/content/a.yaml~", "/xa/content/a.yaml"), True),
        (ev.FileModifiedEvent("/xa/.congkhai-build/x.md"), False),
    ],
)
def test_only_real_changes_count(event, counts):
    assert is_real_change(event, [Path("/xa/.congkhai-build")]) is counts
