"""phi-le-phi: the fees, charges and other financial obligations the commune collects directly.

Legal basis: Law 10/2022 Art. 11(12) (payers and rates) and Art. 13(2)–(3); Law 97/2015 on fees
and charges (rates set by the provincial People's Council).
"""

from __future__ import annotations

from generator.types.common import Date, Decision, StrictModel, Text
from generator.types.notice import Notice


class Fee(StrictModel):
    """Một khoản phí, lệ phí do xã thu."""

    name: Text
    """Tên khoản thu, ví dụ "Lệ phí đăng ký kết hôn"."""
    payer: Text
    """Đối tượng nộp."""
    rate: Text
    """Mức thu, ví dụ "30.000 đồng/trường hợp"."""
    exemptions: Text | None = None
    """Trường hợp miễn, giảm."""
    basis: Text | None = None
    """Văn bản quy định mức thu, nếu khác văn bản chung."""


class FeeSchedule(Notice):
    """Danh mục phí, lệ phí và các khoản thu do UBND xã trực tiếp thu. Có văn bản đã ký
    (`signed`) hoặc nội dung (`body`) là đủ để đăng; bảng các khoản thu ghi thêm khi có."""

    needs_without_document = ("effective", "basis", "fees", "where_to_pay")

    effective: Date | None = None
    """Ngày áp dụng danh mục này."""
    basis: Decision | None = None
    """Văn bản quy định (thường là nghị quyết của HĐND tỉnh)."""
    fees: list[Fee] = []
    """Các khoản thu."""
    where_to_pay: Text | None = None
    """Nơi nộp, cách nộp (tại Bộ phận một cửa, chuyển khoản, trực tuyến...)."""

    def listing_note(self) -> str | None:
        return f"Áp dụng từ {self.effective:%d/%m/%Y}" if self.effective else None
