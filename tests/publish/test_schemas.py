"""JSON Schemas: the demo content passes them, mistakes fail them, and the portal publishes them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from fixtures import AS_OF, REPO, SCHEMAS, diagnostics_of, schema_errors, validator

from generator.build import build
from generator.cli import main
from generator.publish.schemas import SITE_CONFIG, schema_file_name, schema_files
from generator.types import TYPES

DEMO_FILES = sorted(
    path
    for folder in TYPES
    for path in (REPO / "content" / folder).rglob("*.y*ml")
    if path.suffix in (".yaml", ".yml")
)


class Yaml12Loader(yaml.SafeLoader):
    """Reads YAML the way VS Code's YAML extension does (YAML 1.2 core schema).

    There, `2025-01-15` is a string and `1_250_000` is a string, not a date and a number.
    """


Yaml12Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)


def load(path: Path, loader: type[yaml.SafeLoader] = yaml.SafeLoader) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def test_there_is_demo_content_for_the_schemas_to_check():
    assert {path.relative_to(REPO / "content").parts[0] for path in DEMO_FILES} >= {
        "ngan-sach",
        "ho-ngheo",
        "hoi-dap",
    }


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_demo_file_is_valid_against_its_schema(path):
    folder = path.relative_to(REPO / "content").parts[0]
    assert schema_errors(folder, load(path)) == []
    # ... and also read the way the editor reads it, where dates and 1_250_000 are strings.
    assert schema_errors(folder, load(path, Yaml12Loader)) == []


def test_the_site_config_is_valid_against_its_schema():
    assert schema_errors(SITE_CONFIG, load(REPO / "site_config/site.yaml")) == []


class NoAliases(yaml.SafeDumper):
    """Write a value used twice in full, as staff would (the loader refuses `*alias`)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def first_demo_file(folder: str) -> Path:
    return next(p for p in DEMO_FILES if p.relative_to(REPO / "content").parts[0] == folder)


@pytest.mark.parametrize(
    "folder", sorted({p.relative_to(REPO / "content").parts[0] for p in DEMO_FILES})
)
def test_the_schema_rejects_what_the_validator_rejects(folder, make_project):
    data = load(first_demo_file(folder))

    misspelt = {**data, "publishd": data["published"]}
    assert any("publishd" in message for message in schema_errors(folder, misspelt))

    without_title = {key: value for key, value in data.items() if key != "title"}
    assert any("'title' is a required property" in m for m in schema_errors(folder, without_title))

    bad_date = {**data, "published": "15/01/2025"}
    assert any("is not a 'date'" in m for m in schema_errors(folder, bad_date))

    # The validator agrees on each of these, so the editor's red underline means a real error.
    cases = {"CK102": misspelt, "CK101": without_title, "CK103": bad_date}
    project = make_project(
        {
            f"content/{folder}/2025-{code}.yaml": yaml.dump(
                broken, Dumper=NoAliases, allow_unicode=True
            )
            for code, broken in cases.items()
        }
    )
    found = {(Path(d.file).stem, d.code) for d in diagnostics_of(project)}
    assert {(f"2025-{code}", code) for code in cases} <= found


def test_a_wrong_choice_is_underlined_with_the_allowed_values():
    data = load(first_demo_file("ngan-sach"))
    messages = schema_errors("ngan-sach", {**data, "phase": "quy-5"})
    assert any("'quy-5' is not one of" in m and "'quy-1'" in m for m in messages)


def test_amounts_with_dots_are_not_numbers_even_for_the_editor():
    data = load(first_demo_file("ngan-sach"), Yaml12Loader)
    data["tables"][0]["rows"][0]["values"]["2"] = "1.250.000"
    assert schema_errors("ngan-sach", data) != []
    data["tables"][0]["rows"][0]["values"]["2"] = 1_250_000
    assert schema_errors("ngan-sach", data) == []


def described_properties(schema: dict[str, Any]) -> list[tuple[str, str | None]]:
    found = []
    for owner in [schema, *schema.get("$defs", {}).values()]:
        for name, prop in owner.get("properties", {}).items():
            found.append((name, prop.get("description")))
    return found


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_field_carries_its_vietnamese_description(name):
    properties = described_properties(SCHEMAS[name])
    assert properties
    assert [field for field, description in properties if not description] == []
    # No pydantic-generated English titles ("Estimate") compete with the descriptions.
    assert '"title": "' not in json.dumps(SCHEMAS[name]["properties"])


def test_schema_command_writes_one_file_per_type_and_the_site_config(tmp_path):
    result = CliRunner().invoke(main, ["schema", "-p", str(tmp_path), "--out", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    written = {p.name for p in (tmp_path / "s").iterdir()}
    assert written == {schema_file_name(n) for n in [*TYPES, SITE_CONFIG]} | {"index.json"}
    schema = json.loads((tmp_path / "s" / "hoi-dap.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["question"]["description"].startswith("Nội dung câu hỏi")


def test_the_built_portal_publishes_the_schemas(small_project):
    result = build(small_project, as_of=AS_OF)
    assert result.published, result.diagnostics
    published = small_project.site_dir / "schemas"
    listing = json.loads((published / "index.json").read_text(encoding="utf-8"))
    assert {entry["name"] for entry in listing["schemas"]} == {*TYPES, SITE_CONFIG}
    for entry in listing["schemas"]:
        schema = json.loads((published / entry["schema"]).read_text(encoding="utf-8"))
        assert schema == SCHEMAS[entry["name"]]
    # The copies in the repository (for editors, offline) are the same files.
    for name in schema_files():
        assert (REPO / "schemas" / name).read_bytes() == (published / name).read_bytes()


def leaves(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """The schema_errors inside `anyOf` alternatives, as an editor shows them: where the value is.

    An optional group fails both as a group (inside) and as "nothing" (null); the editor
    reports the group's own schema_errors, so the null alternative is left out.
    """
    if not error.context:
        return [error]
    return [
        leaf
        for sub in error.context
        if not (sub.validator == "type" and sub.validator_value == "null")
        for leaf in leaves(sub)
    ]


@pytest.mark.parametrize("folder", sorted(TYPES))
def test_the_editor_underlines_every_blank_of_a_new_file_and_nothing_else(folder):
    from generator.commands.scaffold import scaffold
    from generator.load.placeholders import blanks

    text = scaffold(TYPES[folder], schema_ref="x.json", title="Tiêu đề", year=2025)
    data = yaml.load(text, Loader=Yaml12Loader)
    underlined = {
        tuple(leaf.absolute_path)
        for error in validator(folder).iter_errors(data)
        for leaf in leaves(error)
    }
    assert underlined == {path for path, _ in blanks(data)}
    message = next(
        e for e in validator(folder).iter_errors(data) if tuple(e.absolute_path) == ("published",)
    )
    assert "is not a 'date'" in message.message
