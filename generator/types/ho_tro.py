"""ho-tro: support policies and direct state support to residents, and their results.

Legal basis: Law 10/2022 Art. 11(7) (criteria, beneficiaries, review process and results of
support, allowance and credit policies, housing support, health-insurance cards) and Art. 13(2)–(3)
(posting ≥ 30 days, radio ≥ 3 days); from budget year 2026 Decree 73/2026 Art. 36(3)(đ), 37(4)
and Circular 26/2026 Art. 30: the policy within 3 working days of receipt, the results of review
and payment within 30 days of approval or payment, on form no. 81.

A policy is announced once (stage `chinh-sach`) and its results are a second item (stage
`ket-qua`): each is a disclosure with its own date and deadline.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, Strict

from generator.types.common import (
    Amount,
    Date,
    Decision,
    Problem,
    SignedDocument,
    StrictModel,
    Text,
    Year,
)
from generator.types.notice import Notice

POLICY_KINDS = {
    "tro-cap": "Trợ cấp, trợ giúp xã hội",
    "tin-dung": "Tín dụng ưu đãi",
    "nha-o": "Hỗ trợ nhà ở",
    "bhyt": "Thẻ bảo hiểm y tế",
    "san-xuat": "Hỗ trợ phát triển sản xuất",
    "ho-ngheo": "Hỗ trợ hộ nghèo, cận nghèo",
    "nguoi-co-cong": "Người có công",
    "khac": "Chính sách khác",
}
BENEFICIARY_STATUSES = {"de-nghi": "Đề nghị", "da-duyet": "Đã duyệt", "da-chi-tra": "Đã chi trả"}
STAGES = {"chinh-sach": "Chính sách, tiêu chí, quy trình", "ket-qua": "Kết quả xét duyệt, chi trả"}


class BeneficiaryGroup(StrictModel):
    """Số đối tượng, số tiền của một nhóm được hưởng."""

    label: Text
    """Nhóm, ví dụ "Trẻ mồ côi", "Lao động không có hợp đồng lao động bị mất việc làm"."""
    count: Annotated[int, Strict(), Field(ge=0)]
    """Số người, số hộ hoặc số trường hợp."""
    amount: Amount | None = None
    """Số tiền (đồng), nếu có."""
    status: Literal["de-nghi", "da-duyet", "da-chi-tra"] | None = None
    """Tình trạng: de-nghi (đề nghị cấp trên), da-duyet (đã duyệt), da-chi-tra (đã chi trả)."""

    @property
    def status_title(self) -> str | None:
        return BENEFICIARY_STATUSES[self.status] if self.status else None


class SupportPolicy(Notice):
    """Chính sách hỗ trợ, trợ cấp, tín dụng, nhà ở, thẻ BHYT và kết quả bình xét, chi trả."""

    policy_kind: Literal[
        "tro-cap", "tin-dung", "nha-o", "bhyt", "san-xuat", "ho-ngheo", "nguoi-co-cong", "khac"
    ]
    """Loại chính sách: tro-cap, tin-dung, nha-o, bhyt, san-xuat, ho-ngheo, nguoi-co-cong, khac."""
    stage: Literal["chinh-sach", "ket-qua"]
    """chinh-sach: thông báo chính sách; ket-qua: kết quả xét duyệt, chi trả."""
    year: Year
    """Năm thực hiện."""
    policy_document: Decision | None = None
    """Văn bản quy định chính sách (số, ngày, cơ quan ban hành)."""
    legal_bases: list[SignedDocument] = []
    """Các văn bản làm căn cứ khác (khi kết quả dựa trên nhiều chính sách), ghi loại, số, ngày."""
    round: Text | None = None
    """Đợt xét duyệt, chi trả, ví dụ "Đợt 3"."""
    groups: list[BeneficiaryGroup] = []
    """Số đối tượng theo từng nhóm (ví dụ 2 trẻ mồ côi, 4 người khuyết tật đặc biệt nặng)."""
    received: Date | None = None
    """Ngày UBND xã nhận văn bản chính sách (mốc 3 ngày làm việc, Nghị định 73/2026)."""
    criteria: Text | None = None
    """Tiêu chí, điều kiện được hưởng."""
    beneficiaries: Text | None = None
    """Đối tượng được hưởng."""
    review_process: Text | None = None
    """Quy trình bình xét, xét duyệt, chi trả."""
    results: Text | None = None
    """Kết quả xét duyệt, chi trả (với stage: ket-qua)."""
    results_date: Date | None = None
    """Ngày UBND xã phê duyệt hoặc chi trả (mốc 30 ngày, Nghị định 73/2026 Điều 37 khoản 4)."""
    households: Annotated[int, Strict(), Field(ge=0)] | None = None
    """Số hộ, số người được hưởng."""
    total_amount: Amount | None = None
    """Tổng số tiền hỗ trợ, chi trả (đồng)."""
    form_source: Literal["mau-81"] | None = None
    """Biểu mẫu của kết quả chi trả: mau-81 (Thông tư 26/2026/TT-BTC Điều 30)."""

    def period_year(self) -> int:
        return self.year

    @property
    def kind_title(self) -> str:
        return POLICY_KINDS[self.policy_kind]

    @property
    def stage_title(self) -> str:
        return STAGES[self.stage]

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if self.stage == "ket-qua" and not self.publishes_document():
            for name in ("results", "results_date"):
                if getattr(self, name) is None:
                    yield Problem(
                        "CK101",
                        (name,),
                        f"kết quả xét duyệt, chi trả cần có `{name}`",
                        "Ghi kết quả và ngày phê duyệt hoặc chi trả.",
                    )
        if self.policy_document is None:
            if not self.publishes_document():
                yield Problem(
                    "CK101",
                    ("policy_document",),
                    "thiếu văn bản quy định chính sách `policy_document`",
                    "Ghi số, ngày, cơ quan ban hành; hoặc đăng văn bản đã ký (`signed`).",
                )
            return
        if self.received and self.received < self.policy_document.date:
            yield Problem("CK111", ("received",), "ngày nhận văn bản trước ngày ban hành văn bản")
        if self.results_date and self.results_date < self.policy_document.date:
            yield Problem(
                "CK111", ("results_date",), "ngày phê duyệt, chi trả trước ngày ban hành chính sách"
            )
