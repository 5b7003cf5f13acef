"""`congkhai examples remove`: take out every example item `congkhai init` made.

An example is a file under content/ whose top level says `example: true`; its attachments under
content/files/ go with it unless a real item uses them too. Files are read as plain YAML, not
validated: the command must work on a repository that does not validate yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.project import Project

ATTACHMENT_KEY = "file"
"""The field that names a file under content/files/ (attachments, forms, maps, charts)."""


@dataclass
class Removal:
    items: list[Path] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    unreadable: list[Path] = field(default_factory=list)
    """YAML files that could not be read: left alone (validate names their problem)."""


def find_examples(project: Project) -> Removal:
    """What `remove_examples` would delete, without deleting it."""
    found = Removal()
    used_by_examples: set[str] = set()
    used_by_others: set[str] = set()
    files_dir = project.files_dir
    for path in sorted(project.content_dir.rglob("*.y*ml")):
        if path.is_relative_to(files_dir) or path.suffix not in (".yaml", ".yml"):
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            found.unreadable.append(path)
            continue
        if isinstance(data, dict) and data.get("example") is True:
            found.items.append(path)
            used_by_examples.update(_file_names(data))
        else:
            used_by_others.update(_file_names(data))
    # The site's own pages link to files too (site_config: access-to-information forms).
    for path in sorted(project.site_config_file.parent.glob("*.yaml")):
        try:
            used_by_others.update(_file_names(yaml.safe_load(path.read_text(encoding="utf-8"))))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
    for name in sorted(used_by_examples - used_by_others):
        attachment = files_dir / name
        if attachment.is_file() and attachment.resolve().is_relative_to(files_dir.resolve()):
            found.files.append(attachment)
    return found


def remove_examples(project: Project) -> Removal:
    """Delete every example item and the attachments only examples use."""
    found = find_examples(project)
    for path in [*found.items, *found.files]:
        path.unlink()
    return found


def _file_names(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == ATTACHMENT_KEY and isinstance(inner, str):
                yield inner
            else:
                yield from _file_names(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _file_names(inner)
