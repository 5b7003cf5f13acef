"""Posting and radio dates shared by the Law 10/2022 Art. 11 types.

Art. 13(2) has groups 1–3 and 5–12 posted at the commune offices and community points for at least
30 consecutive days, and groups 4 and 13 posted permanently; Art. 13(3) has groups 7–12 read on the
commune radio for at least 3 consecutive days. These are off-portal facts: the commune records them
so that the compliance report and the quarterly register of what was disclosed can show them.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.types.common import Date, Disclosure, Problem, Text
from generator.vn.formatting import vn_date


class Posted(Disclosure):
    """Các trường chung của nội dung phải niêm yết tại trụ sở UBND xã."""

    posted_from: Date | None = None
    """Ngày bắt đầu niêm yết tại trụ sở UBND xã và nhà văn hóa thôn (YYYY-MM-DD)."""
    posted_to: Date | None = None
    """Ngày kết thúc niêm yết (ít nhất 30 ngày liên tục); để trống nếu niêm yết thường xuyên."""
    posting_places: list[Text] = []
    """Nơi niêm yết, ví dụ "Trụ sở UBND xã", "Nhà văn hóa thôn Đông"."""

    def listing_note(self) -> str | None:
        if self.posted_from and self.posted_to:
            return f"Niêm yết từ {vn_date(self.posted_from)} đến {vn_date(self.posted_to)}"
        return None

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if self.posted_to and not self.posted_from:
            yield Problem(
                "CK114",
                ("posted_to",),
                "có ngày kết thúc niêm yết nhưng thiếu ngày bắt đầu `posted_from`",
            )
        elif self.posted_from and self.posted_to and self.posted_to < self.posted_from:
            yield Problem("CK111", ("posted_to",), "ngày kết thúc niêm yết trước ngày bắt đầu")
        if self.posted_from and not self.posting_places:
            yield Problem(
                "CK114",
                ("posting_places",),
                "có ngày niêm yết nhưng chưa ghi nơi niêm yết `posting_places`",
                'Thêm `posting_places:` với ít nhất một nơi, ví dụ "Trụ sở UBND xã".',
            )


class Notice(Posted):
    """Các trường chung của nội dung phải niêm yết và thông báo trên loa truyền thanh."""

    radio_from: Date | None = None
    """Ngày bắt đầu thông báo trên hệ thống loa truyền thanh của xã."""
    radio_to: Date | None = None
    """Ngày cuối cùng thông báo trên loa (ít nhất 3 ngày liên tục, Điều 13 khoản 3)."""

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        # Groups 5–12 are posted for a period: a start needs an end (Posted reports the reverse).
        if self.posted_from and not self.posted_to:
            yield Problem(
                "CK114",
                ("posted_from",),
                "thời gian niêm yết cần cả ngày bắt đầu `posted_from` và ngày kết thúc `posted_to`",
            )
        if (self.radio_from is None) != (self.radio_to is None):
            # Point at the date that is there: the missing one has no line to point at.
            yield Problem(
                "CK114",
                ("radio_to" if self.radio_from is None else "radio_from",),
                "thời gian thông báo trên loa cần cả ngày bắt đầu `radio_from` và ngày kết thúc "
                "`radio_to`",
            )
        elif self.radio_from and self.radio_to and self.radio_to < self.radio_from:
            yield Problem(
                "CK111", ("radio_to",), "ngày kết thúc thông báo trên loa trước ngày bắt đầu"
            )
