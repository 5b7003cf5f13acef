"""hoi-dap: citizens' questions and the commune's answers.

Legal basis: Decree 20/2008 Art. 19 (publishing answers to feedback); Decree 224/2026 and the
commune's PAPI plan (receive and answer residents' questions on the portal).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from generator.types.common import PERSONAL_DATA, Date, Disclosure, Problem, Text
from generator.vn.workdays import add_working_days

STATUS_TITLES = {
    "answered": "Đã trả lời",
    "late": "Đã trả lời (quá hạn)",
    "pending": "Đang xử lý",
    "overdue": "Quá hạn, chưa trả lời",
}

CHANNELS = {
    "truc-tiep": "Trực tiếp tại bộ phận một cửa",
    "dien-thoai": "Điện thoại",
    "email": "Thư điện tử",
    "cong-thong-tin": "Cổng thông tin điện tử",
    "hop-dan": "Hội nghị tiếp xúc, họp dân",
    "van-ban": "Văn bản, đơn thư",
    "hom-thu": "Hòm thư góp ý",
}


class Question(Disclosure):
    """Câu hỏi của người dân và câu trả lời của UBND xã."""

    question: Text
    """Nội dung câu hỏi, kiến nghị (đã bỏ thông tin cá nhân không cần thiết)."""
    asker: Text | None = Field(default=None, json_schema_extra=PERSONAL_DATA)
    """Người hỏi, ghi gọn (ví dụ "Ông N.V.A, thôn Đông"); không ghi số điện thoại, CCCD."""
    received: Date
    """Ngày tiếp nhận câu hỏi."""
    channel: Literal[
        "truc-tiep", "dien-thoai", "email", "cong-thong-tin", "hop-dan", "van-ban", "hom-thu"
    ]
    """Kênh tiếp nhận: truc-tiep, dien-thoai, email, cong-thong-tin, hop-dan, van-ban, hom-thu."""
    topic: Text
    """Lĩnh vực, ví dụ "Đất đai", "Chính sách xã hội", "Giao thông"."""
    answer: Text | None = None
    """Nội dung trả lời. Để trống khi chưa trả lời."""
    answered: Date | None = None
    """Ngày trả lời."""
    answered_by: Text | None = None
    """Cơ quan, người trả lời, ví dụ "Chủ tịch UBND xã"."""

    def period_year(self) -> int:
        return self.received.year

    def listing_note(self) -> str:
        return f"Lĩnh vực: {self.topic}"

    def due_date(self, working_days: int) -> dt.date:
        """When the answer is due under the commune's own time limit."""
        return add_working_days(self.received, working_days)

    def status(self, working_days: int, as_of: dt.date) -> str:
        """`answered`, `late` (answered after the due date), `pending` or `overdue`."""
        due = self.due_date(working_days)
        if self.answered:
            return "late" if self.answered > due else "answered"
        return "overdue" if as_of > due else "pending"

    @property
    def channel_title(self) -> str:
        return CHANNELS[self.channel]

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if self.published < self.received:
            yield Problem("CK111", ("published",), "ngày đăng trước ngày tiếp nhận câu hỏi")
        if self.answered and self.answered < self.received:
            yield Problem("CK111", ("answered",), "ngày trả lời trước ngày tiếp nhận câu hỏi")
        given = [name for name in ("answer", "answered", "answered_by") if getattr(self, name)]
        if given and len(given) < 3:
            missing = [n for n in ("answer", "answered", "answered_by") if n not in given]
            yield Problem(
                "CK114",
                (given[0],),
                f"câu trả lời chưa đủ: thiếu {', '.join(f'`{n}`' for n in missing)}",
                "Ghi đủ ba trường answer, answered, answered_by; chưa trả lời thì để trống cả ba.",
            )
