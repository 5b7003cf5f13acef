"""thu-tuc: administrative procedures handled at the commune, with their forms.

Legal basis: Decree 42/2022 Art. 4, Decree 224/2026 (procedures and forms on the portal); Decree
63/2010 and Decree 92/2017 (procedure disclosure); PAPI e-governance (forms downloadable online).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from pydantic import Field, HttpUrl

from generator.diagnostics.positions import FieldPath
from generator.types.common import Attachment, Text
from generator.types.notice import Posted


class Procedure(Posted):
    """Thủ tục hành chính giải quyết tại UBND xã."""

    code: Annotated[str, Field(pattern=r"^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$")]
    """Mã thủ tục trên Cơ sở dữ liệu quốc gia, ví dụ `1.004227`."""
    field: Text
    """Lĩnh vực, ví dụ "Hộ tịch", "Chứng thực", "Đất đai"."""
    agency: Text
    """Cơ quan thực hiện, ví dụ "UBND xã Tân Hòa"."""
    steps: list[Text] = Field(min_length=1)
    """Các bước thực hiện, mỗi bước một dòng."""
    documents: list[Text] = Field(min_length=1)
    """Thành phần hồ sơ, mỗi giấy tờ một dòng."""
    time_limit: Text
    """Thời hạn giải quyết, ví dụ "03 ngày làm việc"."""
    fees: Text
    """Phí, lệ phí, ví dụ "Không" hoặc "8.000 đồng/bản"."""
    forms: list[Attachment] = []
    """Mẫu đơn, tờ khai để tải về."""
    online_url: HttpUrl | None = None
    """Địa chỉ nộp hồ sơ trực tuyến trên Cổng Dịch vụ công."""
    legal_basis: list[Text] = []
    """Căn cứ pháp lý."""

    def files(self) -> Iterator[tuple[FieldPath, str]]:
        yield from super().files()
        for index, form in enumerate(self.forms):
            yield ("forms", index, "file"), form.file

    def listing_group(self) -> str:
        return self.field

    def listing_note(self) -> str:
        return f"Mã {self.code} · {self.time_limit}"
