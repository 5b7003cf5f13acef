"""The clerks' web editor driven for real: a commune repository made by `congkhai init`, built
by the real pipeline, Decap CMS's local backend (`decap-server`, from the npm registry) writing
into that repository, and Chromium filling the forms as a clerk does.

Shared by the browser test (test_editor_forms.py) and the script that takes the guide's
screenshots (scripts/editor_screenshots.py), so the guide shows exactly what the test checks.

decap-server is installed with npm (Debian's `nodejs` and `npm` packages) into the user's cache
directory, once, at the version pinned below; the test needs nothing else installed beforehand.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

from generator.build import build
from generator.caching import cache_dir
from generator.commands.init import Identity, init_project
from generator.project import Project
from generator.publish.editor import CONFIG_NAME, EDITOR_DIR
from generator.types import TYPES

DECAP_SERVER = "decap-server@3.11.3"

IDENTITY = Identity(
    commune="Xã Tân Hòa",
    province="Tỉnh Ninh Bình",
    address="Thôn Đông, xã Tân Hòa, tỉnh Ninh Bình",
    phone="0229 3861 246",
    email="ubnd@tanhoa.ninhbinh.gov.vn",
)
AS_OF = dt.date(2026, 3, 2)


class EditorSetupError(RuntimeError):
    pass


def install_decap_server() -> Path:
    """decap-server's entry script, installed by npm into the cache directory on first use."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise EditorSetupError(
            "node and npm not found: install the Debian packages `nodejs npm` "
            "(apt-get install -y nodejs npm); the test installs decap-server itself."
        )
    prefix = cache_dir() / "npm" / DECAP_SERVER.replace("@", "-")
    entry = prefix / "node_modules" / "decap-server" / "dist" / "index.js"
    if not entry.is_file():
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
             "--ignore-scripts", "--save-exact", DECAP_SERVER],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
    return entry


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def decap_server(repository: Path) -> Iterator[str]:
    """decap-server over `repository` on a free port of 127.0.0.1; yields its API URL."""
    entry = install_decap_server()
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "GIT_REPO_DIRECTORY": str(repository),
        "MODE": "fs",
        "LOG_LEVEL": "error",
    }
    process = subprocess.Popen(
        ["node", str(entry)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    api = f"http://127.0.0.1:{port}/api/v1"
    try:
        for _ in range(200):
            if process.poll() is not None:
                raise EditorSetupError(f"decap-server stopped: {process.stderr.read()!r}")
            try:
                request = urllib.request.Request(
                    api, data=json.dumps({"action": "info"}).encode(),
                    headers={"Content-Type": "application/json"},
                )  # fmt: skip
                with urllib.request.urlopen(request, timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        else:
            raise EditorSetupError("decap-server did not answer")
        yield api
    finally:
        process.terminate()
        process.wait(timeout=10)


@dataclass
class Commune:
    root: Path

    @property
    def site(self) -> Path:
        return self.root / "site"


def make_commune(root: Path) -> Commune:
    """`congkhai init`, a git repository, then a real build (which publishes /quan-tri/)."""
    result = init_project(root, IDENTITY, as_of=AS_OF)
    if not result.ok:
        raise EditorSetupError([d.message for d in result.diagnostics])
    git = ["git", "-C", str(root), "-c", "user.name=Can bo", "-c", "user.email=cb@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Cổng mới"], check=True)
    built = build(Project(root), as_of=AS_OF)
    if not built.published:
        raise EditorSetupError([d.message for d in built.diagnostics if d.is_error])
    missing = [d.message for d in built.diagnostics if d.code == "CK203"]
    if missing:
        raise EditorSetupError(f"the Decap CMS bundle could not be fetched from npm: {missing}")
    return Commune(root)


def point_at(site: Path, api: str) -> None:
    """Point the published admin page's local backend at this decap-server (a clerk running it
    on its default port 8081 needs no change: `local_backend: true`)."""
    config = site / EDITOR_DIR / CONFIG_NAME
    text = config.read_text(encoding="utf-8")
    replaced = re.sub(r"^local_backend: true$", f"local_backend:\n  url: {api}", text, flags=re.M)
    assert replaced != text, "config.yml has no `local_backend: true`"
    config.write_text(replaced, encoding="utf-8")


def sign_in(page: Page, admin_url: str) -> None:
    page.goto(admin_url)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Hỏi đáp", exact=True).wait_for()


def open_new(page: Page, admin_url: str, folder: str) -> None:
    page.goto(f"{admin_url}#/collections/{folder}/new")
    page.get_by_text(f"Đang viết trong bộ sưu tập {TYPES[folder].title}").wait_for()
    page.get_by_label("Tiêu đề hiển thị của mục công khai").wait_for()


def choose(page: Page, label: str, option: str) -> None:
    # An optional field's label carries Decap's "optional" mark after the name.
    page.get_by_label(label).first.click()
    page.get_by_text(option, exact=True).click()


QUESTION = {
    "title": "Kiến nghị sửa cầu tràn thôn Đông",
    "question": "Cầu tràn thôn Đông bị sạt lở sau trận mưa lớn, xe máy đi lại nguy hiểm.",
    "answer": "UBND xã đã bố trí kinh phí, sửa xong cầu tràn trước ngày 30/6/2025.",
}
HOUSEHOLDS = [("Nguyễn Văn Bình", "Thôn Đông"), ("Trần Thị Lan", "Thôn Trung")]


def fill_question(page: Page) -> None:
    """A clerk enters a resident's question and the commune's answer (hoi-dap)."""
    page.get_by_label("Tiêu đề hiển thị của mục công khai").fill(QUESTION["title"])
    page.get_by_label("Ngày đăng lên cổng").fill("2025-06-02")
    page.get_by_label("Nội dung câu hỏi, kiến nghị").fill(QUESTION["question"])
    page.get_by_label("Ngày tiếp nhận câu hỏi").fill("2025-05-20")
    choose(page, "Kênh tiếp nhận", "Hội nghị tiếp xúc, họp dân (hop-dan)")
    page.get_by_label("Lĩnh vực").fill("Giao thông")
    page.get_by_label("Nội dung trả lời").fill(QUESTION["answer"])
    page.get_by_label("Ngày trả lời").fill("2025-05-30")
    page.get_by_label("Cơ quan, người trả lời").fill("Chủ tịch UBND xã")


def add_item(page: Page, list_label: str) -> None:
    page.get_by_role("button", name=f"Thêm {list_label.lower()}", exact=True).click()


def fill_household_notice(page: Page) -> None:
    """A clerk posts the result of the poor-household review with its list (ho-ngheo)."""
    page.get_by_label("Tiêu đề hiển thị của mục công khai").fill(
        "Kết quả rà soát hộ nghèo, hộ cận nghèo năm 2025"
    )
    page.get_by_label("Ngày đăng lên cổng").fill("2025-11-20")
    page.get_by_label("Năm rà soát").fill("2025")
    choose(page, "Loại rà soát", "Rà soát định kỳ hằng năm (dinh-ky)")
    page.get_by_label("Ngày bắt đầu niêm yết công khai").fill("2025-11-20")
    page.get_by_label("Ngày kết thúc niêm yết công khai").fill("2025-12-20")
    add_item(page, "Nơi niêm yết")
    page.get_by_label("Nơi niêm yết", exact=True).last.fill("Trụ sở UBND xã")
    for number, (head, village) in enumerate(HOUSEHOLDS, start=1):
        add_item(page, "Danh sách hộ nghèo")
        page.get_by_label("Số thứ tự trong danh sách").last.fill(str(number))
        page.get_by_label("Họ và tên chủ hộ").last.fill(head)
        page.get_by_label("Thôn, ấp, bản, tổ dân phố nơi hộ cư trú").last.fill(village)


def attach(page: Page, path: Path, title: str) -> None:
    """Upload a file as the item's attachment, through Decap's media library."""
    add_item(page, "Các tệp đính kèm")
    page.get_by_role("button", name="Chọn một tập tin").click()
    # The "Tải lên" button is a label over a file input: choose the file on the input itself.
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_text(path.name, exact=True).wait_for()
    page.get_by_role("button", name="Lấy những cái đã chọn").click()
    page.get_by_label("Tên tệp hiển thị cho người dân").last.fill(title)


def publish_now(page: Page) -> None:
    """Save: in the local backend's simple mode, "publish now" writes the file."""
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_text("Công bố ngay", exact=True).click()
    try:
        page.get_by_text("Thay đổi đã được lưu", exact=False).wait_for()
    except Exception:
        # What the form says instead (a field it refuses) is the failure worth reading.
        page.screenshot(path="/tmp/editor-not-saved.png", full_page=True)
        raise AssertionError("not saved: " + page.locator("main").inner_text()[:2000]) from None
    # Decap then moves to the saved entry's address; wait for it, so that the next page the
    # clerk opens is not replaced by that move.
    page.wait_for_url(re.compile(r"#/collections/[^/]+/entries/"))
    page.get_by_role("button", name="Đã công bố").wait_for()
