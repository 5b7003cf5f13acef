"""`congkhai new`: for every type, a file with comments and blanks that validates once filled."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from fixtures import REPO, schema_errors

from generator.cli import main
from generator.commands.yaml_out import scalar
from generator.diagnostics.positions import FieldPath
from generator.load import placeholders
from generator.publish.schemas import NO_BLANK, all_schemas
from generator.types import TYPES

SCHEMAS = all_schemas()
EXAMPLE = re.compile(r"`([^`]+)`")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def new_file(project_root: Path, kind: str, *extra: str) -> Path:
    result = run("new", kind, "-p", str(project_root), *extra)
    assert result.exit_code == 0, result.output
    return project_root / result.stdout.strip()


def resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while True:
        if "$ref" in schema:
            schema = root["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
        elif "anyOf" in schema:
            # An optional field: its description (and the examples in it) sits outside anyOf.
            chosen = next(s for s in schema["anyOf"] if s.get("type") != "null")
            schema = {"description": schema.get("description", ""), **chosen}
        else:
            return schema


def schema_at(root: dict[str, Any], path: FieldPath) -> dict[str, Any]:
    schema = resolve(root, root)
    for part in path:
        schema = resolve(
            schema["items"] if isinstance(part, int) else schema["properties"][part], root
        )
    return schema


def fill_value(schema: dict[str, Any], dates: Iterator[dt.date]) -> Any:
    """A value a clerk might type: what the schema allows, examples from the field's comment."""
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    if schema.get("format") == "date":
        return next(dates)
    kind = schema.get("type")
    if kind == "integer":
        low, high = schema.get("minimum", 1), schema.get("maximum", 10**12)
        return 2025 if low <= 2025 <= high else low
    if kind == "number":
        return max(schema.get("minimum", 0), 12.5)
    if kind == "boolean":
        return True
    if kind == "object" and "patternProperties" in schema:
        return {"1": 1_250_000}  # a budget row's figures by column number
    if kind == "string":
        if schema.get("format") == "uri":
            return "https://dichvucong.gov.vn/"
        if schema.get("format") == "email":
            return "vanphong@thunghiem.gov.vn"
        if schema.get("examples"):
            return schema["examples"][0]
        examples = EXAMPLE.findall(schema.get("description", ""))
        pattern = schema.get("pattern")
        if "content/files/" in schema.get("description", "") and examples:
            return examples[0]  # a file's path, as the field's example writes it
        if pattern and pattern != NO_BLANK:
            return next(e for e in examples if re.search(pattern, e))
        text = "Nội dung thử nghiệm của cán bộ xã"
        return text.ljust(schema.get("minLength", 0), ".")
    raise AssertionError(f"no value for {schema}")


def fill(text: str, kind: str) -> str:
    """Replace each blank, in file order, as staff would: by editing the line that holds it."""
    data = yaml.safe_load(text)
    dates = (dt.date(2025, 1, 1) + dt.timedelta(days=n) for n in range(1000))
    lines = text.splitlines()
    for path, blank in placeholders.blanks(data):
        value = fill_value(schema_at(SCHEMAS[kind], path), dates)
        if isinstance(value, bool):
            scalar = str(value).lower()
        elif isinstance(value, dt.date):
            scalar = value.isoformat()
        elif isinstance(value, str | dict):
            scalar = json.dumps(value, ensure_ascii=False)
        else:
            scalar = str(value)
        index = next(
            i for i, line in enumerate(lines) if blank in line and not line.lstrip().startswith("#")
        )
        lines[index] = lines[index].replace(blank, scalar, 1)
    return "\n".join(lines) + "\n"


MAGIC = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff\xe0"}
"""The first bytes of each kind of file the examples name, as a real one of that kind starts."""


def attach_files(project_root: Path, kind: str, path: Path) -> None:
    """Put the files the filled item names into content/files/, as staff upload them."""
    item = TYPES[kind].model.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    names = [name for _, name in item.files()] if hasattr(item, "files") else []
    names += [a.file for a in item.attachments]
    for name in names:
        target = project_root / "content" / "files" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(MAGIC.get(target.suffix, b"%PDF-1.4\n"))


