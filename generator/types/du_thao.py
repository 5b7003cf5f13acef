"""du-thao: drafts published for residents' comments, and the result of the consultation.

Legal basis: Law 10/2022 Arts. 15–25 (matters residents comment on) and Art. 11(11) (the
consultation plan, the content consulted, the summary of opinions and the explanation of what was
accepted); Law 64/2025 on legal documents (drafts on the drafting agency's portal); comment
periods are unverified.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated

from pydantic import Field

from generator.diagnostics.positions import FieldPath
from generator.types.common import Date, Problem, Text
from generator.types.notice import Notice

STATUS_TITLES = {
    "upcoming": "Sắp lấy ý kiến",
    "open": "Đang lấy ý kiến",
    "closed": "Đã hết thời gian góp ý",
    "concluded": "Đã có kết quả lấy ý kiến",
}
ItemUrl = Annotated[str, Field(pattern=r"^[a-z0-9-]+/([0-9]{4}/)?[a-z0-9-]+/?$")]


class Draft(Notice):
    """Dự thảo lấy ý kiến Nhân dân. Có văn bản đã ký (`signed`, ví dụ thông báo lấy ý kiến) hoặc
    nội dung (`body`) thì chỉ cần thời gian góp ý; các trường khác ghi thêm khi có."""

    needs_without_document = ("drafting_body", "how_to_comment")

    drafting_body: Text | None = None
    """Cơ quan soạn thảo, ví dụ "Văn phòng HĐND và UBND xã"."""
    comment_from: Date
    """Ngày bắt đầu nhận góp ý."""
    comment_to: Date
    """Ngày cuối cùng nhận góp ý."""
    how_to_comment: Text | None = None
    """Cách góp ý: gửi thư điện tử, nộp văn bản tại trụ sở, góp ý tại hội nghị thôn..."""
    result: Text | None = None
    """Kết quả lấy ý kiến: số ý kiến nhận được, nội dung tiếp thu, giải trình."""
    result_published: Date | None = None
    """Ngày công bố kết quả lấy ý kiến."""
    consultation_plan: Text | None = None
    """Kế hoạch lấy ý kiến: hình thức (hội nghị thôn, phát phiếu, hòm thư góp ý), thời gian."""
    opinions_summary: Text | None = None
    """Tổng hợp ý kiến của Nhân dân: số ý kiến, nội dung chính."""
    accepted: Text | None = None
    """Những ý kiến được tiếp thu và nội dung đã sửa."""
    explanation: Text | None = None
    """Giải trình những ý kiến không tiếp thu và lý do."""
    adopted: ItemUrl | None = None
    """Địa chỉ của văn bản đã ban hành trên cổng, ví dụ `van-ban/2025/nq-12-quy-che/`."""

    def period_year(self) -> int:
        return self.comment_from.year

    @property
    def adopted_url(self) -> str | None:
        return self.adopted.rstrip("/") + "/" if self.adopted else None

    def status(self, as_of: dt.date) -> str:
        if self.result:
            return "concluded"
        if as_of < self.comment_from:
            return "upcoming"
        return "open" if as_of <= self.comment_to else "closed"

    def listing_note(self) -> str | None:
        return f"Góp ý từ {self.comment_from:%d/%m/%Y} đến {self.comment_to:%d/%m/%Y}"

    def references(self) -> Iterator[tuple[FieldPath, str]]:
        if self.adopted_url:
            yield ("adopted",), self.adopted_url

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if self.comment_to <= self.comment_from:
            yield Problem("CK111", ("comment_to",), "ngày cuối nhận góp ý không sau ngày bắt đầu")
        if self.result_published and self.result_published < self.comment_to:
            yield Problem(
                "CK111", ("result_published",), "công bố kết quả trước khi hết thời gian góp ý"
            )
        if bool(self.result) != bool(self.result_published):
            field = "result" if self.result else "result_published"
            yield Problem(
                "CK114",
                (field,),
                "kết quả lấy ý kiến cần cả nội dung `result` và ngày `result_published`",
            )
