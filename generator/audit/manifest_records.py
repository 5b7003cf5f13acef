"""Another commune's /api/manifest.json as inputs to the compliance rules.

The manifest carries, for every published item, its type, period, title, every date by field path
and every fixed-list field (facets). That is enough for most rules; a rule that reads anything
else (a document's number, a site's contacts) cannot be judged from a manifest and is reported
as such, never guessed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict

from generator.compliance.evaluate import model_has, named_fields
from generator.compliance.rules import GeneratedCheck, Rule, Selector, SiteCheck
from generator.diagnostics import Position
from generator.diagnostics.positions import FieldPath
from generator.publish.manifest import Manifest, SiteIdentity, manifest_schema
from generator.publish.opendata import is_model, unwrap
from generator.types import TYPES

SITE_FIELDS = frozenset(SiteIdentity.model_fields) - {"url"} | {"site_url"}
"""The site_config fields a manifest's `site` carries (`url` there is `site_url`)."""


class ManifestError(Exception):
    """The manifest is not JSON, or does not follow the published JSON Schema."""


@functools.cache
def schema_check() -> Callable[[Any], Any]:
    """The published manifest schema compiled to Python by fastjsonschema: the same contract as
    a jsonschema validator (tests check that they agree), at a fraction of its cost per manifest,
    which is most of an audit's time once there are thousands of communes."""
    import fastjsonschema

    schema = manifest_schema("https://congkhai.invalid/schemas/manifest.schema.json")
    # use_default=False: a check must never fill defaults into what the portal sent.
    return fastjsonschema.compile(schema, formats={"date": _is_date}, use_default=False)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _is_date(value: str) -> bool:
    """A calendar date as RFC 3339 writes it (2025-02-30 is not one), as jsonschema checks it."""
    if not _DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def parse_manifest(data: bytes) -> Manifest:
    """Check a manifest against the published JSON Schema, then read it."""
    from fastjsonschema import JsonSchemaValueException

    try:
        raw = orjson.loads(data.removeprefix(b"\xef\xbb\xbf"))
    except (orjson.JSONDecodeError, RecursionError) as exc:
        raise ManifestError(f"không phải JSON hợp lệ ({_short(exc)})") from exc
    try:
        schema_check()(raw)
    except JsonSchemaValueException as exc:
        where = "/".join(str(p) for p in exc.path[1:]) or "(gốc)"
        raise ManifestError(
            f"không đúng lược đồ manifest.json tại `{where}`: {_short(exc.message)}"
        ) from None
    if isinstance(raw, dict):
        raw.pop("$schema", None)
    return Manifest.model_validate(raw)


def _short(exc: object, limit: int = 160) -> str:
    text = str(exc)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ManifestFields(BaseModel):
    """An item's carried fields, nested by path as the rules read them (`approval.date`)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    title: str


@dataclass(frozen=True)
class _Kind:
    folder: str


@dataclass(frozen=True)
class _Origin:
    name: str

    def locate(self, path: FieldPath, *, key: bool = False) -> Position:
        return Position(1, 1)


@dataclass(frozen=True)
class ManifestRecord:
    """One manifest item, readable by the compliance engine like a Record."""

    kind: _Kind
    item: ManifestFields
    source: _Origin
    year: int
    url: str
    published: dt.date

    @property
    def page_path(self) -> str:
        return self.url.rstrip("/") + ".md"


class ManifestSite(SiteIdentity):
    """The commune's identity as its manifest states it, and the day the audit counts from."""

    model_config = ConfigDict(frozen=True)

    compliance_from: dt.date | None = None

    @property
    def site_url(self) -> str | None:
        """The portal's address under site_config's name, which the rules read."""
        return self.url


def manifest_inputs(
    manifest: Manifest, origin: str, since: dt.date | None
) -> tuple[list[ManifestRecord], ManifestSite]:
    """The records and site facts the rules read, from a validated manifest."""
    records = [
        ManifestRecord(
            kind=_Kind(item.type),
            # Checked already (schema, then the Manifest model): constructed without a second
            # validation, which would cost more than the rest of reading the item.
            item=ManifestFields.model_construct(
                title=item.title, **_nest({**item.dates, **item.facets})
            ),
            source=_Origin(f"{origin}#{item.id}"),
            year=item.period.year,
            url=item.url,
            published=item.published,
        )
        for item in manifest.items
    ]
    facts = ManifestSite(**manifest.site.model_dump(), compliance_from=since)
    return records, facts


def _nest(flat: dict[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for path, value in flat.items():
        *parents, last = path.split(".")
        target = nested
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value
    return nested


@functools.cache
def carried_fields(folder: str) -> frozenset[str]:
    """Field paths of a type that every manifest item carries when they are set: its title,
    every date outside lists, and every fixed-list field."""
    kind = TYPES.get(folder)
    if kind is None:
        return frozenset({"title"})
    return frozenset({"title", *_carried(kind.model, "")})


def _carried(model: type[BaseModel], prefix: str) -> typing.Iterator[str]:
    for name, info in model.model_fields.items():
        annotation = unwrap(info.annotation)
        if annotation is dt.date:
            yield prefix + name
        elif is_model(annotation):
            yield from _carried(annotation, f"{prefix}{name}.")
        elif not prefix and typing.get_origin(annotation) is Literal:
            yield name


def uncarried(rule: Rule, generator: str) -> list[str]:
    """What the rule reads that a manifest does not carry; empty when it can be judged."""
    check = rule.check
    missing: list[str] = []
    if rule.applies_if and rule.applies_if not in SITE_FIELDS:
        missing.append(f"site_config: `{rule.applies_if}`")
    if isinstance(check, SiteCheck):
        missing += [f"site_config: `{f}`" for f in check.fields if f not in SITE_FIELDS]
    elif isinstance(check, GeneratedCheck):
        if not generator.startswith("congkhai"):
            missing.append(f"trang `{check.page}` (cổng không dựng bằng congkhai)")
    elif isinstance(check, Selector):
        kind = TYPES.get(check.type)
        carried = carried_fields(check.type)
        missing += [
            f"{check.type}: `{name}`"
            for name in named_fields(check)
            # A field the type lacks altogether is the engine's to report (not applicable).
            if name not in carried and kind is not None and model_has(kind.model, name)
        ]
    else:
        # A kind of check added later: not judged from a manifest until someone says how.
        missing.append(f"kiểu kiểm tra `{getattr(check, 'kind', '?')}`")
    return missing
