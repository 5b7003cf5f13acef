"""Posting and radio dates shared by the Law 10/2022 Art. 11 types.

Art. 13(2) has most groups posted at the commune offices and community points for at least 30
consecutive days, and Art. 13(3) has groups 7–12 read on the commune radio for at least 3
consecutive days. These are off-portal facts: the commune records them so that the compliance
report and the quarterly register of what was disclosed can show them.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.types.common import Date, Disclosure, Problem, Text
from generator.vn.formatting import vn_date


class Notice(Disclosure):
    """Các trường chung của nội dung phải niêm yết và thông báo trên loa truyền thanh."""

    posted_from: Date | None = None
    """Ngày bắt đầu niêm yết tại trụ sở UBND xã và nhà văn hóa thôn (YYYY-MM-DD)."""
    posted_to: Date | None = None
    """Ngày kết thúc niêm yết (ít nhất 30 ngày liên tục, Luật 10/2022 Điều 13 khoản 2)."""
    posting_places: list[Text] = []
    """Nơi niêm yết, ví dụ "Trụ sở UBND xã", "Nhà văn hóa thôn Đông"."""
    radio_from: Date | None = None
    """Ngày bắt đầu thông báo trên hệ thống loa truyền thanh của xã."""
    radio_to: Date | None = None
    """Ngày cuối cùng thông báo trên loa (ít nhất 3 ngày liên tục, Điều 13 khoản 3)."""

    def listing_note(self) -> str | None:
        if self.posted_from and self.posted_to:
            return f"Niêm yết từ {vn_date(self.posted_from)} đến {vn_date(self.posted_to)}"
        return None

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        for start, end, what in (
            ("posted_from", "posted_to", "niêm yết"),
            ("radio_from", "radio_to", "thông báo trên loa"),
        ):
            first, last = getattr(self, start), getattr(self, end)
            if (first is None) != (last is None):
                # Point at the date that is there: the missing one has no line to point at.
                yield Problem(
                    "CK114",
                    (end if first is None else start,),
                    f"thời gian {what} cần cả ngày bắt đầu `{start}` và ngày kết thúc `{end}`",
                )
            elif first and last and last < first:
                yield Problem("CK111", (end,), f"ngày kết thúc {what} trước ngày bắt đầu")
        if self.posted_from and not self.posting_places:
            yield Problem(
                "CK114",
                ("posting_places",),
                "có ngày niêm yết nhưng chưa ghi nơi niêm yết `posting_places`",
                'Thêm `posting_places:` với ít nhất một nơi, ví dụ "Trụ sở UBND xã".',
            )
