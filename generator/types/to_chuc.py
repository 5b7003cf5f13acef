"""to-chuc: the commune government's organisation, functions and contacts (also in English).

Legal basis: Decree 42/2022 Art. 4(1) and Art. 7(2) (organisation and contacts, with an English
version); Access to Information Law Art. 9 and Decree 13/2018 Art. 11 (the focal point for
information requests).
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from generator.sources import FieldPath
from generator.types.common import OFFICIAL_CONTACT, Disclosure, Image, Official, StrictModel, Text


class Unit(StrictModel):
    """Một bộ phận, đơn vị."""

    name: Text
    """Tên bộ phận, ví dụ "Văn phòng HĐND và UBND xã"."""
    name_en: Text | None = None
    """Tên bằng tiếng Anh, cho trang /en/."""
    duties: Text | None = None
    """Nhiệm vụ chính."""
    phone: Text | None = Field(default=None, json_schema_extra=OFFICIAL_CONTACT)
    """Điện thoại của bộ phận."""
    officials: list[Official] = []
    """Cán bộ, công chức của bộ phận."""


class Organisation(Disclosure):
    """Cơ cấu tổ chức, chức năng nhiệm vụ và thông tin liên hệ của UBND xã."""

    functions: Text
    """Chức năng, nhiệm vụ, quyền hạn của UBND xã."""
    functions_en: Text | None = None
    """Chức năng, nhiệm vụ bằng tiếng Anh, cho trang /en/."""
    leaders: list[Official] = []
    """Lãnh đạo UBND xã."""
    units: list[Unit] = []
    """Các bộ phận chuyên môn."""
    org_chart: Image | None = None
    """Sơ đồ tổ chức (ảnh, có mô tả bằng lời)."""
    info_focal_point: Official
    """Đầu mối cung cấp thông tin theo Luật Tiếp cận thông tin."""

    def files(self) -> Iterator[tuple[FieldPath, str]]:
        yield from super().files()
        if self.org_chart:
            yield ("org_chart", "file"), self.org_chart.file
