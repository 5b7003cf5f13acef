"""ho-ngheo: results of the poor and near-poor household review, as communes publish them.

Legal basis: Law 10/2022 Art. 11(7) and Art. 13 (portal, radio ≥ 3 days, posting ≥ 30 days);
Decision 24/2021/QĐ-TTg Arts. 3–4 (review steps: village meeting, public posting and notice, then
the commune chairman's recognition decision). Real posts (shared/real-docs/05, issue 23) are a
notice of posting (niêm yết) or a recognition decision (quyết định công nhận) giving counts in
households and people per group, with the named list in an attachment. So the counts are fields
of their own, the named list is optional, and the posting window belongs to the posting stage only.

Posting length: Decision 24/2021 Art. 4 has a step "niêm yết, thông báo công khai" (its step
names are quoted at pgdphurieng.edu.vn/quyet-dinh-24-2021-qd-ttg-quy-trinh-ra-soat-ho-ngheo-ho-can-
ngheo); the length of that step (3 working days, as far as we know) was not read in the text here,
so the model asks for the window the commune gave and judges no length. The 30 days of the
compliance checklist come from Law 10/2022 Art. 13(2), a general rule.

Only the columns below are ever published: no ID numbers, birth dates or phone numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, Strict
from pydantic_core import PydanticCustomError

from generator.diagnostics.positions import FieldPath
from generator.types.common import (
    PERSONAL_DATA,
    Date,
    Disclosure,
    Name,
    Problem,
    StrictModel,
    Text,
    Year,
)
from generator.vn.formatting import vn_date

REVIEW_KINDS = {"dinh-ky": "Rà soát định kỳ hằng năm", "thuong-xuyen": "Rà soát thường xuyên"}
STAGES = {
    "niem-yet": "Niêm yết công khai kết quả rà soát",
    "cong-nhan": "Quyết định công nhận",
    "ket-qua": "Thông báo kết quả rà soát",
}
GROUPS = {
    "poor": "Hộ nghèo",
    "near_poor": "Hộ cận nghèo",
    "new_poor": "Hộ nghèo mới (phát sinh)",
    "escaped_poor": "Hộ thoát nghèo",
    "escaped_near_poor": "Hộ thoát cận nghèo",
    "fell_back": "Hộ tái nghèo",
}
LIST_TITLES = {
    "poor": "Danh sách hộ nghèo",
    "near_poor": "Danh sách hộ cận nghèo",
    "new_poor": "Danh sách hộ nghèo mới",
    "escaped_poor": "Danh sách hộ thoát nghèo",
    "escaped_near_poor": "Danh sách hộ thoát cận nghèo",
    "fell_back": "Danh sách hộ tái nghèo",
    "escaped": "Danh sách hộ thoát nghèo, thoát cận nghèo",
}

# The standard a review year applies, per shared/reference/legal-requirements.md §0a: Decision
# 59/2015/QĐ-TTg for 2016–2020 (real-docs/05: a 2018 review "áp dụng cho giai đoạn 2016-2020"),
# Decree 07/2021/NĐ-CP (27/01/2021) for 2021–2025 (the Cẩm Duệ notice 566/TB-UBND of 24/10/2022
# cites it, xacamdue.hatinh.gov.vn) and still in 2026, Decree 351/2025/NĐ-CP (30/12/2025) for
# households identified from 2027. The 2026 line is "likely", not read in the decree: a clerk
# whose decision cites another standard writes it in `standard`, and the page shows that.
STANDARDS = (
    (2016, 2020, "Quyết định 59/2015/QĐ-TTg (chuẩn nghèo tiếp cận đa chiều giai đoạn 2016–2020)"),
    (2021, 2026, "Nghị định 07/2021/NĐ-CP (chuẩn nghèo đa chiều giai đoạn 2021–2025)"),
    (2027, 2030, "Nghị định 351/2025/NĐ-CP (chuẩn nghèo đa chiều giai đoạn 2026–2030)"),
)

Count = Annotated[int, Strict(), Field(ge=0)]


def _number_only(value: object) -> object:
    # pydantic would accept "3,43" or True as a number; a rate must be written as a number.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("float_type", "Input should be a valid number")
    return float(value)


Percent = Annotated[float, BeforeValidator(_number_only), Field(ge=0, le=100)]


class Household(StrictModel):
    """Một hộ trong danh sách. Chỉ có các cột này được công khai."""

    number: Annotated[int, Strict(), Field(ge=1)]
    """Số thứ tự trong danh sách (1, 2, 3...)."""
    head: Name = Field(json_schema_extra=PERSONAL_DATA)
    """Họ và tên chủ hộ."""
    village: Name
    """Thôn, ấp, bản, tổ dân phố nơi hộ cư trú."""
    people: Annotated[int, Strict(), Field(ge=1)] | None = None
    """Số khẩu của hộ (nếu danh sách gốc có cột này)."""
    category: Text | None = None
    """Phân loại (ví dụ "Hộ nghèo thiếu hụt dịch vụ y tế", "Thoát nghèo")."""


class CountLine(StrictModel):
    """Một dòng chia nhỏ số hộ: theo nguyên nhân, theo thôn, theo nhóm chính sách..."""

    label: Text
    """Tên dòng, ví dụ "Thôn Đông" hoặc "Hộ nghèo có thành viên hưởng bảo trợ xã hội"."""
    households: Count
    """Số hộ."""
    people: Count | None = None
    """Số khẩu (nếu văn bản ghi)."""


class Breakdown(StrictModel):
    """Một cách chia số hộ của một nhóm, đúng như văn bản ghi."""

    by: Text
    """Chia theo gì, ví dụ "Theo thôn", "Theo nguyên nhân nghèo"."""
    lines: list[CountLine] = Field(min_length=1)
    """Các dòng."""


class GroupCount(StrictModel):
    """Số hộ, số khẩu của một nhóm (hộ nghèo, hộ cận nghèo...) như văn bản đã ký ghi."""

    households: Count
    """Số hộ."""
    people: Count | None = None
    """Số khẩu (nhân khẩu)."""
    rate: Percent | None = None
    """Tỷ lệ (%) như văn bản ghi, ví dụ 3.43 (dùng dấu chấm thập phân)."""
    breakdowns: list[Breakdown] = []
    """Chia nhỏ (theo thôn, theo nguyên nhân...), nếu văn bản có."""


class Counts(StrictModel):
    """Số hộ, số khẩu theo từng nhóm; ghi các nhóm văn bản có."""

    poor: GroupCount | None = None
    """Hộ nghèo."""
    near_poor: GroupCount | None = None
    """Hộ cận nghèo."""
    new_poor: GroupCount | None = None
    """Hộ nghèo mới phát sinh."""
    escaped_poor: GroupCount | None = None
    """Hộ thoát nghèo."""
    escaped_near_poor: GroupCount | None = None
    """Hộ thoát cận nghèo."""
    fell_back: GroupCount | None = None
    """Hộ tái nghèo."""

    def given(self) -> list[tuple[str, str, GroupCount]]:
        """(field, Vietnamese title, count) of each group written, in publication order."""
        return [
            (key, title, getattr(self, key))
            for key, title in GROUPS.items()
            if getattr(self, key) is not None
        ]


class PovertyReview(Disclosure):
    """Kết quả rà soát hộ nghèo, hộ cận nghèo: thông báo niêm yết, quyết định công nhận hoặc thông
    báo kết quả. Có văn bản đã ký (`signed`) và tệp đính kèm là đủ để đăng; số hộ ghi ở `counts`,
    danh sách có tên ghi thêm nếu có."""

    year: Year
    """Năm rà soát."""
    stage: Literal["niem-yet", "cong-nhan", "ket-qua"] = "niem-yet"
    """Bước: niem-yet (niêm yết công khai kết quả rà soát), cong-nhan (quyết định công nhận hộ
    nghèo, cận nghèo), ket-qua (thông báo kết quả rà soát)."""
    review_kind: Literal["dinh-ky", "thuong-xuyen"] | None = None
    """Loại rà soát: dinh-ky (định kỳ hằng năm) hoặc thuong-xuyen (thường xuyên)."""
    standard: Text | None = None
    """Chuẩn nghèo áp dụng như văn bản ghi; để trống thì lấy theo năm rà soát."""
    effective: Date | None = None
    """Ngày hộ được hưởng chính sách (quyết định công nhận), ví dụ 2021-01-01."""
    village_meeting: Date | None = None
    """Ngày họp thôn bình xét (YYYY-MM-DD)."""
    posted_from: Date | None = None
    """Ngày bắt đầu niêm yết công khai (bước niêm yết)."""
    posted_to: Date | None = None
    """Ngày kết thúc niêm yết công khai."""
    posting_places: list[Text] = []
    """Nơi niêm yết, ví dụ "Trụ sở UBND xã", "Nhà văn hoá thôn Đông", "Trụ sở các ấp"."""
    radio_from: Date | None = None
    """Ngày bắt đầu thông báo trên hệ thống loa truyền thanh của xã."""
    radio_to: Date | None = None
    """Ngày cuối cùng thông báo trên loa (ít nhất 3 ngày liên tục, Luật 10/2022 Điều 13 khoản 3)."""
    how_to_comment: Text | None = None
    """Cách góp ý, khiếu nại trong thời gian niêm yết (nơi nhận, hạn)."""
    counts: Counts | None = None
    """Số hộ, số khẩu từng nhóm như văn bản ghi (87 hộ / 181 khẩu...)."""
    poor: list[Household] = []
    """Danh sách hộ nghèo (có tên); có thể chỉ ở tệp đính kèm."""
    near_poor: list[Household] = []
    """Danh sách hộ cận nghèo."""
    new_poor: list[Household] = []
    """Danh sách hộ nghèo mới phát sinh."""
    escaped_poor: list[Household] = []
    """Danh sách hộ thoát nghèo."""
    escaped_near_poor: list[Household] = []
    """Danh sách hộ thoát cận nghèo."""
    fell_back: list[Household] = []
    """Danh sách hộ tái nghèo."""
    escaped: list[Household] = []
    """Danh sách hộ thoát nghèo và thoát cận nghèo chung một bảng (khi văn bản gộp hai nhóm)."""

    def period_year(self) -> int:
        return self.year

    def listing_note(self) -> str:
        if self.posted_from and self.posted_to:
            return f"Niêm yết từ {vn_date(self.posted_from)} đến {vn_date(self.posted_to)}"
        return self.stage_title

    @property
    def stage_title(self) -> str:
        return STAGES[self.stage]

    @property
    def review_kind_title(self) -> str | None:
        return REVIEW_KINDS[self.review_kind] if self.review_kind else None

    @property
    def standard_title(self) -> str | None:
        """The standard the document names, or the one in force for the review year."""
        if self.standard:
            return self.standard
        for first, last, title in STANDARDS:
            if first <= self.year <= last:
                return title
        return None

    @property
    def lists(self) -> list[tuple[str, list[Household]]]:
        """The non-empty named lists with their Vietnamese titles, in publication order."""
        return [(LIST_TITLES[key], getattr(self, key)) for key in LIST_TITLES if getattr(self, key)]

    @property
    def has_people_column(self) -> bool:
        return any(h.people is not None for _, households in self.lists for h in households)

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        yield from self._posting_problems()
        if self.village_meeting and self.posted_from and self.village_meeting > self.posted_from:
            yield Problem(
                "CK111", ("village_meeting",), "họp thôn bình xét sau ngày bắt đầu niêm yết"
            )
        if self.unpublish_after and self.posted_to and self.unpublish_after < self.posted_to:
            yield Problem(
                "CK111", ("unpublish_after",), "ngày gỡ danh sách trước khi hết thời gian niêm yết"
            )
        has_content = (
            self.lists or (self.counts and self.counts.given()) or self.publishes_document()
        )
        if not has_content:
            yield Problem(
                "CK101",
                (),
                "chưa có nội dung: không có số hộ (`counts`), danh sách hay tệp đính kèm",
                "Đính kèm văn bản đã ký (`attachments`), hoặc ghi số hộ ở `counts`, hoặc danh "
                "sách.",
            )
        for key in LIST_TITLES:
            yield from _numbering_problems(getattr(self, key), (key,))
        if self.counts:
            yield from _count_problems(self.counts)

    def _posting_problems(self) -> Iterator[Problem]:
        if self.stage == "niem-yet" and self.signed is None and self.posted_from is None:
            # A posting notice without its signed document says nothing unless it gives the
            # window; with the document attached the window may be only in the document.
            yield Problem(
                "CK101",
                ("posted_from",),
                "thông báo niêm yết chưa ghi thời gian niêm yết",
                "Ghi `posted_from`, `posted_to` và `posting_places`, hoặc đăng kèm văn bản đã "
                "ký (`signed` và `attachments`).",
            )
        for start, end, what in (
            ("posted_from", "posted_to", "niêm yết"),
            ("radio_from", "radio_to", "thông báo trên loa"),
        ):
            first, last = getattr(self, start), getattr(self, end)
            if (first is None) != (last is None):
                yield Problem(
                    "CK114",
                    (end if first is None else start,),
                    f"thời gian {what} cần cả `{start}` và `{end}`",
                )
            elif first and last and last < first:
                yield Problem("CK111", (end,), f"ngày kết thúc {what} trước ngày bắt đầu")
        if self.posted_from and not self.posting_places:
            yield Problem(
                "CK101",
                ("posting_places",),
                "có ngày niêm yết nhưng chưa ghi nơi niêm yết `posting_places`",
                'Thêm `posting_places:` với ít nhất một nơi, ví dụ "Trụ sở UBND xã".',
            )


def _numbering_problems(households: list[Household], path: FieldPath) -> Iterator[Problem]:
    seen: dict[int, int] = {}
    for index, household in enumerate(households):
        if household.number in seen:
            first = households[seen[household.number]]
            yield Problem(
                "CK107",
                (*path, index, "number"),
                f"số thứ tự {household.number} đã dùng cho hộ {first.head}",
                "Đánh lại số thứ tự để mỗi hộ có một số riêng.",
            )
        seen.setdefault(household.number, index)


def _count_problems(counts: Counts) -> Iterator[Problem]:
    """Breakdowns that do not add up: a warning (CK204), the figures are published as signed."""
    for key, title, group in counts.given():
        for b_index, breakdown in enumerate(group.breakdowns):
            for unit, total in (("hộ", group.households), ("khẩu", group.people)):
                attr = "households" if unit == "hộ" else "people"
                values = [getattr(line, attr) for line in breakdown.lines]
                if total is None or any(v is None for v in values):
                    continue
                if sum(values) != total:
                    yield Problem(
                        "CK204",
                        ("counts", key, "breakdowns", b_index, "lines"),
                        f"{title}: {breakdown.by.lower()} cộng được {sum(values)} {unit}, "
                        f"văn bản ghi tổng {total} {unit}",
                        "Số liệu vẫn được đăng đúng như văn bản đã ký; kiểm tra lại văn bản gốc.",
                    )
