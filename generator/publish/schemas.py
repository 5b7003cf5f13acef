"""JSON Schemas of the content files, generated from the pydantic models.

Staff's editors read them (the `# yaml-language-server: $schema=...` line, autocompletion and red
underlines in VS Code); harvesters read them under /schemas/ on the portal. The field docstrings
become the descriptions staff see when hovering a field.

The schemas describe YAML as staff write it, which is a little wider than JSON: an editor reads
`2025-01-15` and `1_250_000` as strings (YAML 1.2), congkhai's loader as a date and an integer
(YAML 1.1). Dates are therefore strings in `date` format, and integers may also be written with
`_` between digit groups. The validator stays the authority; the schema is the editor's guide.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from generator.types import TYPES
from generator.types.site import SiteConfig

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
GROUPED_INTEGER = r"^[0-9]+(_[0-9]+)+$"
"""An integer with `_` between digit groups, which YAML 1.1 reads as a number: `9_969_600_000`."""
SITE_CONFIG = "site-config"
"""Schema name of site_config/site.yaml (type folders never contain an underscore or this name)."""
SCHEMA_SUFFIX = ".schema.json"
INDEX = "index.json"


NO_BLANK = r"^(?![\s\S]*<(điền|chọn)[\s>])"
"""Text that holds no blank left by `congkhai new` or `congkhai import`."""
BLANK_MESSAGE = "Chưa điền: thay cả cụm <điền ...> hoặc <chọn ...> bằng giá trị thật."


class _YamlJsonSchema(GenerateJsonSchema):
    def int_schema(self, schema: core_schema.IntSchema) -> JsonSchemaValue:
        number = super().int_schema(schema)
        return {"anyOf": [number, {"type": "string", "pattern": GROUPED_INTEGER}]}

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        # A blank is a valid string, so without this the editor would underline only the blanks
        # of dates, numbers and choices. `patternErrorMessage` is what VS Code shows instead of
        # the regular expression. Text with a pattern of its own (slugs) cannot hold `<` anyway.
        text = super().str_schema(schema)
        if "pattern" not in text:
            text.update(pattern=NO_BLANK, patternErrorMessage=BLANK_MESSAGE)
        return text


def schema_file_name(name: str) -> str:
    """`ngan-sach` -> `ngan-sach.schema.json`."""
    return name + SCHEMA_SUFFIX


def model_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    """The JSON Schema of one model, with Vietnamese titles and descriptions only."""
    schema = model.model_json_schema(schema_generator=_YamlJsonSchema)
    _drop_generated_titles(schema)
    return {"$schema": SCHEMA_DIALECT, "title": title, **schema}


def _drop_generated_titles(schema: Any) -> None:
    """Remove pydantic's English titles ("Estimate", "BudgetLine"); the docstrings say it better.

    Keys of `properties` and `$defs` are names, not keywords: a field called `title` must stay.
    """
    if isinstance(schema, list):
        for item in schema:
            _drop_generated_titles(item)
    elif isinstance(schema, dict):
        schema.pop("title", None)
        for key, value in schema.items():
            if key in ("properties", "$defs", "patternProperties") and isinstance(value, dict):
                for sub in value.values():
                    _drop_generated_titles(sub)
            else:
                _drop_generated_titles(value)


def all_schemas() -> dict[str, dict[str, Any]]:
    """Every schema by name: one per disclosure type (its folder name) and the site config."""
    schemas = {
        folder: model_schema(kind.model, f"{kind.title} (content/{folder}/*.yaml)")
        for folder, kind in TYPES.items()
    }
    schemas[SITE_CONFIG] = model_schema(SiteConfig, "Thông tin của xã (site_config/site.yaml)")
    return schemas


def index(schemas: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What /schemas/index.json lists: which file describes which content folder."""
    entries = []
    for name, schema in schemas.items():
        applies_to = "site_config/site.yaml" if name == SITE_CONFIG else f"content/{name}/*.yaml"
        entries.append(
            {
                "name": name,
                "title": schema["title"],
                "schema": schema_file_name(name),
                "applies_to": applies_to,
            }
        )
    return {"$comment": "JSON Schema của các tệp nội dung congkhai", "schemas": entries}


def schema_files() -> dict[str, str]:
    """File name -> text of every schema file and the index, deterministic byte for byte."""
    schemas = all_schemas()
    files = {schema_file_name(name): _json(schema) for name, schema in schemas.items()}
    files[INDEX] = _json(index(schemas))
    return files


def write_schemas(directory: Path) -> list[Path]:
    """Write the schema files into `directory`; returns the files whose text changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in schema_files().items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
