"""thu-tuc: administrative procedures handled at the commune, with their forms.

Legal basis: Decree 42/2022 Art. 4, Decree 224/2026 (procedures and forms on the portal); Decree
63/2010 and Decree 92/2017 (procedure disclosure); PAPI e-governance (forms downloadable online).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from pydantic import Field, HttpUrl

from generator.diagnostics.positions import FieldPath
from generator.types.common import Attachment, Problem, Text
from generator.types.notice import Posted

CODE_PATTERN = r"^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$"


class Procedure(Posted):
    """Thủ tục hành chính giải quyết tại UBND xã. Một dòng của danh mục thủ tục (tên, cơ quan
    thực hiện, lĩnh vực) đã đăng được; mã, các bước, hồ sơ, thời hạn, phí ghi thêm khi có."""

    # A commune's procedure list gives name, agency and field only (shared/real-docs/15, 18):
    # the rest is on the national portal, linked by `online_url` when known.
    needs_without_document = ("field",)

    code: Annotated[str, Field(pattern=CODE_PATTERN)] | None = None
    """Mã thủ tục trên Cơ sở dữ liệu quốc gia, ví dụ `1.004227`."""
    local_code: Text | None = None
    """Mã hồ sơ cũ của địa phương như trang gốc ghi, ví dụ `T-BPC-258324-TT`."""
    field: Text | None = None
    """Lĩnh vực, ví dụ "Hộ tịch", "Chứng thực", "Đất đai"."""
    agency: Text | None = None
    """Cơ quan thực hiện, ví dụ "UBND xã Tân Hòa"."""
    agencies: list[Text] = []
    """Các cơ quan thực hiện, khi thủ tục qua nhiều cấp (ví dụ "Ủy ban nhân dân cấp huyện",
    "Ủy ban nhân dân cấp xã")."""
    steps: list[Text] = []
    """Các bước thực hiện, mỗi bước một dòng."""
    documents: list[Text] = []
    """Thành phần hồ sơ, mỗi giấy tờ một dòng."""
    time_limit: Text | None = None
    """Thời hạn giải quyết, ví dụ "03 ngày làm việc"."""
    fees: Text | None = None
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
        return self.field or "Thủ tục khác"

    def listing_note(self) -> str | None:
        parts = [f"Mã {self.code or self.local_code}"] if self.code or self.local_code else []
        if self.time_limit:
            parts.append(self.time_limit)
        return " · ".join(parts) or None

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if not self.publishes_document() and not self.all_agencies:
            yield Problem(
                "CK101",
                ("agency",),
                "thiếu cơ quan thực hiện `agency` (hoặc `agencies`)",
                "Ghi `agency: UBND xã ...`, hoặc `agencies:` khi thủ tục qua nhiều cấp.",
            )

    @property
    def all_agencies(self) -> list[str]:
        return ([self.agency] if self.agency else []) + self.agencies
