"""The rule set: dated legal disclosure duties as data, validated with pydantic.

Rules ship as YAML in generator/rules/ and a commune may add its own in site_config/rules.yaml.
Each rule names its legal basis, when it is in force (by check date and, for budget duties, by the
budget year an item reports on), how sure we are of it, and one check of a few generic kinds.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Discriminator, Field, Strict, Tag, model_validator

from generator.types.common import Date, StrictModel, Text

Confidence = Literal["sure", "likely", "unverified"]
RuleSeverity = Literal["error", "warning"]
PapiArea = Literal["land", "poverty", "budget", "access_to_information", "egov"]
Scalar = str | int | bool
RuleId = Annotated[str, Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")]
TypeFolder = Annotated[str, Field(pattern=r"^([a-z0-9]+(-[a-z0-9]+)*|\*)$")]
ALL_TYPES = "*"
"""`type: "*"`: every published item, whatever its type (a duty on all published information)."""
Count = Annotated[int, Strict(), Field(ge=0, le=3660)]

CONFIDENCE_TITLES = {"sure": "Chắc chắn", "likely": "Khá chắc", "unverified": "Chưa kiểm chứng"}
PAPI_TITLES = {
    "land": "Công khai quy hoạch, kế hoạch sử dụng đất",
    "poverty": "Công khai danh sách hộ nghèo",
    "budget": "Công khai thu, chi ngân sách xã",
    "access_to_information": "Tiếp cận thông tin",
    "egov": "Quản trị điện tử: thông tin, biểu mẫu thủ tục trên cổng",
}
"""PAPI sub-dimensions a portal feeds: four of transparency, one of e-governance."""


class LegalBasis(StrictModel):
    """Căn cứ pháp lý của quy tắc."""

    instrument: Text
    """Văn bản, ví dụ "Luật 10/2022/QH15" hoặc "Nghị định 163/2016/NĐ-CP"."""
    article: Text | None = None
    """Điều, ví dụ "11"."""
    clause: Text | None = None
    """Khoản, ví dụ "2"."""
    point: Text | None = None
    """Điểm, ví dụ "a"."""
    valid_from: Date | None = None
    """Văn bản (điều khoản) có hiệu lực từ ngày này; để trống: theo `valid_from` của quy tắc."""
    valid_to: Date | None = None
    """Văn bản (điều khoản) hết hiệu lực sau ngày này; để trống: chưa hết hiệu lực."""
    confidence: Confidence | None = None
    """Độ chắc chắn riêng của căn cứ này nếu thấp hơn của quy tắc, ví dụ `unverified` khi chưa
    đọc được số điều của văn bản mới; quy tắc chỉ cảnh báo trong thời gian căn cứ này áp dụng."""

    @model_validator(mode="after")
    def _dates_in_order(self) -> LegalBasis:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to trước valid_from")
        return self

    def in_force(self, as_of: dt.date) -> bool:
        if self.valid_from and as_of < self.valid_from:
            return False
        return not (self.valid_to and as_of > self.valid_to)

    def cite(self) -> str:
        """Vietnamese citation order: `điểm a khoản 1 Điều 4 Nghị định 42/2022/NĐ-CP`."""
        parts = []
        if self.point:
            parts.append(f"điểm {self.point}")
        if self.clause:
            parts.append(f"khoản {self.clause}")
        if self.article:
            parts.append(f"Điều {self.article}")
        parts.append(self.instrument)
        return " ".join(parts)


class Span(StrictModel):
    """Một khoảng thời gian: số ngày hoặc số ngày làm việc (ghi một trong hai)."""

    days: Count | None = None
    """Số ngày theo lịch."""
    working_days: Count | None = None
    """Số ngày làm việc (trừ thứ Bảy, Chủ nhật, ngày lễ, Tết và ngày nghỉ bù)."""

    @model_validator(mode="after")
    def _exactly_one(self) -> Span:
        if (self.days is None) == (self.working_days is None):
            raise ValueError("ghi đúng một trong hai: days hoặc working_days")
        return self

    def after(self, start: dt.date) -> dt.date:
        """The last day of the period. A period in calendar days whose last day is a weekend or a
        holiday ends on the next working day (Civil Code 2015 Art. 148(5))."""
        from generator.vn.workdays import add_working_days

        if self.working_days is not None:
            return add_working_days(start, self.working_days)
        return next_working_day(start + dt.timedelta(days=self.days or 0))

    def describe(self) -> str:
        if self.working_days is not None:
            return f"{self.working_days} ngày làm việc"
        return f"{self.days} ngày"


def next_working_day(day: dt.date) -> dt.date:
    """`day` if it is a working day, else the first working day after it (Civil Code 2015
    Art. 148(5): a time limit whose last day is a day off ends on the next working day)."""
    from generator.vn.workdays import add_working_days

    return add_working_days(day, 0)


class DayOfYear(StrictModel):
    """Một ngày cố định trong năm của kỳ báo cáo (năm ngân sách), ví dụ 31/3 là hết quý I."""

    month: Annotated[int, Strict(), Field(ge=1, le=12)]
    """Tháng."""
    day: Annotated[int, Strict(), Field(ge=1, le=31)]
    """Ngày."""
    year_offset: Annotated[int, Strict(), Field(ge=-2, le=2)] = 0
    """Lệch so với năm của kỳ: -1 là năm trước (dự thảo dự toán năm N trình cuối năm N-1)."""

    @model_validator(mode="after")
    def _real_date(self) -> DayOfYear:
        self.in_year(2024)  # a leap year accepts every day that can ever exist
        return self

    def in_year(self, year: int) -> dt.date:
        try:
            return dt.date(year + self.year_offset, self.month, self.day)
        except ValueError as exc:
            raise ValueError(f"ngày {self.day}/{self.month} không có thật") from exc


class Event(StrictModel):
    """Mốc tính hạn: một trường ngày trên mục công khai, hoặc một ngày cố định của kỳ."""

    field: Text | None = None
    """Trường ngày trên mục, ví dụ `approval.date` (ngày ban hành văn bản phê duyệt)."""
    date: DayOfYear | None = None
    """Ngày cố định trong năm của kỳ, ví dụ hết quý I là {month: 3, day: 31}."""
    label: Text
    """Mốc tính hạn nói bằng lời, ví dụ "ngày kết thúc quý"."""

    @model_validator(mode="after")
    def _exactly_one(self) -> Event:
        if (self.field is None) == (self.date is None):
            raise ValueError("ghi đúng một trong hai: field hoặc date")
        return self


class Contains(StrictModel):
    """Lọc theo chữ trong một trường văn bản (không phân biệt dấu, hoa thường)."""

    contains: Text | list[Text]
    """Một hoặc nhiều cụm từ; chỉ cần có một cụm, ví dụ "quy chế thực hiện dân chủ"."""

    def matches(self, value: object) -> bool:
        from generator.vn.text import fold

        text = fold(str(value or "")).lower()
        phrases = self.contains if isinstance(self.contains, list) else [self.contains]
        return any(fold(phrase).lower() in text for phrase in phrases)


class Present(StrictModel):
    """Lọc theo việc trường có được ghi hay không."""

    present: bool
    """true: chỉ các mục đã ghi trường này; false: chỉ các mục chưa ghi."""

    def matches(self, value: object) -> bool:
        return (value is not None and value != "" and value != []) == self.present


class Excludes(StrictModel):
    """Lọc bỏ các mục có chữ trong một trường văn bản (không phân biệt dấu, hoa thường)."""

    excludes: Text | list[Text]
    """Một hoặc nhiều cụm từ; mục có một trong các cụm này bị bỏ qua, ví dụ "hương ước"."""

    def matches(self, value: object) -> bool:
        return not Contains(contains=self.excludes).matches(value)


Where = dict[str, Scalar | list[Scalar] | Contains | Excludes | Present]


class Selector(StrictModel):
    type: TypeFolder
    """Thư mục loại công khai, ví dụ `ngan-sach`; loại chưa có trong công cụ vẫn được chấp nhận;
    `"*"` là mọi mục đã công khai."""
    where: Where = {}
    """Lọc theo giá trị trường: `{phase: du-toan}`, `{phase: [quy-1, quy-2]}`,
    `{title: {contains: quy chế}}`, `{title: {excludes: hương ước}}` hoặc
    `{result: {present: true}}`."""


class Case(StrictModel):
    """Một kỳ con của quy tắc hạn (ví dụ từng quý), với mốc và bộ lọc riêng."""

    label: Text
    """Tên kỳ hiện trong báo cáo, ví dụ "Quý I"."""
    where: Where = {}
    """Lọc thêm cho kỳ này, ví dụ `{phase: quy-1}`."""
    event: Event | None = None
    """Mốc tính hạn của kỳ này (nếu khác mốc chung)."""
    expected_by: DayOfYear | None = None
    """Khi chưa có mục: coi là thiếu sau ngày này của năm của kỳ (nếu khác mốc chung)."""


class DeadlineCheck(Selector):
    """Mỗi kỳ (năm ngân sách) phải có mục, đăng trong N ngày (làm việc) kể từ một mốc."""

    kind: Literal["deadline"]
    per: Literal["year", "item"] = "year"
    """year: mỗi năm (năm ngân sách) phải có mục; item: mỗi mục có mốc thì phải đăng đúng hạn."""
    event: Event | None = None
    """Mốc tính hạn."""
    within: Span
    """Hạn đăng kể từ mốc."""
    expected_by: DayOfYear | None = None
    """Khi mốc là một trường của mục và chưa có mục: coi là thiếu sau ngày này."""
    cases: list[Case] = []
    """Các kỳ con (mỗi kỳ một dòng trong báo cáo); để trống nếu mỗi năm chỉ có một kỳ."""
    before: bool = False
    """Với per: item, mục phải đăng trước mốc ít nhất `within` (thông báo trước), không phải sau."""
    done: Text = "published"
    """Trường ngày cho biết việc đã làm, so với hạn: mặc định ngày đăng `published`; ví dụ
    `results_published` (ngày công khai kết quả) hay `updated` (ngày đính chính)."""

    @model_validator(mode="after")
    def _every_case_has_event(self) -> DeadlineCheck:
        if self.before and self.per != "item":
            raise ValueError("`before: true` chỉ dùng với `per: item`")
        for case in self.cases or [None]:
            if (case.event if case else None) is None and self.event is None:
                raise ValueError("thiếu mốc tính hạn `event`")
        return self

    def expanded(self) -> list[Case]:
        """Each sub-period with the shared settings filled in."""
        cases = self.cases or [Case(label="Cả năm")]
        return [
            Case(
                label=c.label,
                where={**self.where, **c.where},
                event=c.event or self.event,
                expected_by=c.expected_by or self.expected_by,
            )
            for c in cases
        ]


class ExistsCheck(Selector):
    """Có ít nhất một mục (mỗi năm, hoặc trong N ngày gần nhất, hoặc bất kỳ lúc nào)."""

    kind: Literal["exists"]
    per: Literal["year", "any"] = "any"
    """year: mỗi năm phải có một mục; any: có ít nhất một mục."""
    due: DayOfYear | None = None
    """Với per: year, coi là thiếu sau ngày này của năm (mặc định 31/12)."""
    recent_days: Count | None = None
    """Với per: any, mục phải được đăng trong số ngày gần nhất này."""


class FieldsCheck(Selector):
    """Mọi mục của loại (đã lọc) đều ghi đủ các trường."""

    kind: Literal["fields"]
    fields: list[Text] = Field(min_length=1)
    """Các trường phải có, ví dụ `[number, issuer, issued]`; trường lồng ghi `approval.date`."""
    required: bool = False
    """true: chưa có mục nào cũng là chưa đạt (nghĩa vụ phải có ít nhất một mục)."""


class PostingCheck(Selector):
    """Thời gian niêm yết của mỗi mục kéo dài ít nhất N ngày (làm việc)."""

    kind: Literal["posting"]
    from_field: Text = "posted_from"
    """Trường ngày bắt đầu niêm yết."""
    to_field: Text = "posted_to"
    """Trường ngày kết thúc niêm yết."""
    at_least: Span | None = None
    """Thời gian niêm yết tối thiểu."""
    permanent: bool = False
    """Niêm yết thường xuyên: có ngày bắt đầu niêm yết và chưa ghi ngày kết thúc (Luật 10/2022
    Điều 13 khoản 2, nhóm 4 và 13); thay cho `at_least`."""
    count_both_ends: bool = False
    """Đếm cả ngày đầu và ngày cuối: "3 ngày liên tục" là từ ngày 1 đến hết ngày 3."""

    @model_validator(mode="after")
    def _length_or_permanent(self) -> PostingCheck:
        if (self.at_least is None) == self.permanent:
            return self
        raise ValueError("ghi đúng một trong hai: at_least hoặc permanent: true")

    def describe(self) -> str:
        if self.at_least is None:
            return "niêm yết thường xuyên"
        return self.at_least.describe() + (" liên tục" if self.count_both_ends else "")


class SiteCheck(StrictModel):
    """Các trường trong site_config/site.yaml đã được ghi (và đúng dạng, nếu có mẫu)."""

    kind: Literal["site"]
    fields: list[Text] = Field(min_length=1)
    """Các trường phải có, ví dụ `[agency, address, phone, email]`."""
    pattern: Text | None = None
    """Biểu thức chính quy mà giá trị của trường đầu tiên phải khớp (với danh sách: một phần tử)."""


class DomainCheck(StrictModel):
    """Tên miền của cổng (`site_url`) có dạng tenxa.tentinh.gov.vn: bốn nhãn, nhãn đầu là tên xã
    viết liền không dấu, và nằm dưới tên miền của cổng tỉnh (`parent_portal`) nếu có ghi."""

    kind: Literal["domain"]


class GeneratedCheck(StrictModel):
    """Nội dung do công cụ tự tạo từ bộ quy tắc (luôn có, dẫn tới trang đã tạo)."""

    kind: Literal["generated"]
    page: Text
    """Trang được tạo, ví dụ `tiep-can-thong-tin/danh-muc.md`."""


CHECK_KINDS = ("deadline", "exists", "fields", "posting", "site", "domain", "generated")


def _check_kind(value: object) -> str | None:
    kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
    return kind if kind in CHECK_KINDS else None


Check = Annotated[
    Annotated[DeadlineCheck, Tag("deadline")]
    | Annotated[ExistsCheck, Tag("exists")]
    | Annotated[FieldsCheck, Tag("fields")]
    | Annotated[PostingCheck, Tag("posting")]
    | Annotated[SiteCheck, Tag("site")]
    | Annotated[DomainCheck, Tag("domain")]
    | Annotated[GeneratedCheck, Tag("generated")],
    Discriminator(
        _check_kind,
        custom_error_type="check_kind",
        custom_error_message=f"`kind` phải là một trong: {', '.join(CHECK_KINDS)}",
    ),
]


class YearRange(StrictModel):
    """Khoảng năm của kỳ (năm ngân sách) mà quy tắc áp dụng; để trống một đầu là không giới hạn."""

    from_year: Annotated[int, Strict(), Field(ge=2000, le=2100)] | None = Field(None, alias="from")
    """Năm đầu tiên."""
    to_year: Annotated[int, Strict(), Field(ge=2000, le=2100)] | None = Field(None, alias="to")
    """Năm cuối cùng."""

    def __contains__(self, year: object) -> bool:
        return isinstance(year, int) and (self.from_year or year) <= year <= (self.to_year or year)

    def describe(self) -> str:
        if self.from_year and self.to_year:
            return f"năm {self.from_year}–{self.to_year}"
        if self.from_year:
            return f"từ năm {self.from_year}"
        return f"đến năm {self.to_year}"


class Catalogue(StrictModel):
    """Cách công khai ghi trong danh mục thông tin phải công khai (Luật TCTT Điều 19(1)(g))."""

    form: Text | None = None
    """Hình thức công khai, ví dụ "Cổng thông tin điện tử; niêm yết tại trụ sở UBND xã"."""
    timing: Text | None = None
    """Thời điểm công khai; mặc định lấy từ hạn của quy tắc."""
    duration: Text | None = None
    """Thời hạn công khai, ví dụ "Ít nhất 30 ngày liên tục"."""


class Rule(StrictModel):
    """Một nghĩa vụ công khai có thời hạn hiệu lực, căn cứ pháp lý và cách kiểm tra."""

    id: RuleId
    """Mã quy tắc, ví dụ `dcco.a11.k2.budget_quarterly`."""
    title: Text
    """Tên quy tắc bằng tiếng Việt."""
    basis: list[LegalBasis] = Field(min_length=1)
    """Căn cứ pháp lý."""
    valid_from: Date | None = None
    """Áp dụng từ ngày kiểm tra này (để trống: không giới hạn)."""
    valid_to: Date | None = None
    """Áp dụng đến hết ngày kiểm tra này (để trống: không giới hạn)."""
    soft_end: bool = False
    """Sau `valid_to` vẫn kiểm tra nhưng chỉ cảnh báo (chưa có văn bản thay thế)."""
    years: YearRange | None = None
    """Chỉ áp dụng cho kỳ (năm ngân sách) trong khoảng này."""
    confidence: Confidence
    """Độ chắc chắn của căn cứ: sure, likely, unverified (chưa kiểm chứng: chỉ cảnh báo)."""
    severity: RuleSeverity = "error"
    """error: `build --strict` không xuất bản khi vi phạm; warning: chỉ cảnh báo."""
    group: Text
    """Nhóm hiện trong báo cáo, ví dụ "Ngân sách xã"."""
    replaces: RuleId | None = None
    """Mã quy tắc giai đoạn trước mà quy tắc này kế tiếp."""
    papi: list[PapiArea] = []
    """Các nội dung PAPI mà quy tắc này góp phần."""
    applies_if: Text | None = None
    """Chỉ áp dụng khi trường này trong site_config/site.yaml là đúng, ví dụ `state_audit`."""
    catalogue: Catalogue | None = None
    """Ghi trong danh mục thông tin phải công khai."""
    note: Text | None = None
    """Ghi chú cho người đọc báo cáo."""
    hint: Text | None = None
    """Việc cán bộ cần làm khi quy tắc chưa đạt (thư mục, trường, lệnh `congkhai new <loại>`);
    để trống thì công cụ tự soạn từ cách kiểm tra."""
    check: Check
    """Cách kiểm tra."""

    @model_validator(mode="after")
    def _dates_in_order(self) -> Rule:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to trước valid_from")
        if self.soft_end and self.valid_to is None:
            raise ValueError("soft_end cần có valid_to")
        return self

    @property
    def advisory(self) -> bool:
        """Reported as a warning only, never blocks a strict build (on any date)."""
        return self.confidence == "unverified" or self.severity == "warning"

    def citations(self, as_of: dt.date) -> list[LegalBasis]:
        """The citations in force on `as_of`: a report cites no text before it takes effect or
        after it ends. When none is in force (a rule past a soft end date), all of them."""
        current = [b for b in self.basis if b.in_force(as_of)]
        return current or list(self.basis)

    def basis_on(self, as_of: dt.date) -> str:
        return "; ".join(b.cite() for b in self.citations(as_of))

    def confidence_on(self, as_of: dt.date) -> Confidence:
        """The rule's confidence, lowered by a citation in force that is less sure."""
        order: list[Confidence] = ["unverified", "likely", "sure"]
        levels = [self.confidence] + [b.confidence for b in self.citations(as_of) if b.confidence]
        return min(levels, key=order.index)

    def advisory_on(self, as_of: dt.date) -> bool:
        """Reported as a warning only on `as_of`."""
        return (
            self.severity == "warning"
            or self.confidence_on(as_of) == "unverified"
            or self.lapsed_softly(as_of)
        )

    def in_force(self, as_of: dt.date) -> bool:
        if self.valid_from and as_of < self.valid_from:
            return False
        return not (self.valid_to and as_of > self.valid_to and not self.soft_end)

    def lapsed_softly(self, as_of: dt.date) -> bool:
        return bool(self.soft_end and self.valid_to and as_of > self.valid_to)

    def validity(self) -> str:
        """`từ 01/07/2026`, `đến 30/06/2026`, `năm ngân sách đến 2025`, or `không giới hạn`."""
        from generator.vn.formatting import vn_date

        parts = []
        if self.valid_from:
            parts.append(f"từ {vn_date(self.valid_from)}")
        if self.valid_to:
            parts.append(f"đến {vn_date(self.valid_to)}" + (" (mềm)" if self.soft_end else ""))
        if self.years:
            parts.append(f"kỳ {self.years.describe()}")
        return ", ".join(parts) or "không giới hạn"

    @property
    def basis_text(self) -> str:
        return "; ".join(b.cite() for b in self.basis)


class RuleFile(StrictModel):
    """Một tệp quy tắc: danh sách `rules`."""

    rules: list[Rule]
    """Các quy tắc."""


def shipped_rule_files() -> list[Path]:
    """The rule files that come with the package, in a stable order."""
    folder = resources.files("generator") / "rules"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml"))
