"""thanh-tra: inspection and discipline results, and confidence votes.

Legal basis: Law 10/2022 Art. 11(10) (results of inspections and of handling corruption,
misconduct and disciplinary breaches by commune and village officials; results of confidence
votes for council and committee leaders) and Art. 13(2)–(3).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, Strict

from generator.types.common import Date, Decision, Problem, StrictModel, Text
from generator.types.notice import Notice

RESULT_KINDS = {
    "thanh-tra": "Kết luận thanh tra",
    "kiem-tra": "Kết quả kiểm tra",
    "ky-luat": "Xử lý kỷ luật, vi phạm",
    "tham-nhung": "Xử lý tham nhũng, tiêu cực",
    "tin-nhiem": "Kết quả lấy phiếu tín nhiệm",
}
Votes = Annotated[int, Strict(), Field(ge=0)]


class ConfidenceVote(StrictModel):
    """Kết quả lấy phiếu tín nhiệm của một người giữ chức vụ do HĐND bầu."""

    name: Text
    """Họ và tên người được lấy phiếu."""
    title: Text
    """Chức vụ, ví dụ "Chủ tịch UBND xã"."""
    high: Votes
    """Số phiếu tín nhiệm cao."""
    medium: Votes
    """Số phiếu tín nhiệm."""
    low: Votes
    """Số phiếu tín nhiệm thấp."""


class Inspection(Notice):
    """Kết quả thanh tra, kiểm tra, xử lý vi phạm và kết quả lấy phiếu tín nhiệm. Có văn bản đã
    ký (`signed`, ví dụ kết luận kiểm tra) là đủ để đăng; các trường riêng ghi thêm khi có."""

    needs_without_document = ("decided", "subject")

    result_kind: Literal["thanh-tra", "kiem-tra", "ky-luat", "tham-nhung", "tin-nhiem"]
    """Loại: thanh-tra, kiem-tra, ky-luat, tham-nhung, tin-nhiem (lấy phiếu tín nhiệm)."""
    decided: Date | None = None
    """Ngày kết luận, quyết định hoặc ngày lấy phiếu."""
    conclusion: Decision | None = None
    """Văn bản kết luận, quyết định (số, ngày, cơ quan)."""
    subject: Text | None = None
    """Nội dung, đối tượng thanh tra, kiểm tra hoặc kỳ họp lấy phiếu."""
    findings: Text | None = None
    """Kết quả, vi phạm phát hiện."""
    measures: Text | None = None
    """Biện pháp xử lý, kiến nghị và kết quả thực hiện."""
    voters: Annotated[int, Strict(), Field(ge=1)] | None = None
    """Số đại biểu HĐND tham gia bỏ phiếu (lấy phiếu tín nhiệm)."""
    votes: list[ConfidenceVote] = []
    """Kết quả lấy phiếu tín nhiệm từng người (không bắt buộc khi đã đăng văn bản đã ký)."""

    def period_year(self) -> int:
        if self.decided:
            return self.decided.year
        signed = self.signed_document()
        return signed.date.year if signed and signed.date else self.published.year

    @property
    def kind_title(self) -> str:
        return RESULT_KINDS[self.result_kind]

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if self.result_kind == "tin-nhiem":
            # The signed result (its file) is enough to publish; the table comes later.
            if (not self.votes or self.voters is None) and not self.publishes_document():
                field = "votes" if not self.votes else "voters"
                yield Problem(
                    "CK101", (field,), "kết quả lấy phiếu tín nhiệm cần `voters` và `votes`"
                )
            for index, vote in enumerate(self.votes):
                if self.voters is not None and vote.high + vote.medium + vote.low > self.voters:
                    yield Problem(
                        "CK106",
                        ("votes", index, "low"),
                        f"tổng số phiếu của {vote.name} nhiều hơn số đại biểu bỏ phiếu",
                    )
        elif not self.findings and not self.publishes_document():
            yield Problem("CK101", ("findings",), "chưa ghi kết quả `findings`")
        if self.decided and self.published < self.decided:
            yield Problem("CK111", ("published",), "ngày đăng trước ngày kết luận")
