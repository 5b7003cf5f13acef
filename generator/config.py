"""site_config/site.yaml: the commune's identity, shown on every page and in every feed."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, HttpUrl

from generator.types.common import StrictModel, Text


class Contact(StrictModel):
    """Một đầu mối liên hệ."""

    role: Text
    """Chức danh hoặc bộ phận, ví dụ "Bộ phận tiếp nhận và trả kết quả"."""
    name: Text | None = None
    """Họ tên (nếu công khai)."""
    phone: Text | None = None
    """Số điện thoại cơ quan."""
    email: Text | None = None
    """Thư điện tử công vụ."""


class Link(StrictModel):
    """Liên kết đến một cổng thông tin khác của Nhà nước."""

    title: Text
    """Tên hiển thị, ví dụ "Cổng Dịch vụ công quốc gia"."""
    url: HttpUrl
    """Địa chỉ đầy đủ, bắt đầu bằng https://."""


class SiteConfig(StrictModel):
    """Thông tin về xã và cơ quan chủ quản cổng thông tin."""

    commune: Text
    """Tên xã, phường, đặc khu, ví dụ "Xã Tân Hòa"."""
    province: Text
    """Tên tỉnh, thành phố, ví dụ "Tỉnh Ninh Bình"."""
    agency: Text
    """Cơ quan chủ quản cổng, ví dụ "Ủy ban nhân dân xã Tân Hòa"."""
    address: Text
    """Địa chỉ trụ sở."""
    phone: Text
    """Số điện thoại của văn phòng."""
    email: Text
    """Thư điện tử của văn phòng."""
    site_url: HttpUrl | None = None
    """Địa chỉ của cổng khi đã xuất bản, ví dụ https://tanhoa.ninhbinh.gov.vn/."""
    responsible: Text | None = None
    """Người chịu trách nhiệm nội dung cổng (họ tên, chức vụ)."""
    contacts: list[Contact] = []
    """Các đầu mối liên hệ khác."""
    links: list[Link] = []
    """Liên kết đến các cổng thông tin khác của Nhà nước."""
    qa_answer_working_days: Annotated[int, Field(ge=1, le=60)] = 15
    """Số ngày làm việc UBND xã tự đặt để trả lời câu hỏi (quy chế nội bộ, không phải luật)."""

    @property
    def site_name(self) -> str:
        return f"Cổng thông tin công khai {self.commune}"
