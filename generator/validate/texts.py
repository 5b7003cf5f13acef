"""Every piece of text in an item, its site config or a raw file, with where it is: what the
checks of what a resident will read (personal data, hidden characters) walk over."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any, NamedTuple

from pydantic import BaseModel

from generator.diagnostics.positions import FieldPath
from generator.types.common import OFFICIAL_CONTACT


class Text(NamedTuple):
    path: FieldPath
    text: str
    official: bool
    """In a field the schema marks as an office's own contact (its phone, its e-mail)."""


def texts(value: Any, path: FieldPath = (), official: bool = False) -> Iterator[Text]:
    """Every text in `value` (a model, or raw data read before any model), in field order.
    `privacy_allow`, the record of what was reviewed, is not text the item publishes."""
    if isinstance(value, str):
        yield Text(path, value, official)
    elif isinstance(value, BaseModel):
        for name, official_field in _fields(type(value)):
            yield from texts(getattr(value, name), (*path, name), official_field)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from texts(item, (*path, index), official)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts(item, (*path, key), official)


@functools.cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """(field, holds an official contact) for each published field, once per model class."""
    fields = []
    for name, info in model.model_fields.items():
        if name == "privacy_allow":
            continue
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        fields.append((name, any(extra.get(key) for key in OFFICIAL_CONTACT)))
    return tuple(fields)
