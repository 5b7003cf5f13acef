"""du-an: public investment projects, their progress and contractor selection results.

Legal basis: Law 10/2022 Art. 11(4) (investment projects, compensation, resettlement);
Public Investment Law 58/2024; Procurement Law 22/2023 (contractor selection results).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from pydantic import Field, Strict

from generator.types.common import (
    Amount,
    Date,
    Decision,
    Problem,
    StrictModel,
    Text,
    Year,
)
from generator.types.notice import Posted
from generator.vn.formatting import vn_date, vnd


class CapitalSource(StrictModel):
    """Một nguồn vốn của dự án."""

    source: Text
    """Tên nguồn, ví dụ "Ngân sách tỉnh hỗ trợ", "Nhân dân đóng góp"."""
    amount: Amount
    """Số tiền (đồng)."""


class Progress(StrictModel):
    """Một lần cập nhật tiến độ."""

    date: Date
    """Ngày cập nhật."""
    percent: Annotated[int, Strict(), Field(ge=0, le=100)]
    """Khối lượng hoàn thành (%)."""
    note: Text
    """Nội dung cập nhật."""


class Contract(StrictModel):
    """Kết quả lựa chọn nhà thầu của một gói thầu."""

    package: Text
    """Tên gói thầu."""
    contractor: Text
    """Nhà thầu trúng thầu."""
    value: Amount
    """Giá trúng thầu (đồng)."""
    method: Text
    """Hình thức lựa chọn, ví dụ "Chỉ định thầu rút gọn", "Đấu thầu rộng rãi qua mạng"."""
    decision: Decision | None = None
    """Quyết định phê duyệt kết quả lựa chọn nhà thầu."""


class Project(Posted):
    """Dự án đầu tư công trên địa bàn xã. Có văn bản đã ký (`signed`, ví dụ nghị quyết của HĐND
    xã về chủ trương đầu tư) là đủ để đăng; chủ đầu tư, vốn, tiến độ ghi thêm khi có."""

    needs_without_document = ("investor", "location", "start_year", "total_investment")

    investor: Text | None = None
    """Chủ đầu tư, ví dụ "UBND xã Tân Hòa"."""
    location: Text | None = None
    """Địa điểm thực hiện."""
    start_year: Year | None = None
    """Năm khởi công (hoặc năm bắt đầu)."""
    end_year: Year | None = None
    """Năm dự kiến hoàn thành."""
    total_investment: Amount | None = None
    """Tổng mức đầu tư (đồng)."""
    capital_sources: list[CapitalSource] = []
    """Các nguồn vốn; tổng phải bằng tổng mức đầu tư."""
    approval: Decision | None = None
    """Quyết định phê duyệt dự án."""
    description: Text | None = None
    """Quy mô, mục tiêu của dự án."""
    progress: list[Progress] = []
    """Các lần cập nhật tiến độ, theo thứ tự thời gian."""
    contracts: list[Contract] = []
    """Kết quả lựa chọn nhà thầu."""

    def period_year(self) -> int:
        if self.start_year:
            return self.start_year
        signed = self.signed_document()
        return signed.date.year if signed and signed.date else self.published.year

    @property
    def latest_progress(self) -> Progress | None:
        return self.progress[-1] if self.progress else None

    def listing_note(self) -> str:
        latest = self.latest_progress
        done = f" · hoàn thành {latest.percent}% ({vn_date(latest.date)})" if latest else ""
        if self.total_investment is None:
            signed = self.signed_document()
            return (signed.identity() if signed else "Dự án đầu tư") + done
        return f"Tổng mức đầu tư {vnd(self.total_investment)} đồng{done}"

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if self.end_year and self.start_year and self.end_year < self.start_year:
            yield Problem("CK111", ("end_year",), "năm hoàn thành trước năm khởi công")
        if self.capital_sources and self.total_investment is not None:
            computed = sum(s.amount for s in self.capital_sources)
            if computed != self.total_investment:
                yield Problem(
                    "CK106",
                    ("total_investment",),
                    f"tổng mức đầu tư ghi {vnd(self.total_investment)} đồng nhưng cộng các nguồn "
                    f"vốn được {vnd(computed)} đồng (chênh lệch "
                    f"{vnd(self.total_investment - computed)} đồng)",
                    "Sửa số tổng mức đầu tư hoặc số của các nguồn vốn cho khớp.",
                )
        for index in range(1, len(self.progress)):
            before, after = self.progress[index - 1], self.progress[index]
            if after.date < before.date:
                yield Problem(
                    "CK111",
                    ("progress", index, "date"),
                    "các lần cập nhật tiến độ phải theo thứ tự thời gian",
                )