@pytest.mark.parametrize("kind", sorted(TYPES))
def test_new_file_validates_once_its_blanks_are_filled(kind, make_project):
    project = make_project({})
    path = new_file(project.root, kind, "--title", "Mục thử nghiệm của xã", "--year", "2025")
    assert path.parent == project.content_dir / kind
    year = "" if TYPES[kind].yearless else "2025-"
    assert path.name == f"{year}muc-thu-nghiem-cua-xa.yaml"

    unfilled = run("validate", "-p", str(project.root), "--format", "json", "--as-of", "2025-12-01")
    assert unfilled.exit_code == 1
    found = json.loads(unfilled.output)["diagnostics"]
    assert found and {d["code"] for d in found} == {"CK150"}

    path.write_text(fill(path.read_text(encoding="utf-8"), kind), encoding="utf-8")
    attach_files(project.root, kind, path)
    # The editor agrees: once filled, nothing is underlined.
    assert schema_errors(kind, yaml.safe_load(path.read_text(encoding="utf-8"))) == []
    report = follow_the_messages(project.root, path, kind)
    assert report["errors"] == 0, report["diagnostics"]


def validate_json(project_root: Path) -> dict[str, Any]:
    result = run("validate", "-p", str(project_root), "--format", "json", "--as-of", "2025-12-01")
    report = json.loads(result.output)
    assert result.exit_code == (1 if report["errors"] else 0)
    return report


def parse_field(field: str) -> FieldPath:
    """`assets[0].proceeds` -> ("assets", 0, "proceeds")."""
    return tuple(int(part) if part.isdigit() else part for part in re.findall(r"[^.\[\]]+", field))


def follow_the_messages(project_root: Path, path: Path, kind: str) -> dict[str, Any]:
    """Validate; where a type's rule ties fields together, do what the message says, as staff do.

    Some rules are conditional (a donation needs `donations_use`; `proceeds` only for a sale), so
    no scaffold can be right for every case. The message must then point at one optional field:
    staff uncomment it (it is in the file, commented out) or delete it. Anything else fails.
    """
    for _ in range(3):
        report = validate_json(project_root)
        if report["errors"] == 0:
            return report
        lines = path.read_text(encoding="utf-8").splitlines()
        for diagnostic in (d for d in report["diagnostics"] if d["severity"] == "error"):
            at = parse_field(diagnostic["field"])
            assert at, diagnostic
            name = next(part for part in reversed(at) if isinstance(part, str))
            owner = schema_at(SCHEMAS[kind], at[:-1])
            assert name not in owner.get("required", []), diagnostic
            commented = re.compile(rf"^(\s*)# {name}: ")
            index = next((i for i, line in enumerate(lines) if commented.match(line)), None)
            if index is not None:
                # A date uncommented now comes after those already written (a list's take-down
                # day after its call-up day), as it does for staff.
                written = re.findall(r"\b(\d{4}-\d{2}-\d{2})\b", "\n".join(lines))
                later = max(dt.date.fromisoformat(d) for d in written) + dt.timedelta(days=1)
                value = fill_value(schema_at(SCHEMAS[kind], at), iter([later]))
                indent = commented.match(lines[index]).group(1)
                lines[index] = f"{indent}{name}: {scalar(value)}"
            else:
                assert lines[diagnostic["line"] - 1].strip().startswith(f"{name}:"), diagnostic
                lines[diagnostic["line"] - 1] = ""
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return validate_json(project_root)


@pytest.mark.parametrize("kind", sorted(TYPES))
def test_new_file_explains_every_field_in_vietnamese(kind, tmp_path):
    text = new_file(tmp_path, kind).read_text(encoding="utf-8")
    comments = " ".join(
        line.strip().removeprefix("#").strip() for line in text.splitlines() if "#" in line
    )
    comments = " ".join(comments.split())
    for name, info in TYPES[kind].model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if extra.get("deprecated"):
            assert f"{name}:" not in text, f"{name}: an older way of writing, not offered"
            continue
        assert " ".join(info.description.split()) in comments, name
        assert re.search(rf"^\s*(# )?(- )?{name}:", text, re.M), name


