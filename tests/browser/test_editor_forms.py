"""A clerk publishes from the web editor (/quan-tri/) of a repository made by `congkhai init`.

Everything runs for real: the build publishes the admin page with the pinned Decap CMS bundle
fetched from the npm registry, decap-server (the CMS's local backend) writes into the repository,
Chromium fills the forms, and the files written pass `congkhai validate` and `congkhai build`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page

from browser.editor_session import (
    AS_OF,
    HOUSEHOLDS,
    QUESTION,
    Commune,
    attach,
    decap_server,
    fill_household_notice,
    fill_question,
    make_commune,
    open_new,
    point_at,
    publish_now,
    sign_in,
)
from generator.types import TYPES


@pytest.fixture(scope="module")
def editor(tmp_path_factory, serve) -> Iterator[tuple[Commune, str]]:
    commune = make_commune(tmp_path_factory.mktemp("editor") / "tan-hoa")
    with decap_server(commune.root) as api:
        point_at(commune.site, api)
        yield commune, serve(commune.site) + "quan-tri/"


@pytest.fixture
def clerk(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def congkhai(*args: str, root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args, "--project", str(root),
         "--as-of", AS_OF.isoformat()],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def test_admin_page_lists_every_type_in_vietnamese_and_loads_nothing_from_elsewhere(editor, clerk):
    commune, admin = editor
    hosts: set[str] = set()
    errors: list[str] = []
    clerk.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or ""))
    clerk.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(clerk, admin)

    sidebar = clerk.get_by_role("navigation")
    for kind in TYPES.values():
        assert clerk.get_by_role("link", name=kind.title, exact=True).count() == 1, kind.title
    assert "Bộ sưu tập" in sidebar.first.inner_text() or "Bộ sưu tập" in clerk.inner_text("body")
    # Decap lists configuration mistakes on the page instead of the app: none here.
    assert "Config Errors" not in clerk.inner_text("body")
    assert "Lỗi" not in clerk.inner_text("body")
    # The phrases Decap's own Vietnamese lacks are filled in: a list's button reads "Thêm ...".
    open_new(clerk, admin, "hoi-dap")
    assert clerk.get_by_role("button", name="Thêm các tệp đính kèm").count() == 1
    assert clerk.get_by_role("button", name=re.compile("^Add ")).count() == 0
    assert errors == []
    # The bundle, its chunks, the config and the styles all come from the portal itself and the
    # local backend; no CDN.
    assert hosts <= {"127.0.0.1"}, hosts
    assert (commune.site / "quan-tri" / "decap" / "LICENSE").is_file()


def test_resident_pages_do_not_load_the_editor(editor):
    commune, _ = editor
    pages = [p for p in commune.site.rglob("index.html") if "quan-tri" not in p.parts]
    assert len(pages) > 20
    for page in pages:
        soup = BeautifulSoup(page.read_bytes(), "html.parser")
        sources = [s.get("src", "") for s in soup.find_all("script")]
        assert not [s for s in sources if "decap" in s or "quan-tri" in s], page


def test_question_and_household_notice_saved_from_the_forms_validate_and_build(
    editor, clerk, tmp_path
):
    commune, admin = editor
    scan = tmp_path / "bien-ban-hop-dan.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    sign_in(clerk, admin)

    open_new(clerk, admin, "hoi-dap")
    fill_question(clerk)
    # A clerk who starts a field and thinks better of it: Decap would write `asker: ""`.
    clerk.get_by_label("Người hỏi").fill("Ông N.V.A")
    clerk.get_by_label("Người hỏi").fill("")
    attach(clerk, scan, "Biên bản họp dân thôn Đông")
    preview = clerk.frame_locator("iframe").first
    assert preview.get_by_role("heading", name=QUESTION["title"]).is_visible()
    styles = preview.locator("link[rel=stylesheet]")
    hrefs = [styles.nth(i).get_attribute("href") or "" for i in range(styles.count())]
    assert any("assets/stylesheets/main." in href for href in hrefs), hrefs
    publish_now(clerk)

    open_new(clerk, admin, "ho-ngheo")
    fill_household_notice(clerk)
    publish_now(clerk)

    question_file = commune.root / "content/hoi-dap/2025-kien-nghi-sua-cau-tran-thon-dong.yaml"
    notice_file = (
        commune.root / "content/ho-ngheo/2025-ket-qua-ra-soat-ho-ngheo-ho-can-ngheo-nam-2025.yaml"
    )
    question = yaml.safe_load(question_file.read_text(encoding="utf-8"))
    assert question["question"] == QUESTION["question"]
    assert question["channel"] == "hop-dan"
    assert str(question["received"]) == "2025-05-20"
    # The upload went into content/files/, and the item names it from there.
    assert question["attachments"] == [
        {"file": "hoi-dap/bien-ban-hop-dan.pdf", "title": "Biên bản họp dân thôn Đông"}
    ]
    assert (commune.root / "content/files/hoi-dap/bien-ban-hop-dan.pdf").read_bytes() == (
        scan.read_bytes()
    )
    # Fields the clerk left or made empty are left out, not written as "".
    assert "asker" not in question and "updated" not in question
    notice = yaml.safe_load(notice_file.read_text(encoding="utf-8"))
    assert notice["year"] == 2025
    assert notice["posting_places"] == ["Trụ sở UBND xã"]
    assert [h["head"] for h in notice["poor"]] == [head for head, _ in HOUSEHOLDS]

    validated = congkhai("validate", root=commune.root)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    built = congkhai("build", root=commune.root)
    assert built.returncode == 0, built.stdout + built.stderr

    page = commune.site / "hoi-dap/2025/kien-nghi-sua-cau-tran-thon-dong/index.html"
    text = BeautifulSoup(page.read_bytes(), "html.parser").get_text(" ")
    assert QUESTION["question"] in text and QUESTION["answer"] in text
    assert (commune.site / "files/hoi-dap/bien-ban-hop-dan.pdf").is_file()
    page = commune.site / "ho-ngheo/2025/ket-qua-ra-soat-ho-ngheo-ho-can-ngheo-nam-2025/index.html"
    text = BeautifulSoup(page.read_bytes(), "html.parser").get_text(" ")
    for head, village in HOUSEHOLDS:
        assert head in text and village in text


def test_the_cms_rejects_a_configuration_its_schema_forbids(editor, clerk):
    """The check above is the CMS's own config schema at work: a select without options (which
    the generator never writes) stops the admin page with Decap's configuration error."""
    commune, admin = editor
    broken = commune.site / "quan-tri-hong"
    shutil.copytree(commune.site / "quan-tri", broken, dirs_exist_ok=True)
    config = yaml.safe_load((broken / "config.yml").read_text(encoding="utf-8"))
    questions = next(c for c in config["collections"] if c["name"] == "hoi-dap")
    channel = next(f for f in questions["fields"] if f["name"] == "channel")
    del channel["options"]
    (broken / "config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    clerk.goto(admin.replace("/quan-tri/", "/quan-tri-hong/"))
    clerk.get_by_text("Config Errors", exact=False).wait_for()
    assert "options" in clerk.inner_text("body")
