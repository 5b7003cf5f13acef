"""dan-chu: the commune's democracy regulation, officials' duties and code of conduct.

Legal basis: Law 10/2022 Art. 11(4): the regulation on grassroots democracy, the duties and powers
of commune officials, non-specialised staff and village staff, and the code of conduct of office
holders; Art. 13(2): posted permanently at the office and updated when they change.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from generator.diagnostics.positions import FieldPath
from generator.types.common import Decision, StrictModel, Text
from generator.types.notice import Posted
from generator.vn.formatting import vn_date

RULE_KINDS = {
    "quy-che-dan-chu": "Quy chế thực hiện dân chủ ở cơ sở",
    "nhiem-vu-can-bo": "Nhiệm vụ, quyền hạn của cán bộ, công chức",
    "quy-tac-ung-xu": "Quy tắc ứng xử của cán bộ, công chức",
}
ItemUrl = Annotated[str, Field(pattern=r"^[a-z0-9-]+/([0-9]{4}/)?[a-z0-9-]+/?$")]


class Duty(StrictModel):
    """Nhiệm vụ của một chức danh."""

    position: Text
    """Chức danh, ví dụ "Công chức Tài chính - Kế toán" hoặc "Trưởng thôn"."""
    duties: Text
    """Nhiệm vụ, quyền hạn của chức danh."""


class DemocracyRules(Posted):
    """Quy chế dân chủ, nhiệm vụ của cán bộ, quy tắc ứng xử (niêm yết thường xuyên). Có văn bản
    đã ký (`signed`) hoặc nội dung (`body`) là đủ để đăng; các trường riêng ghi thêm khi có."""

    needs_without_document = ("approval", "applies_to", "content", "posting_places")

    rule_kind: Literal["quy-che-dan-chu", "nhiem-vu-can-bo", "quy-tac-ung-xu"]
    """Loại: quy-che-dan-chu, nhiem-vu-can-bo (nhiệm vụ, quyền hạn), quy-tac-ung-xu."""
    approval: Decision | None = None
    """Văn bản ban hành (số, ngày, cơ quan ban hành)."""
    applies_to: Text | None = None
    """Đối tượng áp dụng, ví dụ "Cán bộ, công chức xã, người hoạt động không chuyên trách"."""
    content: Text | None = None
    """Nội dung chính (có thể chia đoạn)."""
    duties: list[Duty] = []
    """Với nhiệm vụ của cán bộ: nhiệm vụ của từng chức danh."""
    posting_places: list[Text] = []
    """Nơi niêm yết thường xuyên, ví dụ "Bảng tin trụ sở UBND xã"."""
    document: ItemUrl | None = None
    """Địa chỉ văn bản đầy đủ trên cổng, ví dụ `van-ban/2025/nq-12-quy-che-dan-chu/`."""

    @property
    def kind_title(self) -> str:
        return RULE_KINDS[self.rule_kind]

    @property
    def document_url(self) -> str | None:
        return self.document.rstrip("/") + "/" if self.document else None

    def listing_group(self) -> str:
        return self.kind_title

    def listing_note(self) -> str:
        document = self.signed_document()
        issued = self.approval.date if self.approval else document.date if document else None
        if issued is None:
            return "Niêm yết thường xuyên"
        return f"Niêm yết thường xuyên; ban hành ngày {vn_date(issued)}"

    def references(self) -> Iterator[tuple[FieldPath, str]]:
        if self.document_url:
            yield ("document",), self.document_url