def test_a_new_budget_file_publishes_its_signed_document_before_any_table(make_project):
    # The quick path: fill the document and its file; the tables and the approving decision wait
    # as commented blocks, uncommented whole when the clerk has them.
    project = make_project({})
    path = new_file(project.root, "ngan-sach", "--title", "Phân bổ kết dư", "--year", "2025")
    text = path.read_text(encoding="utf-8")
    assert "\n# tables:\n#   " in text and "\n# approval:\n#   " in text
    block = text.split("\n# tables:\n", 1)[1]
    uncommented = "tables:\n" + "\n".join(
        line.removeprefix("# ") for line in block.splitlines() if line.startswith("#   ")
    )
    assert yaml.safe_load(uncommented)["tables"][0]["form"].startswith("<điền")
    path.write_text(fill(text, "ngan-sach"), encoding="utf-8")
    attach_files(project.root, "ngan-sach", path)
    report = validate_json(project.root)
    assert report["errors"] == 0, report["diagnostics"]


@pytest.mark.parametrize("kind", sorted(TYPES))
def test_new_file_points_the_editor_at_its_schema(kind, tmp_path):
    path = new_file(tmp_path, kind)
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    # Relative to the file itself, which is how the YAML extension resolves it.
    schema = (path.parent / first.split("=", 1)[1]).resolve()
    assert json.loads(schema.read_text(encoding="utf-8")) == SCHEMAS[kind]


def test_blanks_are_reported_where_they_are(make_project):
    project = make_project({})
    path = new_file(project.root, "hoi-dap", "--title", "Hỏi về đèn đường", "--year", "2025")
    lines = path.read_text(encoding="utf-8").splitlines()
    result = run("validate", "-p", str(project.root), "--as-of", "2025-12-01")
    assert result.exit_code == 1
    number = next(n for n, line in enumerate(lines, 1) if line.startswith("  number:"))
    assert (
        f"content/hoi-dap/2025-hoi-ve-den-duong.yaml:{number}:11: CK150 lỗi: signed.number: "
        "chưa điền: `<điền văn bản>`" in result.output
    )
    assert "cách sửa: Thay cả cụm" in result.output


def test_a_text_field_still_holding_a_blank_is_not_published(make_project):
    # The schema cannot tell a blank from a title, so the loader must.
    from conftest import QUESTION

    project = make_project(
        {"content/hoi-dap/2025-a.yaml": QUESTION.replace("Đất đai", "<chọn Đất đai | Y tế>")}
    )
    result = run("build", "-p", str(project.root), "--as-of", "2025-12-01")
    assert result.exit_code == 1
    assert "CK150" in result.output and "topic" in result.output
    assert not project.site_dir.exists()


def test_a_blank_written_with_an_escape_is_still_a_blank(make_project):
    # `\x3c` is `<`: a file with no `<` in its text can still hold a blank.
    from conftest import QUESTION

    text = QUESTION.replace("Đất đai", '"\\x3cchọn Đất đai | Y tế>"')
    assert "<" not in text
    project = make_project({"content/hoi-dap/2025-a.yaml": text})
    result = run("build", "-p", str(project.root), "--as-of", "2025-12-01")
    assert result.exit_code == 1
    assert "CK150" in result.output and "topic" in result.output


def test_new_does_not_overwrite_an_existing_file(tmp_path):
    path = new_file(tmp_path, "tin-bai" if "tin-bai" in TYPES else "hoi-dap", "--year", "2025")
    path.write_text("title: đã soạn\n", encoding="utf-8")
    result = run("new", path.parent.name, "-p", str(tmp_path), "--year", "2025")
    assert result.exit_code == 1
    assert "CK158" in result.output
    assert path.read_text(encoding="utf-8") == "title: đã soạn\n"


def test_file_names_drop_tone_marks_and_stay_short():
    from generator.commands.scaffold import file_name

    assert (
        file_name(2026, "Kế hoạch chuyển đổi số năm 2026")
        == "2026-ke-hoach-chuyen-doi-so-nam-2026.yaml"
    )
    long = file_name(2025, "Thông báo " * 20)
    assert len(long) <= len("2025-") + 60 + len(".yaml") and long.endswith("-bao.yaml")
    assert file_name(2025, None) == "2025-moi.yaml"
    assert (
        file_name(2025, "Thủ tục đăng ký khai sinh", yearless=True)
        == "thu-tuc-dang-ky-khai-sinh.yaml"
    )


def test_the_repository_demo_files_hold_no_blanks():
    for path in (REPO / "content").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert list(placeholders.blanks(data)) == [], path
