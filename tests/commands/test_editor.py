"""The clerks' web editor: its Decap CMS configuration generated from the models, the
`congkhai editor` command, and the pinned bundle the build publishes at /quan-tri/.

That Decap itself accepts the configuration, and that the forms write files congkhai accepts,
is tested in Chromium (browser/test_editor_forms.py).
"""

from __future__ import annotations

import datetime as dt
import http.server
import io
import socket
import subprocess
import sys
import tarfile
import threading
import time
import typing
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.build import build
from generator.cli import main
from generator.commands.editor import (
    IMPORTED,
    Backend,
    editor_config,
    period_field,
)
from generator.publish.editor import NpmPackage, bundle, integrity_of
from generator.types import TYPES
from generator.types.hoi_dap import CHANNELS, Question

CONFIG = editor_config(Backend())
COLLECTIONS = {c["name"]: c for c in CONFIG["collections"]}


def form(folder: str) -> dict[str, dict]:
    return {f["name"]: f for f in COLLECTIONS[folder]["fields"]}


def test_one_collection_per_type_writing_one_yaml_file_per_item_into_its_folder():
    assert list(COLLECTIONS) == list(TYPES)
    for folder, kind in TYPES.items():
        collection = COLLECTIONS[folder]
        assert collection["label"] == kind.title
        assert collection["folder"] == f"content/{folder}"
        assert (collection["format"], collection["extension"]) == ("yaml", "yaml")
        assert collection["create"] is True
        if kind.yearless:
            assert collection["slug"] == "{{slug}}"
        else:
            # <year>-<slug>.yaml, the year taken from the field congkhai files the item by.
            assert collection["slug"].startswith("{{fields." + period_field(kind.model))
            assert collection["slug"].endswith("-{{slug}}")


def test_vietnamese_interface_and_ascii_file_names():
    assert CONFIG["locale"] == "vi"
    assert CONFIG["slug"] == {
        "encoding": "ascii",
        "clean_accents": True,
        "sanitize_replacement": "-",
    }


def walk(fields: list[dict]) -> Iterator[dict]:
    for field in fields:
        yield field
        yield from walk(field.get("fields", []))


def test_required_fields_are_required_and_labels_and_hints_come_from_docstrings():
    for folder, kind in TYPES.items():
        schema = kind.model.model_json_schema()
        required = set(schema["required"])
        fields = form(folder)
        for name, prop in schema["properties"].items():
            if name not in fields:
                continue
            field = fields[name]
            assert field["required"] is (name in required), (folder, name)
            description = " ".join(prop["description"].split())
            assert field["hint"] == description, (folder, name)
            assert description.startswith(field["label"]), (folder, name)
        missing = required - set(fields)
        assert not missing, (folder, missing)
        # The mark `congkhai init` puts on its examples is not for clerks to set.
        assert "example" in schema["properties"] and "example" not in fields


def test_choices_are_selects_offering_every_allowed_value_with_its_vietnamese_title():
    channel = form("hoi-dap")["channel"]
    assert channel["widget"] == "select"
    # `channel: Literal[...] | None`: a meeting's answers have no channel of their own.
    annotation = Question.model_fields["channel"].annotation
    [literal] = [a for a in typing.get_args(annotation) if a is not type(None)]
    allowed = typing.get_args(literal)
    assert [o["value"] for o in channel["options"]] == list(allowed)
    assert [o["label"] for o in channel["options"]] == [
        f"{CHANNELS[value]} ({value})" for value in allowed
    ]


def test_dates_are_date_pickers_writing_iso_dates_and_optional_ones_start_empty():
    dates = 0
    for folder, kind in TYPES.items():
        schema = kind.model.model_json_schema()
        for name, prop in schema["properties"].items():
            formats = [prop.get("format")] + [s.get("format") for s in prop.get("anyOf", [])]
            if "date" not in formats:
                continue
            field = form(folder)[name]
            dates += 1
            assert field["widget"] == "datetime"
            assert field["format"] == "YYYY-MM-DD" and field["time_format"] is False
            assert ("default" in field) is (not field["required"])
    assert dates > 40


