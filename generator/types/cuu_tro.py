"""cuu-tro: state relief for disasters, epidemics and critical illness, and donations received.

Legal basis: Law 10/2022 Art. 11(8) (scope, beneficiaries, selection, amounts, timing and
procedure of relief; management of voluntary donations) and Art. 13(2)–(3) (posting ≥ 30 days,
radio ≥ 3 days).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from generator.types.common import Amount, Date, Problem, StrictModel, Text
from generator.types.notice import Notice
from generator.vn.formatting import vnd

EVENT_KINDS = {
    "thien-tai": "Thiên tai",
    "dich-benh": "Dịch bệnh",
    "su-co": "Sự cố, thảm họa",
    "benh-hiem-ngheo": "Bệnh hiểm nghèo",
}


class Donation(StrictModel):
    """Một khoản ủng hộ đã tiếp nhận."""

    donor: Text
    """Tổ chức, đơn vị ủng hộ (cá nhân có thể ghi "Nhân dân thôn Đông")."""
    amount: Amount = 0
    """Số tiền (đồng)."""
    goods: Text | None = None
    """Hiện vật, ví dụ "50 thùng mì tôm, 2 tấn gạo"."""


class Relief(Notice):
    """Cứu trợ của Nhà nước và quản lý, sử dụng tiền, hàng ủng hộ. Có văn bản đã ký (`signed`)
    hoặc nội dung (`body`) là đủ để đăng; phạm vi, mức hỗ trợ, khoản ủng hộ ghi thêm khi có."""

    needs_without_document = ("event_date",)

    event: Text
    """Sự kiện, ví dụ "Bão số 3 (tháng 9 năm 2026)"."""
    event_kind: Literal["thien-tai", "dich-benh", "su-co", "benh-hiem-ngheo"]
    """Loại: thien-tai, dich-benh, su-co, benh-hiem-ngheo."""
    event_date: Date | None = None
    """Ngày xảy ra (hoặc bắt đầu)."""
    scope: Text | None = None
    """Phạm vi hỗ trợ (thôn, nhóm hộ bị ảnh hưởng)."""
    beneficiaries: Text | None = None
    """Đối tượng được hỗ trợ."""
    selection_method: Text | None = None
    """Cách lựa chọn, bình xét đối tượng."""
    amounts: Text | None = None
    """Mức hỗ trợ, ví dụ "Nhà sập: 40 triệu đồng/hộ; tốc mái: 5 triệu đồng/hộ"."""
    timing: Text | None = None
    """Thời gian hỗ trợ."""
    procedure: Text | None = None
    """Quy trình, thủ tục cấp phát."""
    donations: list[Donation] = []
    """Tiền, hàng ủng hộ đã tiếp nhận."""
    donations_use: Text | None = None
    """Việc phân bổ, sử dụng tiền, hàng ủng hộ."""

    def period_year(self) -> int:
        if self.event_date:
            return self.event_date.year
        signed = self.signed_document()
        return signed.date.year if signed and signed.date else self.published.year

    @property
    def event_title(self) -> str:
        return EVENT_KINDS[self.event_kind]

    @property
    def donations_total(self) -> str:
        return vnd(sum(d.amount for d in self.donations))

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if self.event_date and self.published < self.event_date:
            yield Problem("CK111", ("published",), "ngày đăng trước ngày xảy ra sự kiện")
        if not self.scope and not self.donations and not self.publishes_document():
            yield Problem(
                "CK101",
                (),
                "chưa có nội dung cứu trợ (scope, beneficiaries...) hoặc danh sách ủng hộ",
                "Ghi phạm vi, đối tượng, mức hỗ trợ hoặc các khoản ủng hộ đã tiếp nhận.",
            )
        if self.donations and not self.donations_use:
            yield Problem(
                "CK114",
                ("donations_use",),
                "có khoản ủng hộ nhưng chưa ghi việc phân bổ, sử dụng `donations_use`",
            )
