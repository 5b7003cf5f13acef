"""to-chuc: the commune government's organisation, functions and contacts (also in English).

Legal basis: Decree 42/2022 Art. 4(1) and Art. 7(2) (organisation and contacts, with an English
version); Access to Information Law Art. 9 and Decree 13/2018 Art. 11 (the focal point for
information requests); from 1 Jul 2026 Decree 224/2026 Art. 9(1)(c) and 86(1): the commune
profile (apparatus, administrative boundary map, natural conditions, history, cultural traditions,
relics and scenic spots) and the leaders' short biographies and assigned duties.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from generator.diagnostics.positions import FieldPath
from generator.types.common import (
    OFFICIAL_CONTACT,
    Disclosure,
    Image,
    Official,
    Phone,
    StrictModel,
    Text,
)


class Unit(StrictModel):
    """Một bộ phận, đơn vị."""

    name: Text
    """Tên bộ phận, ví dụ "Văn phòng HĐND và UBND xã"."""
    name_en: Text | None = None
    """Tên bằng tiếng Anh, cho trang /en/."""
    duties: Text | None = None
    """Nhiệm vụ chính."""
    phone: Phone | None = Field(default=None, json_schema_extra=OFFICIAL_CONTACT)
    """Điện thoại của bộ phận."""
    officials: list[Official] = []
    """Cán bộ, công chức của bộ phận."""


class Leader(Official):
    """Một lãnh đạo UBND xã, với tiểu sử tóm tắt và nhiệm vụ được phân công."""

    bio: Text | None = None
    """Tiểu sử tóm tắt (năm sinh, quê quán, trình độ, quá trình công tác)."""
    duties: Text | None = None
    """Nhiệm vụ được phân công phụ trách."""


class Place(StrictModel):
    """Một di tích lịch sử - văn hóa hoặc danh lam thắng cảnh."""

    name: Text
    """Tên, ví dụ "Đình làng Đông"."""
    kind: Literal["di-tich", "danh-thang"]
    """di-tich (di tích) hoặc danh-thang (danh lam thắng cảnh)."""
    description: Text
    """Giới thiệu ngắn, cấp xếp hạng nếu có."""
    image: Image | None = None
    """Ảnh (có mô tả bằng lời)."""


class Organisation(Disclosure):
    """Cơ cấu tổ chức, chức năng nhiệm vụ và thông tin liên hệ của UBND xã."""

    functions: Text
    """Chức năng, nhiệm vụ, quyền hạn của UBND xã."""
    functions_en: Text | None = None
    """Chức năng, nhiệm vụ bằng tiếng Anh, cho trang /en/."""
    leaders: list[Leader] = []
    """Lãnh đạo UBND xã (từ 01/07/2026 kèm tiểu sử tóm tắt `bio` và nhiệm vụ `duties`)."""
    units: list[Unit] = []
    """Các bộ phận chuyên môn."""
    org_chart: Image | None = None
    """Sơ đồ tổ chức (ảnh, có mô tả bằng lời)."""
    info_focal_point: Official
    """Đầu mối cung cấp thông tin theo Luật Tiếp cận thông tin."""
    boundary_map: Image | None = None
    """Bản đồ địa giới hành chính của xã (ảnh, có mô tả bằng lời)."""
    natural_conditions: Text | None = None
    """Điều kiện tự nhiên: vị trí, diện tích, địa hình, khí hậu, dân số."""
    history: Text | None = None
    """Lịch sử hình thành và phát triển của xã."""
    culture: Text | None = None
    """Truyền thống văn hóa, lễ hội, làng nghề."""
    relics: list[Place] = []
    """Di tích lịch sử - văn hóa và danh lam thắng cảnh."""

    @property
    def has_profile(self) -> bool:
        return any((self.boundary_map, self.natural_conditions, self.history, self.culture))

    def files(self) -> Iterator[tuple[FieldPath, str]]:
        yield from super().files()
        if self.org_chart:
            yield ("org_chart", "file"), self.org_chart.file
        if self.boundary_map:
            yield ("boundary_map", "file"), self.boundary_map.file
        for index, place in enumerate(self.relics):
            if place.image:
                yield ("relics", index, "image", "file"), place.image.file