def test_attachments_are_uploaded_into_content_files():
    for folder in TYPES:
        attachments = form(folder)["attachments"]
        assert attachments["widget"] == "list"
        file = next(f for f in attachments["fields"] if f["name"] == "file")
        assert file["widget"] == "file"
        assert COLLECTIONS[folder]["media_folder"] == f"/content/files/{folder}"
        assert COLLECTIONS[folder]["public_folder"] == folder
    assert CONFIG["media_folder"] == "content/files"


def test_nested_lists_and_groups_become_list_and_object_widgets():
    households = form("ho-ngheo")["poor"]
    assert households["widget"] == "list"
    assert [f["name"] for f in households["fields"]] == [
        "number", "head", "village", "people", "category",
    ]  # fmt: skip
    number = households["fields"][0]
    assert (number["widget"], number["value_type"], number["min"]) == ("number", "int", 1)
    places = form("ho-ngheo")["posting_places"]
    # Optional: a recognition decision has no posting.
    assert places["widget"] == "list" and "min" not in places
    assert places["field"]["widget"] == "string"
    lines = next(f for f in walk(COLLECTIONS["ho-ngheo"]["fields"]) if f["name"] == "lines")
    assert lines["widget"] == "list" and lines["min"] == 1
    approval = form("ngan-sach")["approval"]
    assert approval["widget"] == "object" and approval["required"] is False


def test_markdown_bodies_use_the_markdown_editor():
    bodies = [
        (folder, field["name"])
        for folder in TYPES
        for field in walk(COLLECTIONS[folder]["fields"])
        if field.get("widget") == "markdown"
    ]
    assert ("tin-bai", "body") in bodies


def test_budget_tables_point_to_congkhai_import_instead_of_a_form():
    fields = form("ngan-sach")
    assert "revenue" not in fields and "expenditure" not in fields
    assert "congkhai import ngan-sach" in COLLECTIONS["ngan-sach"]["description"]
    assert "congkhai import ho-ngheo" in COLLECTIONS["ho-ngheo"]["description"]
    assert "BudgetTable" in IMPORTED


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_editor_command_writes_the_config_into_an_existing_repository(small_project):
    root = str(small_project.root)
    done = run("editor", "--project", root, "--repo", "ubnd-tan-hoa/cong", "--app-id", "abc123")
    assert done.exit_code == 0, done.output
    path = small_project.root / "quan-tri/config.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert config["backend"] == {
        "name": "gitlab",
        "repo": "ubnd-tan-hoa/cong",
        "branch": "main",
        "auth_type": "pkce",
        "app_id": "abc123",
        "base_url": "https://gitlab.com",
        "auth_endpoint": "oauth/authorize",
        "api_root": "https://gitlab.com/api/v4",
    }
    assert [c["name"] for c in config["collections"]] == list(TYPES)

    # Run again after an upgrade: the forms are refreshed, the commune's sign-in is kept.
    assert run("editor", "--project", root).exit_code == 0
    again = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert again["backend"]["repo"] == "ubnd-tan-hoa/cong"
    assert again["backend"]["app_id"] == "abc123"


def test_editor_command_refuses_a_malformed_repository_name(small_project):
    done = run("editor", "--project", str(small_project.root), "--repo", "không có gạch chéo")
    assert done.exit_code == 1
    assert "CK604" in done.output and "không có gạch chéo" in done.output
    assert not (small_project.root / "quan-tri/config.yml").exists()


@pytest.fixture
def registry() -> Iterator[tuple[str, dict[str, bytes]]]:
    """A stand-in package registry on 127.0.0.1 serving the tarballs put in its dict."""
    served: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = served.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", served
    server.shutdown()
    server.server_close()


