"""ke-hoach: plans and programmes (socio-economic plan, work programme, digital transformation...)
with their targets and results.

Legal basis: Law 10/2022 Art. 11(1), (3) (commune plans and their implementation); Law 148/2025
and Decree 224/2026 (digital transformation plans).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from generator.types.common import Date, Decision, Problem, StrictModel, Text, Year
from generator.types.notice import Posted

PLAN_KINDS = {
    "kinh-te-xa-hoi": "Kế hoạch phát triển kinh tế - xã hội",
    "chuong-trinh-cong-tac": "Chương trình công tác năm",
    "chuyen-doi-so": "Kế hoạch chuyển đổi số",
    "dau-tu-cong": "Kế hoạch đầu tư công",
    "nong-thon-moi": "Kế hoạch xây dựng nông thôn mới",
    "khac": "Kế hoạch, chương trình khác",
}


class Target(StrictModel):
    """Một chỉ tiêu của kế hoạch."""

    name: Text
    """Tên chỉ tiêu, ví dụ "Tỷ lệ hộ nghèo"."""
    target: Text
    """Mức kế hoạch, ví dụ "dưới 1,5%"."""
    result: Text | None = None
    """Kết quả thực hiện (ghi khi có báo cáo)."""


class Plan(Posted):
    """Kế hoạch, chương trình của xã và kết quả thực hiện."""

    plan_kind: Literal[
        "kinh-te-xa-hoi", "chuong-trinh-cong-tac", "chuyen-doi-so", "dau-tu-cong",
        "nong-thon-moi", "khac",
    ]  # fmt: skip
    """Loại kế hoạch, ví dụ kinh-te-xa-hoi, chuong-trinh-cong-tac, chuyen-doi-so, nong-thon-moi."""
    year: Year
    """Năm của kế hoạch."""
    approval: Decision | None = None
    """Văn bản ban hành hoặc phê duyệt kế hoạch."""
    description: Text | None = None
    """Nội dung chính của kế hoạch."""
    targets: list[Target] = []
    """Các chỉ tiêu chủ yếu."""
    results_report: Text | None = None
    """Tóm tắt báo cáo kết quả thực hiện."""
    results_published: Date | None = None
    """Ngày công bố báo cáo kết quả."""

    def period_year(self) -> int:
        return self.year

    @property
    def plan_kind_title(self) -> str:
        return PLAN_KINDS[self.plan_kind]

    def listing_note(self) -> str:
        return f"{self.plan_kind_title} năm {self.year}"

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if bool(self.results_report) != bool(self.results_published):
            field = "results_report" if self.results_report else "results_published"
            yield Problem("CK114", (field,), "báo cáo kết quả cần cả nội dung và ngày công bố")
