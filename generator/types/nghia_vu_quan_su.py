"""nghia-vu-quan-su: military and police service call-up numbers and lists.

Legal basis: Law 10/2022 Art. 11(9) (number, beneficiaries and criteria of the call-up; lists of
citizens eligible, called up, deferred or exempted, for the army and the People's Public
Security) and Art. 13(2)–(3). The lists are personal data (Law 91/2025): only the name and the
village are published, and the list comes down once the call-up is over.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, Strict

from generator.types.common import PERSONAL_DATA, Date, Problem, StrictModel, Text, Year
from generator.types.notice import Notice

SERVICES = {"quan-doi": "Quân đội nhân dân", "cong-an": "Công an nhân dân"}
LIST_TITLES = {
    "eligible": "Danh sách công dân đủ điều kiện nhập ngũ",
    "called": "Danh sách công dân được gọi nhập ngũ",
    "deferred": "Danh sách công dân được tạm hoãn",
    "exempted": "Danh sách công dân được miễn",
}
MAX_DAYS_AFTER_CALL_UP = 30
"""How long after the call-up day the lists may stay online (the commune's own limit)."""


class Citizen(StrictModel):
    """Một công dân trong danh sách: chỉ họ tên và thôn được công khai."""

    number: Annotated[int, Strict(), Field(ge=1)]
    """Số thứ tự."""
    name: Text = Field(json_schema_extra=PERSONAL_DATA)
    """Họ và tên."""
    village: Text
    """Thôn, tổ dân phố."""


class CallUp(Notice):
    """Chỉ tiêu, tiêu chuẩn và danh sách gọi công dân nhập ngũ, thực hiện nghĩa vụ CAND. Có văn
    bản đã ký (`signed`) thì chỉ tiêu, tiêu chuẩn ghi thêm khi có."""

    needs_without_document = ("quota", "criteria")

    year: Year
    """Năm gọi nhập ngũ."""
    service: Literal["quan-doi", "cong-an"]
    """quan-doi (nhập ngũ) hoặc cong-an (thực hiện nghĩa vụ tham gia Công an nhân dân)."""
    quota: Annotated[int, Strict(), Field(ge=1)] | None = None
    """Số công dân được giao chỉ tiêu gọi."""
    criteria: Text | None = None
    """Đối tượng, tiêu chuẩn gọi (tuổi, sức khỏe, học vấn...)."""
    call_up_date: Date
    """Ngày giao, nhận quân."""
    eligible: list[Citizen] = []
    """Danh sách công dân đủ điều kiện (sau khám sức khỏe)."""
    called: list[Citizen] = []
    """Danh sách được gọi nhập ngũ."""
    deferred: list[Citizen] = []
    """Danh sách được tạm hoãn."""
    exempted: list[Citizen] = []
    """Danh sách được miễn."""

    def period_year(self) -> int:
        return self.year

    @property
    def service_title(self) -> str:
        return SERVICES[self.service]

    @property
    def lists(self) -> list[tuple[str, list[Citizen]]]:
        return [(LIST_TITLES[key], getattr(self, key)) for key in LIST_TITLES if getattr(self, key)]

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        has_names = any(getattr(self, key) for key in LIST_TITLES)
        latest = self.call_up_date + dt.timedelta(days=MAX_DAYS_AFTER_CALL_UP)
        if has_names and self.unpublish_after is None:
            yield Problem(
                "CK950",
                ("unpublish_after",),
                "danh sách gọi nhập ngũ chưa có ngày gỡ khỏi cổng `unpublish_after`",
                f"Thêm `unpublish_after:` sau ngày giao, nhận quân, chậm nhất {latest:%Y-%m-%d}.",
            )
        elif has_names and self.unpublish_after and self.unpublish_after > latest:
            yield Problem(
                "CK951",
                ("unpublish_after",),
                f"danh sách còn để trên cổng hơn {MAX_DAYS_AFTER_CALL_UP} ngày sau ngày giao, "
                "nhận quân",
                f"Đặt `unpublish_after:` không muộn hơn {latest:%Y-%m-%d}.",
            )
        elif self.unpublish_after and self.unpublish_after < self.call_up_date:
            yield Problem(
                "CK111", ("unpublish_after",), "ngày gỡ danh sách trước ngày giao, nhận quân"
            )
        for key in LIST_TITLES:
            seen: set[int] = set()
            for index, citizen in enumerate(getattr(self, key)):
                if citizen.number in seen:
                    yield Problem(
                        "CK107",
                        (key, index, "number"),
                        f"số thứ tự {citizen.number} bị trùng",
                        "Đánh lại số thứ tự để mỗi người có một số riêng.",
                    )
                seen.add(citizen.number)