def tarball(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def test_bundle_is_kept_only_when_it_matches_the_pinned_integrity(registry, monkeypatch, tmp_path):
    url, served = registry
    monkeypatch.setenv("CONGKHAI_NPM_REGISTRY", url)
    data = tarball(
        {
            "package/dist/decap-cms.js": b"window.CMS = {};",
            "package/dist/12.decap-cms.js": b"/* chunk */",
            "package/dist/decap-cms.js.map": b"{}",
            "package/package.json": b"{}",
        }
    )
    served["/decap-cms/-/decap-cms-9.9.9.tgz"] = data

    tampered = NpmPackage("decap-cms", "9.9.9", integrity_of(data + b"x"))
    refused = bundle(tampered, cache=tmp_path)
    assert isinstance(refused, str) and "không khớp mã kiểm tra" in refused
    assert not (tmp_path / "decap-cms-9.9.9").exists()

    pinned = NpmPackage("decap-cms", "9.9.9", integrity_of(data))
    kept = bundle(pinned, cache=tmp_path)
    assert isinstance(kept, Path)
    names = sorted(p.name for p in kept.iterdir() if not p.name.startswith("."))
    # The page's scripts and the licence; no source maps, nothing else of the package.
    assert names == ["12.decap-cms.js", "LICENSE", "decap-cms.js"]
    assert "MIT License" in (kept / "LICENSE").read_text(encoding="utf-8")

    served.clear()  # a second build reads the cache, not the registry
    assert bundle(pinned, cache=tmp_path) == kept


def test_build_without_the_registry_warns_and_still_publishes_the_portal(
    small_project, monkeypatch, tmp_path
):
    monkeypatch.setenv("CONGKHAI_NPM_REGISTRY", "http://127.0.0.1:9")
    monkeypatch.setenv("CONGKHAI_CACHE_DIR", str(tmp_path / "empty-cache"))
    assert run("editor", "--project", str(small_project.root)).exit_code == 0
    result = build(small_project, as_of=dt.date(2026, 3, 1))
    assert result.published
    warnings = [d for d in result.diagnostics if d.code == "CK203"]
    assert len(warnings) == 1
    assert warnings[0].file == "quan-tri/config.yml" and not warnings[0].is_error
    assert (small_project.site_dir / "index.html").is_file()
    assert not (small_project.site_dir / "quan-tri").exists()


def test_build_of_a_repository_without_an_editor_publishes_none(small_project):
    result = build(small_project, as_of=dt.date(2026, 3, 1))
    assert result.published
    assert not (small_project.site_dir / "quan-tri").exists()
    assert not [d for d in result.diagnostics if d.code == "CK203"]


def test_local_preview_serves_the_editor_beside_the_portal(tmp_path):
    """`congkhai serve` is how a clerk uses the editor without signing in (with decap-server):
    the preview must serve /quan-tri/ with its bundle and the repository's configuration."""
    from generator.commands.init import Identity, init_project

    root = tmp_path / "tan-hoa"
    identity = Identity(
        "Xã Tân Hòa", "Tỉnh Ninh Bình", "Thôn Đông", "0229 3861 246", "ubnd@tanhoa.gov.vn"
    )
    assert init_project(root, identity, as_of=dt.date(2026, 3, 2)).ok
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--project", str(root),
         "--port", str(port), "--as-of", "2026-03-02"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/quan-tri/"
    try:
        for _ in range(600):
            try:
                with urllib.request.urlopen(base, timeout=2) as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                assert server.poll() is None, "congkhai serve stopped"
                time.sleep(0.2)
        else:
            pytest.fail("the preview never served /quan-tri/")
        assert '<script src="decap/decap-cms.js"></script>' in page
        with urllib.request.urlopen(base + "config.yml", timeout=5) as response:
            assert response.read() == (root / "quan-tri/config.yml").read_bytes()
        with urllib.request.urlopen(base + "decap/decap-cms.js", timeout=5) as response:
            assert len(response.read()) > 1_000_000
    finally:
        server.terminate()
        server.wait(timeout=30)
