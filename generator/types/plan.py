"""The commune's annual disclosure plan (Law 10/2022 Art. 14(1)), kept in a small YAML file.

site_config/ke-hoach-cong-khai.yaml lists, for each year, what is disclosed, in which form, when,
for how long and who is responsible. It is read with the site config and its mistakes are reported
like any content error; the plan becomes the page /cong-khai/ke-hoach/.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, Strict

from generator.types.common import Decision, StrictModel, Text, Year

PLAN_FILE = "site_config/ke-hoach-cong-khai.yaml"
LawGroup = Annotated[int, Strict(), Field(ge=1, le=14)]


class PlanEntry(StrictModel):
    """Một nội dung trong kế hoạch công khai."""

    content: Text
    """Nội dung công khai, ví dụ "Dự toán ngân sách xã năm 2026"."""
    group: LawGroup | None = None
    """Nhóm nội dung theo khoản của Luật 10/2022 Điều 11 (1–14)."""
    forms: list[Text] = Field(min_length=1)
    """Hình thức công khai, ví dụ "Cổng thông tin điện tử", "Niêm yết tại trụ sở"."""
    timing: Text
    """Thời điểm công khai, ví dụ "Chậm nhất 30 ngày sau khi HĐND xã quyết định"."""
    duration: Text
    """Thời hạn công khai, ví dụ "Niêm yết ít nhất 30 ngày liên tục"."""
    responsible: Text
    """Người, bộ phận chịu trách nhiệm."""


class DisclosurePlan(StrictModel):
    """Kế hoạch công khai thông tin của UBND xã trong một năm (Luật 10/2022 Điều 14 khoản 1)."""

    year: Year
    """Năm của kế hoạch."""
    approval: Decision | None = None
    """Văn bản ban hành kế hoạch."""
    responsible: Text
    """Người chịu trách nhiệm chung, ví dụ "Chủ tịch UBND xã"."""
    entries: list[PlanEntry] = Field(min_length=1)
    """Các nội dung công khai."""


class DisclosurePlanFile(StrictModel):
    """Tệp site_config/ke-hoach-cong-khai.yaml: kế hoạch công khai của từng năm."""

    plans: list[DisclosurePlan] = Field(min_length=1)
    """Kế hoạch của các năm."""
