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
    """Báo cáo quản lý, sử dụng quỹ, nguồn tài trợ hoặc khoản đóng góp của Nhân dân. Có văn bản
    đã ký (`signed`) hoặc bài (`body`) là đủ để đăng; số thu, chi ghi thêm khi có."""

    needs_without_document = (
        "fund_name",
        "purpose",
        "period_from",
        "period_to",
        "received",
        "spent",
    )

    fund_kind: Literal["quy", "tai-tro", "dong-gop"]
    """Loại: quy (quỹ), tai-tro (đầu tư, tài trợ theo chương trình, dự án), dong-gop."""
    year: Year
    """Năm của kỳ báo cáo."""
    fund_name: Text | None = None
    """Tên quỹ, chương trình hoặc khoản đóng góp, ví dụ "Quỹ Phòng, chống thiên tai"."""
    purpose: Text | None = None
    """Mục đích huy động, sử dụng."""
    basis: Text | None = None
    """Căn cứ huy động: nghị quyết HĐND xã, biên bản hội nghị thôn..."""
    rate: Text | None = None
    """Mức đóng góp (nếu có), ví dụ "Tự nguyện" hoặc "50.000 đồng/khẩu"."""
    period_from: Date | None = None
    """Đầu kỳ báo cáo."""
    period_to: Date | None = None
    """Cuối kỳ báo cáo."""
    opening_balance: Amount = 0
    """Số dư đầu kỳ (đồng)."""
    received: Amount | None = None
    """Tổng thu, huy động trong kỳ (đồng)."""
    spent: Amount | None = None
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
    def has_accounts(self) -> bool:
        return self.received is not None and self.spent is not None

    @property
    def closing_balance(self) -> int | None:
        if self.received is None or self.spent is None:
            return None
        return self.opening_balance + self.received - self.spent

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if (self.period_from is None) != (self.period_to is None):
            yield Problem(
                "CK114",
                ("period_to" if self.period_to is None else "period_from",),
                "kỳ báo cáo cần cả `period_from` và `period_to`",
            )
        if (self.received is None) != (self.spent is None):
            yield Problem(
                "CK114",
                ("spent" if self.spent is None else "received",),
                "tổng hợp thu, chi cần cả `received` và `spent`",
            )
        if self.period_from and self.period_to and self.period_to < self.period_from:
            yield Problem("CK111", ("period_to",), "cuối kỳ báo cáo trước đầu kỳ")
        for lines, total, name in (
            (self.receipts, self.received, "received"),
            (self.spending, self.spent, "spent"),
        ):
            if lines and total is not None and sum(line.amount for line in lines) != total:
                yield Problem(
                    "CK106",
                    (name,),
                    f"`{name}` là {vnd(total)} đồng nhưng các dòng chi tiết cộng lại là "
                    f"{vnd(sum(line.amount for line in lines))} đồng",
                )
        if self.closing_balance is not None and self.closing_balance < 0:
            yield Problem(
                "CK106",
                ("spent",),
                "số chi lớn hơn số dư đầu kỳ cộng số thu",
                "Kiểm tra lại số dư đầu kỳ, tổng thu và tổng chi.",
            )
