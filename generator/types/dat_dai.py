"""dat-dai: land-use plans, annual land-use plans, compensation plans and land prices.

Legal basis: Land Law 31/2024 Art. 75 (publish ≤ 15 days after approval, for the whole plan period);
Law 10/2022 Art. 11 (land matters at the commune).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from generator.diagnostics.positions import FieldPath
from generator.types.common import (
    Decision,
    Image,
    Problem,
    SignedDocument,
    StrictModel,
    Text,
    Year,
)
from generator.types.notice import Posted

LAND_KINDS = {
    "quy-hoach-su-dung-dat": "Quy hoạch sử dụng đất",
    "ke-hoach-su-dung-dat": "Kế hoạch sử dụng đất hằng năm",
    "boi-thuong-tai-dinh-cu": "Phương án bồi thường, hỗ trợ, tái định cư",
    "thu-hoi-dat": "Thu hồi đất",
    "bang-gia-dat": "Bảng giá đất",
    "khac": "Đất đai khác",
}


def _number_only(value: object) -> object:
    # pydantic would accept "12,5" or True as a number; an area must be written as a number.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("float_type", "Input should be a valid number")
    return float(value)


Hectares = Annotated[float, BeforeValidator(_number_only), Field(ge=0)]


class LandUse(StrictModel):
    """Một dòng của bảng cơ cấu sử dụng đất."""

    code: Text
    """Mã loại đất, ví dụ `NNP`, `LUA`, `ONT`."""
    name: Text
    """Tên loại đất, ví dụ "Đất trồng lúa"."""
    area_ha: Hectares
    """Diện tích (ha); số thập phân dùng dấu chấm, ví dụ 125.4."""


class Body(StrictModel):
    """Một cơ quan, tổ chức tham gia (thẩm định, tổ chức thực hiện, giám sát...)."""

    role: Text
    """Vai trò, ví dụ "Tổ chức làm nhiệm vụ bồi thường", "Cơ quan thẩm định"."""
    name: Text
    """Tên cơ quan, tổ chức, ví dụ "Trung tâm Phát triển quỹ đất huyện"."""


class KeyFigure(StrictModel):
    """Một số liệu chính đúng như văn bản ghi (tổng kinh phí, số hộ, diện tích thu hồi...)."""

    label: Text
    """Tên số liệu, ví dụ "Tổng kinh phí bồi thường, hỗ trợ"."""
    value: Text
    """Giá trị kèm đơn vị, chép đúng văn bản, ví dụ "12.345.678.000 đồng", "25 hộ", "3,2 ha"."""


class Land(Posted):
    """Quy hoạch, kế hoạch sử dụng đất, phương án bồi thường, hỗ trợ, tái định cư, thu hồi đất,
    bảng giá đất. Có văn bản đã ký (`signed`) và tệp đính kèm là đủ để đăng."""

    land_kind: Literal[
        "quy-hoach-su-dung-dat", "ke-hoach-su-dung-dat", "boi-thuong-tai-dinh-cu",
        "thu-hoi-dat", "bang-gia-dat", "khac",
    ]  # fmt: skip
    """Loại nội dung: quy-hoach-su-dung-dat, ke-hoach-su-dung-dat, boi-thuong-tai-dinh-cu, ..."""
    year: Year
    """Năm đầu của kỳ quy hoạch, kế hoạch (hoặc năm của nội dung)."""
    end_year: Year | None = None
    """Năm cuối của kỳ quy hoạch (ví dụ 2030)."""
    approval: Decision | None = None
    """Quyết định phê duyệt (chỉ ghi quyết định phê duyệt; thông báo thẩm định và văn bản khác
    ghi ở `documents`)."""
    project: Text | None = None
    """Dự án, công trình (với phương án bồi thường, thu hồi đất), ví dụ "Đường ĐT766"."""
    batch: Text | None = None
    """Đợt, ví dụ "Đợt 1"."""
    bodies: list[Body] = []
    """Các cơ quan, tổ chức tham gia: lập, thẩm định, tổ chức thực hiện, giám sát."""
    how_to_comment: Text | None = None
    """Cách góp ý: nơi nhận ý kiến, hình thức, thời hạn."""
    documents: list[SignedDocument] = []
    """Văn bản liên quan, mỗi văn bản ghi loại (thông báo thẩm định, quyết định phê duyệt...)."""
    figures: list[KeyFigure] = []
    """Số liệu chính (nếu biết), chép đúng văn bản."""
    description: Text | None = None
    """Nội dung chính, nhiều đoạn được."""
    maps: list[Image] = []
    """Bản đồ, sơ đồ kèm mô tả bằng lời."""
    land_use: list[LandUse] = []
    """Cơ cấu sử dụng đất theo loại đất."""
    total_area_ha: Hectares | None = None
    """Tổng diện tích tự nhiên (ha); phải bằng tổng các dòng."""

    def period_year(self) -> int:
        return self.year

    @property
    def land_kind_title(self) -> str:
        return LAND_KINDS[self.land_kind]

    @property
    def period_title(self) -> str:
        return f"{self.year}–{self.end_year}" if self.end_year else str(self.year)

    def listing_note(self) -> str:
        if self.project:
            batch = f", {self.batch}" if self.batch else ""
            return f"{self.land_kind_title}: {self.project}{batch}"
        return f"{self.land_kind_title}, kỳ {self.period_title}"

    def files(self) -> Iterator[tuple[FieldPath, str]]:
        yield from super().files()
        for index, image in enumerate(self.maps):
            yield ("maps", index, "file"), image.file

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if self.end_year and self.end_year < self.year:
            yield Problem("CK111", ("end_year",), "năm cuối kỳ trước năm đầu kỳ")
        if self.approval and self.approval.date > self.published:
            yield Problem("CK111", ("approval", "date"), "quyết định phê duyệt sau ngày đăng")
        if self.total_area_ha is not None and self.land_use:
            computed = sum(row.area_ha for row in self.land_use)
            if abs(computed - self.total_area_ha) > 0.005:
                yield Problem(
                    "CK106",
                    ("total_area_ha",),
                    f"tổng diện tích ghi {_ha(self.total_area_ha)} ha nhưng cộng các loại đất được "
                    f"{_ha(computed)} ha (chênh lệch {_ha(self.total_area_ha - computed)} ha)",
                    "Đối chiếu với quyết định phê duyệt quy hoạch.",
                )


def _ha(value: float) -> str:
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
