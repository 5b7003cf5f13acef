"""dong-gop: funds, programme investments and sponsorship, and contributions from residents.

Legal basis: Law 10/2022 Art. 11(5) (management and use of funds, of investments and sponsorship
under programmes and projects, and of contributions mobilised from residents); Art. 13(2)
(posting for at least 30 consecutive days).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from generator.types.common import Amount, Date, Problem, StrictModel, Text, Year
from generator.types.notice import Notice
from generator.vn.formatting import vnd

FUND_KINDS = {
    "quy": "Quỹ",
    "tai-tro": "Đầu tư, tài trợ theo chương trình, dự án",
    "dong-gop": "Khoản đóng góp của Nhân dân",
}


class MoneyLine(StrictModel):
    """Một dòng thu hoặc chi (đồng)."""

    name: Text
    """Nội dung, ví dụ "Thôn Đông nộp" hoặc "Mua xi măng làm đường"."""
    amount: Amount
    """Số tiền (đồng, số nguyên)."""
    note: Text | None = None
    """Ghi chú."""


class Fund(Notice):
    """Báo cáo quản lý, sử dụng quỹ, nguồn tài trợ hoặc khoản đóng góp của Nhân dân."""

    fund_kind: Literal["quy", "tai-tro", "dong-gop"]
    """Loại: quy (quỹ), tai-tro (đầu tư, tài trợ theo chương trình, dự án), dong-gop."""
    year: Year
    """Năm của kỳ báo cáo."""
    fund_name: Text
    """Tên quỹ, chương trình hoặc khoản đóng góp, ví dụ "Quỹ Phòng, chống thiên tai"."""
    purpose: Text
    """Mục đích huy động, sử dụng."""
    basis: Text | None = None
    """Căn cứ huy động: nghị quyết HĐND xã, biên bản hội nghị thôn..."""
    rate: Text | None = None
    """Mức đóng góp (nếu có), ví dụ "Tự nguyện" hoặc "50.000 đồng/khẩu"."""
    period_from: Date
    """Đầu kỳ báo cáo."""
    period_to: Date
    """Cuối kỳ báo cáo."""
    opening_balance: Amount = 0
    """Số dư đầu kỳ (đồng)."""
    received: Amount
    """Tổng thu, huy động trong kỳ (đồng)."""
    spent: Amount
    """Tổng chi trong kỳ (đồng)."""
    receipts: list[MoneyLine] = []
    """Chi tiết thu (tổng phải bằng `received`)."""
    spending: list[MoneyLine] = []
    """Chi tiết chi (tổng phải bằng `spent`)."""

    def period_year(self) -> int:
        return self.year

    @property
    def kind_title(self) -> str:
        return FUND_KINDS[self.fund_kind]

    @property
    def closing_balance(self) -> int:
        return self.opening_balance + self.received - self.spent

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if self.period_to < self.period_from:
            yield Problem("CK111", ("period_to",), "cuối kỳ báo cáo trước đầu kỳ")
        for lines, total, name in (
            (self.receipts, self.received, "received"),
            (self.spending, self.spent, "spent"),
        ):
            if lines and sum(line.amount for line in lines) != total:
                yield Problem(
                    "CK106",
                    (name,),
                    f"`{name}` là {vnd(total)} đồng nhưng các dòng chi tiết cộng lại là "
                    f"{vnd(sum(line.amount for line in lines))} đồng",
                )
        if self.closing_balance < 0:
            yield Problem(
                "CK106",
                ("spent",),
                "số chi lớn hơn số dư đầu kỳ cộng số thu",
                "Kiểm tra lại số dư đầu kỳ, tổng thu và tổng chi.",
            )
