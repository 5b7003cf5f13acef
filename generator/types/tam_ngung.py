"""tam-ngung: notice of planned downtime of the portal or its online services.

Legal basis: Decree 224/2026 Art. 13(1)(a): a planned suspension is announced at least 7 working
days before it starts, except in force majeure, and the notice gives the expected restoration
time (checked by rule nd224.a13.suspension_notice).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from pydantic import Field

from generator.types.common import Date, Disclosure, Problem, Text

Clock = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


class Downtime(Disclosure):
    """Thông báo tạm ngừng cung cấp thông tin, dịch vụ trực tuyến theo kế hoạch."""

    start: Date
    """Ngày bắt đầu tạm ngừng."""
    start_time: Clock | None = None
    """Giờ bắt đầu, ví dụ "22:00"."""
    expected_restore: Date
    """Ngày dự kiến khôi phục."""
    restore_time: Clock | None = None
    """Giờ dự kiến khôi phục, ví dụ "06:00"."""
    reason: Text
    """Lý do tạm ngừng, ví dụ "Nâng cấp máy chủ của Cổng thông tin điện tử tỉnh"."""
    affected: Text
    """Thông tin, dịch vụ bị ảnh hưởng."""
    alternative: Text | None = None
    """Cách liên hệ, nộp hồ sơ trong thời gian tạm ngừng."""
    force_majeure: bool = False
    """Tạm ngừng do sự cố bất khả kháng (không áp dụng thời hạn báo trước 7 ngày làm việc)."""

    def period_year(self) -> int:
        return self.start.year

    def listing_note(self) -> str:
        restore = f"{self.expected_restore:%d/%m/%Y}"
        return f"Tạm ngừng từ {self.start:%d/%m/%Y}, dự kiến khôi phục {restore}"

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if self.expected_restore < self.start:
            yield Problem(
                "CK111", ("expected_restore",), "ngày dự kiến khôi phục trước ngày tạm ngừng"
            )
