"""dong-gop: funds, programme investments and sponsorship, and contributions from residents.

Legal basis: Law 10/2022 Art. 11(5) (management and use of funds, of investments and sponsorship
under programmes and projects, and of contributions mobilised from residents); Art. 13(2)
(posting for at least 30 consecutive days).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, Strict

from generator.types.common import Amount, Date, Problem, StrictModel, Text, Year
from generator.types.notice import Notice
from generator.vn.formatting import vn_quantity, vnd

FUND_KINDS = {
    "quy": "Quỹ",
    "tai-tro": "Đầu tư, tài trợ theo chương trình, dự án",
    "dong-gop": "Khoản đóng góp của Nhân dân",
}


Quantity = Annotated[int, Strict(), Field(gt=0)] | Annotated[float, Strict(), Field(gt=0)]


class MoneyLine(StrictModel):
    """Một dòng thu hoặc chi: bằng tiền (`amount`, đồng) hoặc bằng hiện vật (`quantity`, `unit`,
    `goods`, ví dụ 42 tấn xi măng), đúng như văn bản ghi."""

    name: Text
    """Nội dung, ví dụ "Thôn Đông nộp" hoặc "Nhà nước hỗ trợ xi măng"."""
    amount: Amount | None = None
    """Số tiền (đồng, số nguyên). Với dòng hiện vật: giá trị quy đổi nếu văn bản ghi; không
    cộng vào tổng tiền."""
    quantity: Quantity | None = None
    """Số lượng hiện vật, ví dụ 42 (tấn xi măng); ngày công, m² cũng ghi ở đây."""
    unit: Text | None = None
    """Đơn vị của số lượng hiện vật, ví dụ "tấn", "ngày công", "m²"."""
    goods: Text | None = None
    """Hiện vật là gì, ví dụ "xi măng", "cát vàng"."""
    note: Text | None = None
    """Ghi chú."""

    @property
    def in_kind(self) -> bool:
        return self.quantity is not None

    @property
    def money(self) -> int | None:
        """The line's money: an in-kind line's value is an estimate, never cash received."""
        return None if self.in_kind else self.amount

    @property
    def goods_text(self) -> str:
        """`42 tấn xi măng`."""
        if self.quantity is None:
            return ""
        return " ".join(p for p in (vn_quantity(self.quantity), self.unit, self.goods) if p)


def _money_total(lines: list[MoneyLine]) -> int:
    return sum(line.money or 0 for line in lines)


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
    """Chi tiết thu, bằng tiền hoặc hiện vật (tổng các dòng tiền phải bằng `received`)."""
    spending: list[MoneyLine] = []
    """Chi tiết chi, bằng tiền hoặc hiện vật (tổng các dòng tiền phải bằng `spent`)."""

    def period_year(self) -> int:
        return self.year

    @property
    def kind_title(self) -> str:
        return FUND_KINDS[self.fund_kind]

    @property
    def receipts_money(self) -> int:
        """What the money lines of `receipts` add up to (in-kind lines are not money)."""
        return _money_total(self.receipts)

    @property
    def spending_money(self) -> int:
        return _money_total(self.spending)

    @property
    def has_in_kind(self) -> bool:
        return any(line.in_kind for line in (*self.receipts, *self.spending))

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
        for lines, total, name, field in (
            (self.receipts, self.received, "received", "receipts"),
            (self.spending, self.spent, "spent", "spending"),
        ):
            yield from _line_problems(lines, field)
            money = [line for line in lines if line.money is not None]
            if money and total is not None and _money_total(lines) != total:
                yield Problem(
                    "CK106",
                    (name,),
                    f"`{name}` là {vnd(total)} đồng nhưng các dòng tiền chi tiết cộng lại là "
                    f"{vnd(_money_total(lines))} đồng",
                    "Dòng hiện vật (có `quantity`) không được cộng vào tổng tiền.",
                )
        if self.closing_balance is not None and self.closing_balance < 0:
            yield Problem(
                "CK106",
                ("spent",),
                "số chi lớn hơn số dư đầu kỳ cộng số thu",
                "Kiểm tra lại số dư đầu kỳ, tổng thu và tổng chi.",
            )


def _line_problems(lines: list[MoneyLine], field: str) -> Iterator[Problem]:
    for index, line in enumerate(lines):
        if line.amount is None and line.quantity is None:
            yield Problem(
                "CK101",
                (field, index, "amount"),
                f"dòng “{line.name}” chưa có số tiền `amount` hay số lượng hiện vật `quantity`",
                "Dòng tiền: ghi `amount:` (đồng, số nguyên). Dòng hiện vật: ghi `quantity: 42`, "
                "`unit: tấn`, `goods: xi măng`; đừng đổi hiện vật ra tiền nếu văn bản không ghi.",
            )
        elif line.quantity is not None and line.unit is None:
            yield Problem(
                "CK114",
                (field, index, "unit"),
                f"dòng “{line.name}” có số lượng hiện vật nhưng chưa ghi đơn vị `unit`",
                'Ghi đơn vị như văn bản: "tấn", "ngày công", "m²"...',
            )
        elif line.quantity is None and (line.unit or line.goods):
            yield Problem(
                "CK114",
                (field, index, "quantity"),
                f"dòng “{line.name}” ghi hiện vật nhưng chưa có số lượng `quantity`",
                "Ghi `quantity:` là số lượng hiện vật, ví dụ 42.",
            )
