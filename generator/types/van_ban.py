"""van-ban: legal and administrative documents issued by or for the commune.

Legal basis: Law 10/2022 Art. 11 (documents of the commune government that must be published);
Decree 42/2022 Art. 4 and Decree 224/2026 (legal documents on the portal); Law 64/2025.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from generator.types.common import Attachment, Date, Disclosure, Problem, Text

DOC_TYPES = {
    "nghi-quyet": "Nghị quyết",
    "quyet-dinh": "Quyết định",
    "chi-thi": "Chỉ thị",
    "ke-hoach": "Kế hoạch",
    "bao-cao": "Báo cáo",
    "thong-bao": "Thông báo",
    "cong-van": "Công văn",
    "huong-dan": "Hướng dẫn",
    "quy-che": "Quy chế",
    "khac": "Văn bản khác",
}
STATUSES = {
    "con-hieu-luc": "Còn hiệu lực",
    "chua-co-hieu-luc": "Chưa có hiệu lực",
    "het-hieu-luc-mot-phan": "Hết hiệu lực một phần",
    "het-hieu-luc": "Hết hiệu lực",
}


class Document(Disclosure):
    """Văn bản quy phạm pháp luật, văn bản hành chính của xã (và văn bản cấp trên gửi xã)."""

    doc_type: Literal[
        "nghi-quyet", "quyet-dinh", "chi-thi", "ke-hoach", "bao-cao",
        "thong-bao", "cong-van", "huong-dan", "quy-che", "khac",
    ]  # fmt: skip
    """Loại văn bản, ví dụ nghi-quyet, quyet-dinh, ke-hoach, bao-cao, thong-bao, quy-che, khac."""
    number: Text
    """Số, ký hiệu văn bản, ví dụ `12/NQ-HĐND` hoặc `245/QĐ-UBND`."""
    issuer: Text
    """Cơ quan ban hành, ví dụ "UBND xã Tân Hòa"."""
    issued: Date
    """Ngày ban hành."""
    effective: Date | None = None
    """Ngày có hiệu lực (nếu khác ngày ban hành)."""
    signer: Text | None = None
    """Người ký, ví dụ "Phạm Văn Hưng, Chủ tịch"."""
    status: Literal["con-hieu-luc", "chua-co-hieu-luc", "het-hieu-luc-mot-phan", "het-hieu-luc"] = (
        "con-hieu-luc"
    )
    """Tình trạng hiệu lực: con-hieu-luc, chua-co-hieu-luc, het-hieu-luc-mot-phan, het-hieu-luc."""
    attachments: list[Attachment] = Field(min_length=1)
    """Tệp toàn văn văn bản (bắt buộc ít nhất một tệp)."""

    def period_year(self) -> int:
        return self.issued.year

    @property
    def doc_type_title(self) -> str:
        return DOC_TYPES[self.doc_type]

    @property
    def status_title(self) -> str:
        return STATUSES[self.status]

    def listing_note(self) -> str:
        return f"{self.number} · {self.issuer}"

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if self.effective and self.effective < self.issued:
            yield Problem("CK111", ("effective",), "ngày có hiệu lực trước ngày ban hành")
        if self.published < self.issued:
            yield Problem("CK111", ("published",), "ngày đăng trước ngày ban hành văn bản")
