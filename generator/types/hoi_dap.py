"""hoi-dap: citizens' questions and the commune's answers.

Legal basis: Decree 20/2008 Art. 19 (publishing answers to feedback); Decree 224/2026 and the
commune's PAPI plan (receive and answer residents' questions on the portal).

Two shapes. A question a resident sent (`question`, `received`, `channel`, `topic`) is tracked
against the commune's answering time limit. A meeting where requests were heard and answered
(voters' contact with deputies, monthly citizen reception, dialogue: shared/real-docs/07–12) is
published as communes publish it: the meeting, its list of requests and answers, and the
signed document or report; it has no single receipt date, so no deadline is computed for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, Strict

from generator.types.common import PERSONAL_DATA, Date, Disclosure, Problem, StrictModel, Text
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


MEETING_KINDS = {
    "tiep-xuc-cu-tri": "Tiếp xúc cử tri",
    "tiep-cong-dan": "Tiếp công dân định kỳ",
    "doi-thoai": "Đối thoại với Nhân dân",
    "hop-dan": "Họp dân",
}
REQUEST_STATUSES = {
    "tra-loi-tai-hoi-nghi": "Đã trả lời, giải trình tại hội nghị",
    "tiep-thu": "Tiếp thu",
    "chuyen-cap-tren": "Chuyển cấp có thẩm quyền",
    "tra-loi-bang-van-ban": "Đã trả lời bằng văn bản",
    "dang-giai-quyet": "Đang kiểm tra, sẽ phản hồi",
}
Count = Annotated[int, Strict(), Field(ge=0)]


class Meeting(StrictModel):
    """Buổi tiếp xúc cử tri, tiếp công dân, đối thoại hoặc họp dân nơi ý kiến được nêu, trả lời."""

    kind: Literal["tiep-xuc-cu-tri", "tiep-cong-dan", "doi-thoai", "hop-dan"]
    """Loại: tiep-xuc-cu-tri, tiep-cong-dan, doi-thoai, hop-dan."""
    date: Date | None = None
    """Ngày họp (ngày đầu, nếu nhiều ngày). Để trống nếu văn bản gốc không ghi."""
    date_to: Date | None = None
    """Ngày cuối, nếu tiếp xúc trong nhiều ngày."""
    body: Text | None = None
    """Cơ quan tổ chức, ví dụ "Tổ đại biểu số 1 HĐND xã", "HĐND xã Phú Long"."""
    session: Text | None = None
    """Kỳ họp liên quan, ví dụ "trước Kỳ họp thứ 5, HĐND xã khóa XIX nhiệm kỳ 2016 - 2021"."""
    place: Text | None = None
    """Địa điểm, ví dụ "Hội trường thôn Bo Thượng"."""
    villages: list[Text] = []
    """Thôn, ấp có cử tri, người dân dự."""
    chairs: list[Text] = []
    """Người chủ trì, đại biểu tiếp xúc (họ tên, chức vụ)."""
    participants: Count | None = None
    """Số người dân tham dự (nếu văn bản ghi)."""
    opinions: Count | None = None
    """Số lượt ý kiến, kiến nghị (nếu văn bản ghi)."""

    @property
    def kind_title(self) -> str:
        return MEETING_KINDS[self.kind]


class Request(StrictModel):
    """Một ý kiến, kiến nghị và câu trả lời (nếu có)."""

    request: Text
    """Nội dung ý kiến, kiến nghị."""
    asker: Text | None = Field(default=None, json_schema_extra=PERSONAL_DATA)
    """Người, nơi nêu ý kiến, ghi gọn (ví dụ "Cử tri thôn Đông"); không ghi CCCD, điện thoại."""
    topic: Text | None = None
    """Lĩnh vực, ví dụ "Giao thông"."""
    answer: Text | None = None
    """Nội dung trả lời, giải trình (nếu có)."""
    answered_by: Text | None = None
    """Người, cơ quan trả lời, tiếp thu (hiện cả khi không có nội dung trả lời)."""
    status: Literal[
        "tra-loi-tai-hoi-nghi", "tiep-thu", "chuyen-cap-tren", "tra-loi-bang-van-ban",
        "dang-giai-quyet",
    ] | None = None  # fmt: skip
    """Tình trạng: tra-loi-tai-hoi-nghi, tiep-thu, chuyen-cap-tren, tra-loi-bang-van-ban,
    dang-giai-quyet."""

    @property
    def status_title(self) -> str | None:
        return REQUEST_STATUSES[self.status] if self.status else None


class Question(Disclosure):
    """Câu hỏi của người dân và câu trả lời của UBND xã; hoặc một buổi tiếp xúc cử tri, tiếp công
    dân, đối thoại với danh sách ý kiến, kiến nghị và trả lời."""

    meeting: Meeting | None = None
    """Buổi tiếp xúc cử tri, tiếp công dân, đối thoại (khi đăng kết quả một buổi)."""
    requests: list[Request] = []
    """Các ý kiến, kiến nghị và trả lời của buổi đó, hoặc của văn bản trả lời cử tri."""
    question: Text | None = None
    """Nội dung câu hỏi, kiến nghị (đã bỏ thông tin cá nhân không cần thiết)."""
    asker: Text | None = Field(default=None, json_schema_extra=PERSONAL_DATA)
    """Người hỏi, ghi gọn (ví dụ "Ông N.V.A, thôn Đông"); không ghi số điện thoại, CCCD."""
    received: Date | None = None
    """Ngày tiếp nhận câu hỏi (bắt buộc với một câu hỏi riêng)."""
    channel: Literal[
        "truc-tiep", "dien-thoai", "email", "cong-thong-tin", "hop-dan", "van-ban", "hom-thu"
    ] | None = None  # fmt: skip
    """Kênh tiếp nhận: truc-tiep, dien-thoai, email, cong-thong-tin, hop-dan, van-ban, hom-thu."""
    topic: Text | None = None
    """Lĩnh vực, ví dụ "Đất đai", "Chính sách xã hội", "Giao thông"."""
    answer: Text | None = None
    """Nội dung trả lời. Để trống khi chưa trả lời."""
    answered: Date | None = None
    """Ngày trả lời."""
    answered_by: Text | None = None
    """Cơ quan, người trả lời, ví dụ "Chủ tịch UBND xã"."""

    @property
    def tracked(self) -> bool:
        """A resident's own question, answered within the commune's time limit; a meeting's
        requests are published as heard, with no receipt date to count from."""
        return self.received is not None

    def period_year(self) -> int:
        if self.received:
            return self.received.year
        if self.meeting and self.meeting.date:
            return self.meeting.date.year
        signed = self.signed_document()
        if signed and signed.date:
            return signed.date.year
        return self.published.year

    def listing_note(self) -> str:
        if self.topic:
            return f"Lĩnh vực: {self.topic}"
        if self.meeting:
            return self.meeting.kind_title
        return "Trả lời ý kiến, kiến nghị"

    def due_date(self, working_days: int) -> dt.date:
        """When the answer is due under the commune's own time limit (tracked questions)."""
        assert self.received is not None, "only a tracked question has a due date"
        return add_working_days(self.received, working_days)

    def status(self, working_days: int, as_of: dt.date) -> str:
        """`answered`, `late` (answered after the due date), `pending` or `overdue`."""
        due = self.due_date(working_days)
        if self.answered:
            return "late" if self.answered > due else "answered"
        return "overdue" if as_of > due else "pending"

    @property
    def channel_title(self) -> str | None:
        return CHANNELS[self.channel] if self.channel else None

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        yield from self._shape_problems()
        meeting = self.meeting
        if meeting and meeting.date and meeting.date_to and meeting.date_to < meeting.date:
            yield Problem("CK111", ("meeting", "date_to"), "ngày cuối trước ngày đầu")
        if self.received is None:
            return
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

    def _shape_problems(self) -> Iterator[Problem]:
        publication = self.meeting or self.requests or self.publishes_document()
        if publication and self.received is None:
            return
        for name in ("question", "received", "channel", "topic"):
            if getattr(self, name) is None:
                yield Problem(
                    "CK101",
                    (name,),
                    f"câu hỏi của người dân cần có `{name}`",
                    "Ghi đủ question, received, channel, topic; hoặc, để đăng kết quả một buổi "
                    "tiếp xúc cử tri, tiếp công dân, ghi `meeting` và `requests`.",
                )
