"""tai-san-cong: public assets the commune manages, and what happened to them in the year.

Legal basis: Law 10/2022 Art. 11(6) (investment, procurement, allocation, leasing, use, recovery,
transfer, sale, liquidation and destruction of public assets, and their use to raise revenue);
Art. 13(2) (posting for at least 30 consecutive days).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, Strict

from generator.types.common import Amount, Problem, StrictModel, Text, Year
from generator.types.notice import Notice

ACTIONS = {
    "dang-su-dung": "Đang quản lý, sử dụng",
    "dau-tu": "Đầu tư, xây dựng",
    "mua-sam": "Mua sắm",
    "giao": "Giao, điều chuyển đến",
    "cho-thue": "Cho thuê",
    "thu-hoi": "Thu hồi",
    "dieu-chuyen": "Điều chuyển đi",
    "ban": "Bán",
    "thanh-ly": "Thanh lý",
    "tieu-huy": "Tiêu hủy",
}


class Asset(StrictModel):
    """Một tài sản công hoặc một nhóm tài sản cùng loại."""

    name: Text
    """Tên tài sản, ví dụ "Nhà làm việc UBND xã (2 tầng)"."""
    category: Text
    """Loại tài sản, ví dụ "Nhà, công trình", "Xe ô tô", "Máy móc, thiết bị"."""
    quantity: Annotated[int, Strict(), Field(ge=1)] = 1
    """Số lượng."""
    action: Literal[
        "dang-su-dung", "dau-tu", "mua-sam", "giao", "cho-thue", "thu-hoi", "dieu-chuyen", "ban",
        "thanh-ly", "tieu-huy",
    ]  # fmt: skip
    """Tình trạng hoặc việc xử lý trong năm: dang-su-dung, dau-tu, mua-sam, giao, cho-thue,
    thu-hoi, dieu-chuyen, ban, thanh-ly, tieu-huy."""
    original_value: Amount
    """Nguyên giá (đồng)."""
    remaining_value: Amount | None = None
    """Giá trị còn lại (đồng)."""
    proceeds: Amount | None = None
    """Số tiền thu được khi cho thuê, bán, thanh lý (đồng)."""
    decision: Text | None = None
    """Quyết định cho phép xử lý, ví dụ "Quyết định số 56/QĐ-UBND ngày 12/3/2026"."""
    note: Text | None = None
    """Ghi chú."""

    @property
    def action_title(self) -> str:
        return ACTIONS[self.action]


class PublicAssets(Notice):
    """Công khai tình hình quản lý, sử dụng tài sản công của xã. Có văn bản đã ký (`signed`) hoặc
    nội dung (`body`) là đủ để đăng; bảng tài sản ghi thêm khi có."""

    needs_without_document = ("assets",)

    year: Year
    """Năm báo cáo."""
    assets: list[Asset] = []
    """Các tài sản và việc xử lý trong năm."""
    revenue_use: Text | None = None
    """Việc sử dụng tài sản công vào mục đích cho thuê, kinh doanh, liên doanh (nếu có)."""

    def period_year(self) -> int:
        return self.year

    @property
    def total_original(self) -> int:
        return sum(a.original_value for a in self.assets)

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        for index, asset in enumerate(self.assets):
            if asset.remaining_value is not None and asset.remaining_value > asset.original_value:
                yield Problem(
                    "CK104",
                    ("assets", index, "remaining_value"),
                    "giá trị còn lại lớn hơn nguyên giá",
                )
            if asset.proceeds and asset.action not in ("cho-thue", "ban", "thanh-ly"):
                yield Problem(
                    "CK104",
                    ("assets", index, "proceeds"),
                    "chỉ ghi số tiền thu được khi cho thuê, bán hoặc thanh lý tài sản",
                )
