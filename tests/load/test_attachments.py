"""Attachments: only types that cannot run script on the portal, checked against their content,
under names that show what they are (issue: nothing leaks)."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from fixtures import QUESTION, SITE_YAML, diagnostics_of

from generator.build import build

Q = "content/hoi-dap/2025-a.yaml"


def _word_document() -> bytes:
    """The smallest .docx Word opens (its text is read for the privacy check: a damaged one
    gets a warning)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "word/document.xml",
            "<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
            "<w:body><w:p><w:r><w:t>Trả lời</w:t></w:r></w:p></w:body></w:document>",
        )
    return out.getvalue()


def _with_attachment(make_project, name: str, data: bytes):
    text = QUESTION + f"attachments:\n  - file: {json.dumps(name)}\n    title: Văn bản\n"
    return make_project({Q: text, f"content/files/{name}": data})


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("hoi-dap/so-do.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("hoi-dap/trang.html", b"<script>alert(1)</script>"),
        ("hoi-dap/trang.htm", b"<script>alert(1)</script>"),
        ("hoi-dap/ma.js", b"alert(1)"),
        ("hoi-dap/du-lieu.xml", b"<x/>"),
        ("hoi-dap/khong-duoi", b"%PDF-1.4\n"),
    ],
)
def test_a_type_that_can_carry_script_is_refused(make_project, name, data):
    project = _with_attachment(make_project, name, data)
    [d] = diagnostics_of(project)
    assert (d.code, d.field, d.line) == ("CK118", "attachments[0].file", 11)
    result = build(project, as_of=dt.date(2025, 12, 1))
    assert not result.published and not project.site_dir.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("hoi-dap/bien-ban.pdf", b"<html><script>alert(1)</script></html>"),
        ("hoi-dap/anh.png", b"GIF89a"),
        ("hoi-dap/anh.jpg", b"<svg onload=alert(1)>"),
        ("hoi-dap/bang.xlsx", b"<html></html>"),
        ("hoi-dap/rong.pdf", b""),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(make_project, name, data):
    [d] = diagnostics_of(_with_attachment(make_project, name, data))
    assert (d.code, d.field) == ("CK118", "attachments[0].file")
    assert "không phải" in d.message


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("hoi-dap/a.pdf", b"%PDF-1.7\n"),
        ("hoi-dap/a.PNG", b"\x89PNG\r\n\x1a\n...."),
        ("hoi-dap/a.jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        ("hoi-dap/a.gif", b"GIF89a...."),
        ("hoi-dap/a.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 "),
        ("hoi-dap/a.docx", _word_document()),
        ("hoi-dap/a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
        ("hoi-dap/a.zip", b"PK\x05\x06" + bytes(18)),
    ],
)
def test_documents_images_and_archives_are_published(make_project, name, data):
    project = _with_attachment(make_project, name, data)
    assert diagnostics_of(project) == []
    assert build(project, as_of=dt.date(2025, 12, 1)).published
    assert (project.site_dir / "files" / name).read_bytes() == data


@pytest.mark.parametrize(
    "name",
    ["hoi-dap/bao-cao\u202efdp.exe.pdf", "hoi-dap/a\u200bb.pdf", "hoi-dap/a\u2066b.pdf"],
)
def test_a_name_with_hidden_or_direction_characters_is_refused(make_project, name):
    [d] = diagnostics_of(_with_attachment(make_project, name, b"%PDF-1.4\n"))
    assert (d.code, d.field) == ("CK119", "attachments[0].file")
    assert f"U+{ord(next(c for c in name if not c.isprintable() or ord(c) > 0x2000)):04X}" in (
        d.message
    )


@pytest.mark.parametrize(
    "name", ["hoi-dap/a\x00b.pdf", "hoi-dap/" + "a" * 300 + ".pdf", "hoi-dap/" + "đ" * 200 + ".pdf"]
)
def test_an_impossible_path_is_a_coded_error_not_a_crash(make_project, name):
    text = QUESTION + f"attachments:\n  - file: {json.dumps(name)}\n    title: Văn bản\n"
    [d] = diagnostics_of(make_project({Q: text}))
    assert (d.code, d.field, d.line) == ("CK119", "attachments[0].file", 11)


def test_site_config_forms_are_checked_the_same_way(make_project):
    site = SITE_YAML + "info_access:\n  forms:\n    - title: Mẫu\n      file: mau/phieu.svg\n"
    project = make_project(
        {"site_config/site.yaml": site, "content/files/mau/phieu.svg": b"<svg onload=x>"}
    )
    result = build(project, as_of=dt.date(2025, 12, 1))
    [d] = [d for d in result.diagnostics if d.code == "CK118"]
    assert (d.file, d.field) == ("site_config/site.yaml", "info_access.forms[0].file")
    assert not result.published
