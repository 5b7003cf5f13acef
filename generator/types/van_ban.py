"""van-ban: legal and administrative documents issued by or for the commune.

Legal basis: Law 10/2022 Art. 11 (documents of the commune government that must be published);
Decree 42/2022 Art. 4 and Decree 224/2026 (legal documents on the portal); Law 64/2025.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from generator.types.common import (
    DOC_KINDS,
    Date,
    Disclosure,
    DocKind,
    Problem,
    SignedDocument,
    Text,
)

DOC_TYPES = DOC_KINDS
STATUSES = {
    "con-hieu-luc": "Còn hiệu lực",
    "chua-co-hieu-luc": "Chưa có hiệu lực",
    "het-hieu-luc-mot-phan": "Hết hiệu lực một phần",
    "het-hieu-luc": "Hết hiệu lực",
}


class Document(Disclosure):
    """Văn bản quy phạm pháp luật, văn bản hành chính của xã (và văn bản cấp trên gửi xã)."""

    own_identity = True

    doc_type: DocKind
    """Loại văn bản, ví dụ nghi-quyet, quyet-dinh, ke-hoach, bao-cao, thong-bao, bien-ban,
    to-trinh, cong-van, quy-che, khac."""
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
    subject: Text | None = None
    """Trích yếu, ví dụ "Về việc ban hành Quy chế làm việc của UBND xã"."""

    def period_year(self) -> int:
        return self.issued.year

    def signed_document(self) -> SignedDocument:
        return SignedDocument(
            kind=self.doc_type,
            number=self.number,
            date=self.issued,
            issuer=self.issuer,
            signer=self.signer,
            subject=self.subject,
        )

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
        if self.signed is not None:
            yield Problem(
                "CK114",
                ("signed",),
                "văn bản đã có loại, số, ngày, cơ quan ban hành và người ký ở các trường riêng",
                "Bỏ `signed:`; ghi `doc_type`, `number`, `issued`, `issuer`, `signer`.",
            )
        if self.effective and self.effective < self.issued:
            yield Problem("CK111", ("effective",), "ngày có hiệu lực trước ngày ban hành")
        if self.published < self.issued:
            yield Problem("CK111", ("published",), "ngày đăng trước ngày ban hành văn bản")
