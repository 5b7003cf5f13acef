"""ho-ngheo: results of the poor and near-poor household review.

Legal basis: Law 10/2022 Art. 11(7) and Art. 13 (portal, radio ≥ 3 days, posting ≥ 30 days);
Decision 24/2021/QĐ-TTg Arts. 3–4 (review steps, village meeting, public posting).
Only the four columns below are ever published: no ID numbers, birth dates or phone numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, Strict

from generator.diagnostics.positions import FieldPath
from generator.types.common import (
    PERSONAL_DATA,
    Date,
    Disclosure,
    Name,
    Problem,
    StrictModel,
    Text,
    Year,
)
from generator.vn.formatting import vn_date

REVIEW_KINDS = {"dinh-ky": "Rà soát định kỳ hằng năm", "thuong-xuyen": "Rà soát thường xuyên"}
LIST_TITLES = {
    "poor": "Danh sách hộ nghèo",
    "near_poor": "Danh sách hộ cận nghèo",
    "escaped": "Danh sách hộ thoát nghèo, thoát cận nghèo",
}


class Household(StrictModel):
    """Một hộ trong danh sách. Chỉ có bốn cột này được công khai."""

    number: Annotated[int, Strict(), Field(ge=1)]
    """Số thứ tự trong danh sách (1, 2, 3...)."""
    head: Name = Field(json_schema_extra=PERSONAL_DATA)
    """Họ và tên chủ hộ."""
    village: Name
    """Thôn, tổ dân phố nơi hộ cư trú."""
    category: Text | None = None
    """Phân loại (ví dụ "Hộ nghèo thiếu hụt dịch vụ y tế", "Thoát nghèo")."""


class PovertyReview(Disclosure):
    """Kết quả rà soát hộ nghèo, hộ cận nghèo."""

    year: Year
    """Năm rà soát."""
    review_kind: Literal["dinh-ky", "thuong-xuyen"]
    """Loại rà soát: dinh-ky (định kỳ hằng năm) hoặc thuong-xuyen (thường xuyên)."""
    village_meeting: Date | None = None
    """Ngày họp thôn bình xét (YYYY-MM-DD)."""
    posted_from: Date
    """Ngày bắt đầu niêm yết công khai."""
    posted_to: Date
    """Ngày kết thúc niêm yết công khai."""
    posting_places: list[Text] = Field(min_length=1)
    """Nơi niêm yết, ví dụ "Trụ sở UBND xã", "Nhà văn hoá thôn Đông"."""
    radio_from: Date | None = None
    """Ngày bắt đầu thông báo trên hệ thống loa truyền thanh của xã."""
    radio_to: Date | None = None
    """Ngày cuối cùng thông báo trên loa (ít nhất 3 ngày liên tục, Luật 10/2022 Điều 13 khoản 3)."""
    poor: list[Household] = []
    """Danh sách hộ nghèo."""
    near_poor: list[Household] = []
    """Danh sách hộ cận nghèo."""
    escaped: list[Household] = []
    """Danh sách hộ thoát nghèo, thoát cận nghèo."""

    def period_year(self) -> int:
        return self.year

    def listing_note(self) -> str:
        return f"Niêm yết từ {vn_date(self.posted_from)} đến {vn_date(self.posted_to)}"

    @property
    def review_kind_title(self) -> str:
        return REVIEW_KINDS[self.review_kind]

    @property
    def lists(self) -> list[tuple[str, list[Household]]]:
        """The non-empty lists with their Vietnamese titles, in publication order."""
        return [(LIST_TITLES[key], getattr(self, key)) for key in LIST_TITLES if getattr(self, key)]

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if self.posted_to < self.posted_from:
            yield Problem("CK111", ("posted_to",), "ngày kết thúc niêm yết trước ngày bắt đầu")
        if self.radio_from and self.radio_to and self.radio_to < self.radio_from:
            yield Problem(
                "CK111", ("radio_to",), "ngày kết thúc thông báo trên loa trước ngày bắt đầu"
            )
        if (self.radio_from is None) != (self.radio_to is None):
            yield Problem(
                "CK114",
                ("radio_to" if self.radio_to is None else "radio_from",),
                "thời gian thông báo trên loa cần cả `radio_from` và `radio_to`",
            )
        if self.village_meeting and self.village_meeting > self.posted_from:
            yield Problem(
                "CK111", ("village_meeting",), "họp thôn bình xét sau ngày bắt đầu niêm yết"
            )
        if self.unpublish_after and self.unpublish_after < self.posted_to:
            yield Problem(
                "CK111", ("unpublish_after",), "ngày gỡ danh sách trước khi hết thời gian niêm yết"
            )
        if not any(getattr(self, key) for key in LIST_TITLES):
            yield Problem(
                "CK101",
                (),
                "không có danh sách nào (poor, near_poor, escaped)",
                "Thêm ít nhất một danh sách hộ.",
            )
        for key in LIST_TITLES:
            yield from _numbering_problems(getattr(self, key), (key,))


def _numbering_problems(households: list[Household], path: FieldPath) -> Iterator[Problem]:
    seen: dict[int, int] = {}
    for index, household in enumerate(households):
        if household.number in seen:
            first = households[seen[household.number]]
            yield Problem(
                "CK107",
                (*path, index, "number"),
                f"số thứ tự {household.number} đã dùng cho hộ {first.head}",
                "Đánh lại số thứ tự để mỗi hộ có một số riêng.",
            )
        seen.setdefault(household.number, index)
