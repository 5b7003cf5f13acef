"""/api/manifest.json: every published disclosure with the dates rules use, and the site's identity.

It is the contract the supervising level's completeness audit reads, so its shape is a versioned
pydantic model: the same model writes the file and its JSON Schema (/schemas/manifest.schema.json).
Change SCHEMA_VERSION's minor number when adding fields, its major number when changing or removing
one, and say so in docs/du-lieu-mo.md.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import typing
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from generator import __version__
from generator.publish.feeds import FEEDS_DIR, base_url, feed_order
from generator.publish.json_out import json_bytes
from generator.publish.opendata import Layout, field_shapes, item_id
from generator.types import TYPES
from generator.types.record import Record
from generator.types.site import SiteConfig

SCHEMA_VERSION = "1.1"
MANIFEST_PATH = "api/manifest.json"
SCHEMA_PATH = "schemas/manifest.schema.json"
_QUARTER_PHASE = re.compile(r"^quy-([1-4])$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class SiteIdentity(_Model):
    """Cơ quan chủ quản cổng thông tin."""

    commune: str
    """Tên xã, phường, đặc khu."""
    province: str
    """Tên tỉnh, thành phố."""
    agency: str
    """Cơ quan chủ quản cổng (UBND xã)."""
    address: str
    """Địa chỉ trụ sở."""
    phone: str
    """Số điện thoại văn phòng."""
    email: str
    """Thư điện tử văn phòng."""
    url: str | None
    """Địa chỉ của cổng (site_url); null khi chưa cấu hình."""

    @classmethod
    def of(cls, site: SiteConfig) -> SiteIdentity:
        fields = {name: getattr(site, name) for name in cls.model_fields if name != "url"}
        return cls(**fields, url=str(site.site_url) if site.site_url else None)


class Period(_Model):
    """Kỳ của mục công khai."""

    year: int
    """Năm của mục (năm ngân sách, năm rà soát, năm tiếp nhận...): nhóm mục trong danh sách."""
    quarter: int | None = Field(ge=1, le=4)
    """Quý (1–4) khi mục thuộc về một quý, ví dụ ngân sách giai đoạn quy-2; null nếu không."""


class ManifestItem(_Model):
    """Một mục công khai đã đăng."""

    type: str
    """Loại công khai (thư mục nội dung), ví dụ `ngan-sach`."""
    id: str
    """Mã định danh ổn định: đường dẫn trang không có dấu / cuối, ví dụ `ngan-sach/2025/du-toan`."""
    title: str
    """Tiêu đề."""
    url: str
    """Địa chỉ trang (tuyệt đối khi có site_url, nếu không thì tính từ gốc cổng)."""
    period: Period
    published: dt.date
    """Ngày đăng lên cổng."""
    updated: dt.date | None
    """Ngày cập nhật gần nhất; null nếu chưa sửa."""
    dates: dict[str, dt.date]
    """Mọi trường ngày của mục, theo đường dẫn trường trong lược đồ của loại: `published`,
    `approval.date` (ngày ban hành văn bản phê duyệt), `posted_from`, `posted_to`, `received`,
    `answered`, `issued`..."""
    facets: dict[str, str]
    """Các trường chọn từ danh sách cố định (giai đoạn `phase`, loại rà soát `review_kind`,
    kênh `channel`...), để quy tắc lọc theo loại mục."""


class TypeSummary(_Model):
    """Một loại công khai và các tệp dữ liệu của nó."""

    type: str
    """Thư mục nội dung, ví dụ `ho-ngheo`."""
    title: str
    """Tên loại bằng tiếng Việt."""
    count: int
    """Số mục đang đăng."""
    json_url: str = Field(alias="json")
    """Tệp JSON của loại (/du-lieu/)."""
    csv: list[str]
    """Các tệp CSV của loại: bảng chính trước, rồi các bảng con."""
    rss: str
    """Nguồn tin RSS 2.0 của loại."""
    atom: str
    """Nguồn tin Atom của loại."""


class WithdrawnItem(_Model):
    """Một mục đã gỡ khỏi cổng khi hết hạn công khai (unpublish_after); chỉ còn dấu vết, không còn
    nội dung."""

    type: str
    """Loại công khai, ví dụ `ho-ngheo`."""
    id: str
    """Mã định danh của mục khi còn đăng, ví dụ `ho-ngheo/2025/ra-soat-dinh-ky`."""
    withdrawn_after: dt.date
    """Mục được công khai đến hết ngày này, rồi gỡ khỏi trang, nguồn tin và dữ liệu mở."""


class Manifest(_Model):
    """Danh mục máy đọc được của mọi mục công khai trên cổng (/api/manifest.json)."""

    schema_version: Literal["1.1"]
    """Phiên bản lược đồ của tệp này (xem docs/du-lieu-mo.md)."""
    generator: str
    """Phần mềm và phiên bản đã dựng cổng."""
    site: SiteIdentity
    data_updated: dt.date | None
    """Ngày thay đổi mới nhất trong dữ liệu (đăng hoặc cập nhật); không phải ngày dựng."""
    types: list[TypeSummary]
    items: list[ManifestItem]
    """Mọi mục, mới thay đổi nhất trước."""
    withdrawn: list[WithdrawnItem]
    """Mục đã gỡ khi hết hạn công khai, gỡ gần nhất trước (từ phiên bản 1.1)."""


def build_manifest(
    site: SiteConfig,
    records: Iterable[Record],
    layouts: list[Layout],
    withdrawn: Iterable[Record] = (),
) -> Manifest:
    base = base_url(site)
    ordered = feed_order(records)
    counts = {folder: 0 for folder in TYPES}
    for record in ordered:
        counts[record.kind.folder] = counts.get(record.kind.folder, 0) + 1
    return Manifest(
        schema_version=SCHEMA_VERSION,
        generator=f"congkhai {__version__}",
        site=SiteIdentity.of(site),
        data_updated=ordered[0].last_modified if ordered else None,
        types=[
            TypeSummary(
                type=layout.kind.folder,
                title=layout.kind.title,
                count=counts.get(layout.kind.folder, 0),
                json=base + layout.json_path,
                csv=[base + table.csv_path for table in layout.tables],
                rss=f"{base}{FEEDS_DIR}/{layout.kind.folder}/rss.xml",
                atom=f"{base}{FEEDS_DIR}/{layout.kind.folder}/atom.xml",
            )
            for layout in layouts
        ],
        items=[_item(record, base) for record in ordered],
        withdrawn=[
            WithdrawnItem(
                type=record.kind.folder,
                id=record.url.rstrip("/"),
                withdrawn_after=record.item.unpublish_after,
            )
            for record in sorted(
                withdrawn, key=lambda r: (r.item.unpublish_after, r.url), reverse=True
            )
            if record.item.unpublish_after is not None
        ],
    )


def _item(record: Record, base: str) -> ManifestItem:
    item = record.item
    return ManifestItem(
        type=record.kind.folder,
        id=item_id(record),
        title=item.title,
        url=base + record.url,
        period=Period(year=record.year, quarter=_quarter(item)),
        published=item.published,
        updated=item.updated,
        dates=dict(_dates(item, "")),
        facets={
            name: getattr(item, name)
            for name in _facet_fields(type(item))
            if getattr(item, name) is not None
        },
    )


@functools.cache
def _facet_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields holding one of a fixed set of values (a Literal): what the manifest's facets
    are; once per model class."""
    return tuple(s.name for s in field_shapes(model) if typing.get_origin(s.annotation) is Literal)


