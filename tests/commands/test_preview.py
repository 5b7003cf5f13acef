"""The live preview rebuilds only what an edit affects, and what it shows is what a full build
writes: same bytes for every page, feed, manifest and data file."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from fixtures import tree_digest

from generator.build import build
from generator.commands.serve import Preview
from generator.project import Project

AS_OF = dt.date(2025, 12, 1)
QUESTION = "content/hoi-dap/2025-den-duong-lien-thon.yaml"


def full_build(project: Project, tmp_path: Path) -> dict[str, str]:
    """A full build of the same project, from scratch, in a copy."""
    copy = tmp_path / f"full-{time.monotonic_ns()}"
    shutil.copytree(project.root, copy, ignore=shutil.ignore_patterns(".congkhai-build", "site"))
    result = build(Project(copy), as_of=AS_OF)
    assert result.published, result.diagnostics
    return tree_digest(copy / "site")


def retitle(project: Project, name: str, title: str) -> None:
    path = project.root / name
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M), "utf-8")


@pytest.fixture
def preview(demo_project, tmp_path) -> Preview:
    site = tmp_path / "preview-site"
    site.mkdir()
    preview = Preview(demo_project, site, AS_OF)
    first = preview.rebuild()
    assert first.ok, first.diagnostics
    assert first.pages is None  # the first run writes every page
    assert preview.index_search() == []
    return preview


def test_an_edit_rewrites_its_pages_only_and_equals_a_full_build(preview, demo_project, tmp_path):
    retitle(demo_project, QUESTION, "Khi nào lắp đèn đường liên thôn Đông – Trung?")
    done = preview.rebuild()
    assert done.ok, done.diagnostics
    assert "hoi-dap/2025/den-duong-lien-thon.md" in done.pages
    assert "hoi-dap/index.md" in done.pages
    # The budget pages do not mention the question: they are left as they were.
    assert not any(page.startswith("ngan-sach/") for page in done.pages)
    assert len(done.pages) < 20
    page = (preview.site_dir / "hoi-dap/2025/den-duong-lien-thon/index.html").read_text("utf-8")
    assert "Khi nào lắp đèn đường liên thôn Đông – Trung?" in page
    assert preview.index_search() == []  # the search index follows the pages
    assert tree_digest(preview.site_dir) == full_build(demo_project, tmp_path)


def test_a_new_year_gets_its_page(preview, demo_project, tmp_path):
    source = demo_project.root / QUESTION
    text = source.read_text(encoding="utf-8").replace("2025-", "2021-")
    (demo_project.root / "content/hoi-dap/2021-den-duong.yaml").write_text(text, "utf-8")
    done = preview.rebuild()
    assert done.ok, done.diagnostics
    assert (preview.site_dir / "hoi-dap/2021/den-duong/index.html").is_file()
    assert (preview.site_dir / "hoi-dap/2021/index.html").is_file()
    assert preview.index_search() == []  # the search index follows the pages
    assert tree_digest(preview.site_dir) == full_build(demo_project, tmp_path)


def test_a_deleted_item_leaves_the_preview(preview, demo_project, tmp_path):
    (demo_project.root / QUESTION).unlink()
    done = preview.rebuild()
    assert done.ok, done.diagnostics
    assert not (preview.site_dir / "hoi-dap/2025/den-duong-lien-thon").exists()
    assert preview.index_search() == []  # the search index follows the pages
    assert tree_digest(preview.site_dir) == full_build(demo_project, tmp_path)


def test_a_broken_edit_keeps_the_last_preview(preview, demo_project):
    before = tree_digest(preview.site_dir)
    path = demo_project.root / QUESTION
    path.write_text(path.read_text("utf-8") + "received: 2025-02-30\n", "utf-8")
    done = preview.rebuild()
    assert not done.ok
    assert {d.code for d in done.diagnostics if d.is_error}
    assert tree_digest(preview.site_dir) == before


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def test_congkhai_serve_shows_an_edit_as_a_full_build_writes_it(demo_project, tmp_path):
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-p", str(demo_project.root),
         "--as-of", AS_OF.isoformat(), "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/hoi-dap/2025/den-duong-lien-thon/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                _get(url)
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        retitle(demo_project, QUESTION, "Đèn đường liên thôn đã có lịch lắp")
        deadline = time.monotonic() + 60
        while "Đèn đường liên thôn đã có lịch lắp" not in (served := _get(url)):
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text("utf-8")
            time.sleep(0.2)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
        log.close()
    full = tmp_path / "full"
    shutil.copytree(demo_project.root, full, ignore=shutil.ignore_patterns(".congkhai-build"))
    assert build(Project(full), as_of=AS_OF).published
    written = (full / "site/hoi-dap/2025/den-duong-lien-thon/index.html").read_text("utf-8")
    # The server adds its live-reload script to every page it sends; nothing else differs.
    assert re.sub(r"<script[^>]*>[^<]*livereload[^<]*</script>", "", served) == written


def test_an_unpublished_item_takes_its_attachment_out_of_the_preview(
    preview, demo_project, tmp_path
):
    notice = demo_project.content_dir / "van-ban/2025-tb-99-thong-bao-thu.yaml"
    notice.write_text(
        "title: Thông báo thử có tệp đính kèm\npublished: 2025-10-01\ndoc_type: thong-bao\n"
        "number: 99/TB-UBND\nissuer: UBND xã Tân Hòa\nissued: 2025-10-01\n"
        "attachments:\n  - file: van-ban/tb-99-thu.pdf\n    title: Thông báo số 99/TB-UBND\n",
        encoding="utf-8",
    )
    (demo_project.files_dir / "van-ban/tb-99-thu.pdf").write_bytes(b"%PDF-1.4 thu\n")
    assert preview.rebuild().ok
    assert (preview.site_dir / "files/van-ban/tb-99-thu.pdf").is_file()

    text = notice.read_text(encoding="utf-8") + "unpublish_after: 2025-11-01\n"
    notice.write_text(text, encoding="utf-8")
    done = preview.rebuild()
    assert done.ok, done.diagnostics
    assert not (preview.site_dir / "files/van-ban/tb-99-thu.pdf").exists()
    assert not (preview.site_dir / "van-ban/2025/tb-99-thong-bao-thu").exists()
    assert preview.index_search() == []
    assert tree_digest(preview.site_dir) == full_build(demo_project, tmp_path)
