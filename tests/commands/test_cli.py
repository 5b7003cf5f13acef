"""The `congkhai` command as staff and CI use it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from click.testing import CliRunner
from fixtures import BUDGET, QUESTION

from generator import __version__
from generator.cli import main
from generator.diagnostics import Position, diagnostic, format_text


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_validate_prints_errors_like_a_compiler(make_project):
    project = make_project(
        {"content/ngan-sach/2025-du-toan.yaml": BUDGET.replace("estimate: 300", "estimate: 3.10")}
    )
    result = run("validate", "--project", str(project.root), "--as-of", "2025-12-01")
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(
        "content/ngan-sach/2025-du-toan.yaml:7:15: CK103 lỗi: revenue.total.estimate:"
    )
    assert "    7 |     estimate: 3.10" in lines[1]
    assert lines[2].endswith("^") and lines[2].index("^") == lines[1].index("3.10")
    assert any(line.strip().startswith("cách sửa:") for line in lines)
    assert lines[-1] == "1 lỗi, 0 cảnh báo trong 1 tệp."


def test_a_very_long_line_is_shown_around_the_error_only():
    # A paragraph pasted on one line: the frame shows where the error is, not 1,300 characters.
    line = "a" * 650 + "LỖI" + "b" * 650
    found = diagnostic("CK104", "sai", "f.yaml", Position(1, 651), "x")
    frame, caret = format_text([found], {"f.yaml": [line]}).splitlines()[1:3]
    assert len(frame) < 120 and "LỖI" in frame and frame.startswith("    1 | …")
    assert frame[caret.index("^")] == "L"
    short = format_text([found], {"f.yaml": ["x: 1"]}).splitlines()[1]
    assert short == "    1 | x: 1"


def test_validate_json_lists_every_error_with_its_position(make_project):
    project = make_project(
        {
            "content/ngan-sach/2025-du-toan.yaml": BUDGET.replace("year: 2025", "year: hai nghìn"),
            "content/hoi-dap/2025-a.yaml": QUESTION.replace("published:", "publishd:"),
        }
    )
    result = run("validate", "-p", str(project.root), "--format", "json", "--as-of", "2025-12-01")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["valid"] is False
    found = {
        (d["file"], d["code"], d["line"], d["column"], d["field"]) for d in report["diagnostics"]
    }
    assert ("content/ngan-sach/2025-du-toan.yaml", "CK103", 2, 7, "year") in found
    assert ("content/hoi-dap/2025-a.yaml", "CK102", 2, 1, "publishd") in found
    assert all(d["message"] and d["hint"] and d["title"] for d in report["diagnostics"])


def test_validate_succeeds_on_valid_content(small_project):
    result = run("validate", "-p", str(small_project.root), "--as-of", "2025-12-01")
    assert result.exit_code == 0, result.output
    assert "3 mục công khai hợp lệ" in result.output


def test_build_publishes_and_strict_refuses_warnings(make_project):
    unanswered = "\n".join(x for x in QUESTION.splitlines() if not x.startswith("answer")) + "\n"
    project = make_project({"content/hoi-dap/2025-a.yaml": unanswered})
    strict = run("build", "-p", str(project.root), "--as-of", "2026-01-01", "--strict")
    assert strict.exit_code == 1
    assert "CK202" in strict.output
    assert not project.site_dir.exists()
    relaxed = run("build", "-p", str(project.root), "--as-of", "2026-01-01")
    assert relaxed.exit_code == 0, relaxed.output
    assert (project.site_dir / "hoi-dap/2025/a/index.html").is_file()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_serve_previews_and_rebuilds_after_an_edit(small_project):
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            "-p",
            str(small_project.root),
            "--port",
            str(port),
            "--as-of",
            "2025-12-01",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        url = f"http://127.0.0.1:{port}/hoi-dap/2025/thu-tuc-dat/"
        assert "Hỏi về thủ tục đất đai" in _get(url, time.monotonic() + 30)
        source = small_project.content_dir / "hoi-dap/2025-thu-tuc-dat.yaml"
        source.write_text(
            QUESTION.replace("Hỏi về thủ tục đất đai", "Hỏi về đăng ký đất"), encoding="utf-8"
        )
        deadline = time.monotonic() + 30
        while "Hỏi về đăng ký đất" not in _get(url, deadline):
            assert time.monotonic() < deadline, "the preview was not rebuilt"
            time.sleep(0.5)
        assert not small_project.site_dir.exists()  # a preview never touches site/
    finally:
        process.terminate()
        process.wait(timeout=10)