def _quarter(item: BaseModel) -> int | None:
    quarter = getattr(item, "quarter", None)
    if isinstance(quarter, int):
        return quarter
    match = _QUARTER_PHASE.match(str(getattr(item, "phase", "")))
    return int(match.group(1)) if match else None


def _dates(model: BaseModel, prefix: str) -> Iterable[tuple[str, dt.date]]:
    """Every date field outside lists, by schema path (lists hold rows, not the item's dates)."""
    for shape in field_shapes(type(model)):
        value = getattr(model, shape.name)
        if value is None:
            continue
        if isinstance(value, dt.date):
            yield f"{prefix}{shape.name}", value
        elif shape.model is not None:
            yield from _dates(value, f"{prefix}{shape.name}.")


def manifest_bytes(manifest: Manifest, schema_url: str) -> bytes:
    data = {"$schema": schema_url, **manifest.model_dump(mode="json", by_alias=True)}
    return json_bytes(data)


def manifest_schema(schema_url: str) -> dict[str, object]:
    """The published JSON Schema (draft 2020-12) of manifest.json."""
    schema = Manifest.model_json_schema(by_alias=True, mode="serialization")
    properties = typing.cast(dict[str, object], schema["properties"])
    properties["$schema"] = {"type": "string", "description": "Địa chỉ lược đồ JSON của tệp này."}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_url,
        **schema,
    }


def schema_bytes(schema_url: str) -> bytes:
    return json_bytes(manifest_schema(schema_url))
