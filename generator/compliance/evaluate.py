"""Evaluate the rules in force on a date against the records: one finding per rule and period.

Nothing is due before its deadline: a period whose deadline is still ahead is "not yet due", and
a period whose deadline fell before the portal was checked at all (`compliance_from`) or before the
rule took effect (`valid_from`) is skipped. Items published after the check date are treated as not
yet published, and example items (`example: true`) as not published at all. A time limit in
calendar days that ends on a day off ends on the next working day (Civil Code 2015 Art. 148(5)).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Protocol

from pydantic import BaseModel

from generator.compliance.rules import (
    ALL_TYPES,
    Contains,
    DeadlineCheck,
    DomainCheck,
    Excludes,
    ExistsCheck,
    FieldsCheck,
    GeneratedCheck,
    PostingCheck,
    Present,
    Rule,
    Scalar,
    Selector,
    SiteCheck,
    Span,
    Where,
    next_working_day,
)
from generator.diagnostics import Position
from generator.diagnostics.positions import FieldPath, SourceFile
from generator.types import TYPES
from generator.types.common import Disclosure
from generator.vn.formatting import vn_date


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    LATE = "late"
    NOT_DUE = "not_due"
    NOT_APPLICABLE = "not_applicable"


STATUS_TITLES = {
    Status.PASS: "Đạt",
    Status.FAIL: "Chưa đạt",
    Status.LATE: "Công khai chậm",
    Status.NOT_DUE: "Chưa đến hạn",
    Status.NOT_APPLICABLE: "Không áp dụng",
}

SITE_CONFIG_FILE = "site_config/site.yaml"
_START = Position(1, 1)


class _Located(Protocol):
    @property
    def name(self) -> str: ...

    def locate(self, path: FieldPath, *, key: bool = False) -> Position: ...


class _Folder(Protocol):
    @property
    def folder(self) -> str: ...


class Evaluable(Protocol):
    """What the rules read of a published item.

    A `Record` built from content is one; so is an item of another commune's manifest.json, which
    is how the supervising level's audit runs the same rules on portals it cannot build.
    """

    @property
    def kind(self) -> _Folder: ...
    @property
    def item(self) -> Any:
        """Has `title` and the fields rules name, read with `field_value`."""
        ...

    @property
    def source(self) -> _Located: ...
    @property
    def year(self) -> int: ...
    @property
    def url(self) -> str: ...
    @property
    def page_path(self) -> str: ...
    @property
    def published(self) -> dt.date: ...


class SiteFacts(Protocol):
    """What the rules read of the commune's identity (SiteConfig, or a manifest's `site`):
    `compliance_from` and the fields `site` checks and `applies_if` name."""

    @property
    def compliance_from(self) -> dt.date | None: ...


@dataclass(frozen=True)
class Evidence:
    """A published item (or generated page) a finding rests on."""

    title: str
    page_path: str
    """The Markdown page in the docs dir, for links between pages."""
    url: str
    published: dt.date | None = None


@dataclass(frozen=True)
class Finding:
    rule: Rule
    status: Status
    period: str = ""
    due: dt.date | None = None
    days_late: int | None = None
    detail: str = ""
    evidence: tuple[Evidence, ...] = ()
    problem: str = ""
    """For a failure: `missing`, `late` or `incomplete` (picks the diagnostic code)."""
    file: str = ""
    at: Position = _START
    field: str = ""
    advisory: bool = False
    """A warning only: unverified or warning-severity rule, or one past a soft end date."""

    @property
    def failed(self) -> bool:
        return self.status in (Status.FAIL, Status.LATE)

    @property
    def status_title(self) -> str:
        if self.status is Status.LATE and self.days_late is not None:
            return f"Chậm {self.days_late} ngày"
        return STATUS_TITLES[self.status]


@dataclass
class Report:
    as_of: dt.date
    since: dt.date
    findings: list[Finding] = field(default_factory=list)
    in_force: list[Rule] = field(default_factory=list)
    not_in_force: list[Rule] = field(default_factory=list)
    """Rules of the set that did not apply on the check date (not evaluated)."""

    def counts(self) -> dict[Status, int]:
        counts = dict.fromkeys(Status, 0)
        for finding in self.findings:
            counts[finding.status] += 1
        return counts

    def blocking(self) -> list[Finding]:
        """Failures that stop `build --strict`."""
        return [f for f in self.findings if f.failed and not f.advisory]

    def for_rule(self, rule: Rule) -> list[Finding]:
        return [f for f in self.findings if f.rule.id == rule.id]


def evaluate(
    rules: Iterable[Rule],
    records: Iterable[Evaluable],
    site: SiteFacts,
    as_of: dt.date,
    site_source: SourceFile | None = None,
) -> Report:
    """Apply every rule in force on `as_of` to the records published by then.

    `site_source` (site_config/site.yaml as read) lets findings about it point at a line.
    """
    # An example (`example: true`, made by `congkhai init`) is never evidence of anything.
    visible = [
        r for r in records if r.published <= as_of and field_value(r.item, "example") is not True
    ]
    since = site.compliance_from or min((r.published for r in visible), default=as_of)
    report = Report(as_of=as_of, since=since)
    context = _Context(visible, site, as_of, since, site_source)
    for rule in sorted(rules, key=lambda r: r.id):
        if not rule.in_force(as_of):
            report.not_in_force.append(rule)
            continue
        report.in_force.append(rule)
        advisory = rule.advisory_on(as_of)
        for finding in _evaluate_rule(rule, context):
            report.findings.append(replace(finding, advisory=advisory))
    return report


@dataclass
class _Context:
    records: list[Evaluable]
    site: SiteFacts
    as_of: dt.date
    since: dt.date
    site_source: SourceFile | None = None
    by_folder: dict[str, list[Evaluable]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for record in self.records:
            self.by_folder.setdefault(record.kind.folder, []).append(record)

    def select(self, rule: Rule, folder: str, where: Where, *, judged: bool = False):
        """The records a rule reads; `judged`: each is checked on its own (fields, posting, its
        deadline), so one dated before the rule's law is left out. Records that only count as
        evidence (something was published) are kept whatever their date."""
        pool = self.records if folder == ALL_TYPES else self.by_folder.get(folder, [])
        return sorted(
            (
                r
                for r in pool
                if (rule.years is None or r.year in rule.years)
                and not (judged and _dated_before_law(rule, r))
                and all(_matches(field_value(r.item, k), v) for k, v in where.items())
            ),
            key=lambda r: (r.published, r.url),
        )

    def starts(self, rule: Rule) -> dt.date:
        """The first day a deadline can fall on and be judged: not before the portal was checked,
        nor before the rule took effect."""
        return max(self.since, rule.valid_from) if rule.valid_from else self.since

    def years(self) -> range:
        # A draft estimate for next year is published this year, so look one year ahead.
        return range(self.since.year - 1, self.as_of.year + 2)


def item_date(record: Evaluable) -> dt.date:
    """The day an item speaks for: the date of the document it publishes, else its publication
    (a 2021 decision re-published in 2023 is still a 2021 decision)."""
    signed = getattr(record.item, "signed_document", None)
    document = signed() if callable(signed) else None
    date = getattr(document, "date", None)
    return date if isinstance(date, dt.date) else record.published


def before_law(rule: Rule, day: dt.date) -> bool:
    """Whether `day` (an item's date, or a period's deadline) falls before the rule's law took
    effect: a law judges neither what was signed nor what was due before it existed."""
    start = law_start(rule)
    return start is not None and day < start


def law_start(rule: Rule) -> dt.date | None:
    """When the duty a rule checks became law: the earliest date of the rule and of the texts it
    cites. A rule that restates an older duty under a new decree (its own `valid_from` is the
    decree's) still judges what was signed while the older text held the same duty."""
    dates = [day for day in (rule.valid_from, *(c.valid_from for c in rule.basis)) if day]
    return min(dates) if dates else None


def _dated_before_law(rule: Rule, record: Evaluable) -> bool:
    kind = TYPES.get(record.kind.folder)
    if kind is not None and kind.yearless:
        # Standing content (procedures, fees, the democracy regulation) is what the portal shows
        # today, whenever it was first written: today's law judges it.
        return False
    # A time limit that runs from an event on the item (a request to correct it) is judged by
    # the law in force at that event, whenever the item itself was signed.
    event = getattr(rule.check, "event", None)
    when = field_value(record.item, event.field) if event is not None and event.field else None
    return before_law(rule, when if isinstance(when, dt.date) else item_date(record))


def _evaluate_rule(rule: Rule, context: _Context) -> Iterator[Finding]:
    check = rule.check
    if rule.applies_if and not getattr(context.site, rule.applies_if, None):
        yield Finding(
            rule,
            Status.NOT_APPLICABLE,
            detail=f"chỉ áp dụng khi `{rule.applies_if}` được bật trong {SITE_CONFIG_FILE}",
        )
        return
    if isinstance(check, Selector):
        unknown = unknown_fields(check)
        if unknown:
            yield Finding(
                rule,
                Status.NOT_APPLICABLE,
                detail=f"mẫu `{check.type}` không có trường {', '.join(unknown)}",
            )
            return
    if isinstance(check, DeadlineCheck):
        yield from _deadline(rule, check, context)
    elif isinstance(check, ExistsCheck):
        yield from _exists(rule, check, context)
    elif isinstance(check, FieldsCheck):
        yield from _fields(rule, check, context)
    elif isinstance(check, PostingCheck):
        yield from _posting(rule, check, context)
    elif isinstance(check, SiteCheck):
        yield _site(rule, check, context)
    elif isinstance(check, DomainCheck):
        yield _domain(rule, context)
    elif isinstance(check, GeneratedCheck):
        page = check.page
        yield Finding(
            rule,
            Status.PASS,
            detail="trang do công cụ tạo từ bộ quy tắc",
            evidence=(Evidence(rule.title, page, _url_of(page)),),
        )


def _deadline(rule: Rule, check: DeadlineCheck, context: _Context) -> Iterator[Finding]:
    if check.per == "item":
        yield from _deadline_per_item(rule, check, context)
        return
    found = False
    for finding in _deadline_per_year(rule, check, context):
        found = True
        yield finding
    if not found:
        ahead = any(
            rule.years is None or year in rule.years
            for year in range(context.as_of.year, context.as_of.year + 2)
        )
        status = Status.NOT_DUE if ahead else Status.NOT_APPLICABLE
        detail = "chưa có kỳ nào đến hạn" if ahead else "không có kỳ nào thuộc phạm vi áp dụng"
        yield Finding(rule, status, detail=detail)


def _deadline_per_year(rule: Rule, check: DeadlineCheck, context: _Context) -> Iterator[Finding]:
    cases = check.expanded()
    selected = [context.select(rule, check.type, case.where) for case in cases]
    period_word = "Năm ngân sách" if check.type == "ngan-sach" else "Năm"
    for year in context.years():
        if rule.years and year not in rule.years:
            continue
        for case, candidates in zip(cases, selected, strict=True):
            assert case.event is not None  # guaranteed by DeadlineCheck's validator
            period = f"{period_word} {year}" + (f" · {case.label}" if check.cases else "")
            items = [r for r in candidates if r.year == year]
            first = items[0] if items else None
            if case.event.date is not None:
                deadline: dt.date | None = check.within.after(case.event.date.in_year(year))
            elif first is not None:
                assert case.event.field is not None
                event_day = field_value(first.item, case.event.field)
                if not isinstance(event_day, dt.date):
                    yield _incomplete(
                        rule,
                        first,
                        case.event.field,
                        f"thiếu {case.event.label} (`{case.event.field}`) nên không tính được "
                        "hạn công khai",
                        period,
                    )
                    continue
                deadline = check.within.after(event_day)
            else:
                deadline = (
                    next_working_day(case.expected_by.in_year(year)) if case.expected_by else None
                )
            if deadline is None or deadline < context.starts(rule):
                continue
            if first is None and deadline.year > context.as_of.year:
                continue
            rule_text = f"hạn {check.within.describe()} kể từ {case.event.label}"
            done = _done_day(first, check.done) if first is not None else None
            if first is not None and done is None and context.as_of > deadline:
                yield _incomplete(
                    rule,
                    first,
                    check.done,
                    f"chưa ghi `{check.done}`; hạn là {vn_date(deadline)} ({rule_text})",
                    period,
                )
            elif first is not None and done is not None:
                evidence = tuple(_evidence(r) for r in items)
                if done <= deadline:
                    yield Finding(
                        rule,
                        Status.PASS,
                        period,
                        deadline,
                        detail=f"{_done_word(check.done)} ngày {vn_date(done)}, {rule_text}",
                        evidence=evidence,
                    )
                else:
                    late = (done - deadline).days
                    yield Finding(
                        rule,
                        Status.LATE,
                        period,
                        deadline,
                        days_late=late,
                        detail=f"{_done_word(check.done)} ngày {vn_date(done)}, chậm {late} ngày "
                        f"so với hạn {vn_date(deadline)} ({rule_text})",
                        evidence=evidence,
                        problem="late",
                        file=first.source.name,
                        at=first.source.locate(tuple(check.done.split("."))),
                        field=check.done,
                    )
            elif first is None and context.as_of > deadline:
                yield Finding(
                    rule,
                    Status.FAIL,
                    period,
                    deadline,
                    detail=f"chưa công khai; hạn là {vn_date(deadline)} ({rule_text})",
                    problem="missing",
                    file=f"content/{check.type}/",
                )
            else:
                yield Finding(
                    rule,
                    Status.NOT_DUE,
                    period,
                    deadline,
                    detail=f"hạn là {vn_date(deadline)} ({rule_text})",
                )


def _deadline_per_item(rule: Rule, check: DeadlineCheck, context: _Context) -> Iterator[Finding]:
    """Every item that records its event date was published within the time limit."""
    event = check.event
    assert event is not None and event.field is not None
    on_time: list[Evaluable] = []
    checked = 0
    for record in context.select(rule, check.type, check.where, judged=True):
        event_day = field_value(record.item, event.field)
        if not isinstance(event_day, dt.date):
            continue  # no decision date on this item: the rule has nothing to count from
        deadline = (
            _before(check.within, event_day) if check.before else check.within.after(event_day)
        )
        done = _done_day(record, check.done)
        if deadline < context.starts(rule) or done is None:
            continue  # before the rule took effect, or nothing done yet that the portal shows
        checked += 1
        if done > deadline:
            late = (done - deadline).days
            yield Finding(
                rule,
                Status.LATE,
                record.item.title,
                deadline,
                days_late=late,
                detail=f"{_done_word(check.done)} ngày {vn_date(done)}, chậm {late} ngày so với "
                f"hạn {vn_date(deadline)} ({_limit_text(check, event.label)})",
                evidence=(_evidence(record),),
                problem="late",
                file=record.source.name,
                at=record.source.locate(tuple(check.done.split("."))),
                field=check.done,
            )
        else:
            on_time.append(record)
    if not checked:
        yield Finding(rule, Status.NOT_APPLICABLE, detail=f"chưa có mục nào ghi {event.label}")
    elif len(on_time) == checked:
        yield Finding(
            rule,
            Status.PASS,
            detail=f"{checked} mục đăng đúng hạn ({_limit_text(check, event.label)})",
            evidence=tuple(_evidence(r) for r in reversed(on_time[-5:])),
        )


def _done_day(record: Evaluable, name: str) -> dt.date | None:
    """The date the item shows the duty done: its publication, or a field such as `updated`."""
    if name == "published":
        return record.published
    value = field_value(record.item, name)
    return value if isinstance(value, dt.date) else None


def _done_word(name: str) -> str:
    return {"published": "đăng", "updated": "cập nhật"}.get(name, f"`{name}` ghi")


def _before(span: Span, event_day: dt.date) -> dt.date:
    """The last day a notice can be published to come `span` ahead of `event_day`."""
    from generator.vn.workdays import subtract_working_days

    if span.working_days is not None:
        return subtract_working_days(event_day, span.working_days)
    return event_day - dt.timedelta(days=span.days or 0)


def _limit_text(check: DeadlineCheck, label: str) -> str:
    if check.before:
        return f"ít nhất {check.within.describe()} trước {label}"
    return f"trong {check.within.describe()} kể từ {label}"


def _exists(rule: Rule, check: ExistsCheck, context: _Context) -> Iterator[Finding]:
    items = context.select(rule, check.type, check.where)
    if check.per == "any":
        if check.recent_days is not None:
            start = context.as_of - dt.timedelta(days=check.recent_days)
            items = [r for r in items if r.published >= start]
        window = f" trong {check.recent_days} ngày gần nhất" if check.recent_days else ""
        if items:
            yield Finding(
                rule,
                Status.PASS,
                detail=f"{len(items)} mục đã công khai{window}",
                evidence=tuple(_evidence(r) for r in reversed(items[-5:])),
            )
        else:
            yield Finding(
                rule,
                Status.FAIL,
                detail=f"chưa có mục nào trong `content/{check.type}/`{window}"
                + ("" if check.type in TYPES else " (công cụ chưa có loại nội dung này)"),
                problem="missing",
                file=f"content/{check.type}/",
            )
        return
    starts = context.starts(rule)
    for year in range(starts.year, context.as_of.year + 1):
        if rule.years and year not in rule.years:
            continue
        due = next_working_day(check.due.in_year(year) if check.due else dt.date(year, 12, 31))
        if due < starts:
            continue
        found = [r for r in items if r.year == year]
        first = found[0] if found else None
        if first is not None and first.published > due:
            late = (first.published - due).days
            yield Finding(
                rule,
                Status.LATE,
                f"Năm {year}",
                due,
                days_late=late,
                detail=f"đăng ngày {vn_date(first.published)}, chậm {late} ngày so với hạn "
                f"{vn_date(due)}",
                evidence=tuple(_evidence(r) for r in found),
                problem="late",
                file=first.source.name,
                at=first.source.locate(("published",)),
                field="published",
            )
        elif first is not None:
            yield Finding(
                rule,
                Status.PASS,
                f"Năm {year}",
                due,
                detail=f"đăng ngày {vn_date(first.published)}, hạn {vn_date(due)}",
                evidence=tuple(_evidence(r) for r in found),
            )
        elif context.as_of > due:
            yield Finding(
                rule,
                Status.FAIL,
                f"Năm {year}",
                due,
                detail=f"chưa công khai; cần có trước {vn_date(due)}",
                problem="missing",
                file=f"content/{check.type}/",
            )
        else:
            yield Finding(
                rule, Status.NOT_DUE, f"Năm {year}", due, detail=f"cần có trước {vn_date(due)}"
            )


def _fields(rule: Rule, check: FieldsCheck, context: _Context) -> Iterator[Finding]:
    items = context.select(rule, check.type, check.where)
    if not items and check.required:
        yield Finding(
            rule,
            Status.FAIL,
            detail=f"chưa có mục nào trong `content/{check.type}/`",
            problem="missing",
            file=f"content/{check.type}/",
        )
        return
    # What was signed before the rule's law is published, but not held to it.
    items = [r for r in items if not _dated_before_law(rule, r)]
    if not items:
        yield Finding(rule, Status.NOT_APPLICABLE, detail="chưa có mục nào để kiểm tra")
        return

    def judge(record: Evaluable) -> Finding | None:
        missing = [f for f in check.fields if _is_empty(field_value(record.item, f))]
        if not missing:
            return None
        names = ", ".join(f"`{f}`" for f in missing)
        return _incomplete(rule, record, missing[0], f"thiếu {names}", record.item.title)

    yield from _each_item(rule, items, judge, f"ghi đủ {', '.join(check.fields)}")


def _each_item(
    rule: Rule, items: list[Evaluable], judge: Callable[[Evaluable], Finding | None], passed: str
) -> Iterator[Finding]:
    """Every item judged on its own: a finding for each that falls short, or one that passes
    all `items` (`passed` says how), with the latest as evidence."""
    failures = [finding for finding in map(judge, items) if finding is not None]
    yield from failures
    if not failures:
        yield Finding(
            rule,
            Status.PASS,
            detail=f"{len(items)} mục {passed}",
            evidence=tuple(_evidence(r) for r in reversed(items[-5:])),
        )


def _posting(rule: Rule, check: PostingCheck, context: _Context) -> Iterator[Finding]:
    # An item published before the rule took effect was not held to it.
    items = [
        r
        for r in context.select(rule, check.type, check.where)
        if rule.valid_from is None or r.published >= rule.valid_from
    ]
    if not items:
        yield Finding(rule, Status.NOT_APPLICABLE, detail="chưa có mục nào để kiểm tra")
    elif check.at_least is None:
        judge = functools.partial(_posted_permanently, rule, check)
        yield from _each_item(rule, items, judge, "đang niêm yết thường xuyên")
    else:
        judge = functools.partial(_posted_long_enough, rule, check, check.at_least)
        yield from _each_item(rule, items, judge, f"đủ {check.describe()}")


def _posted_long_enough(
    rule: Rule, check: PostingCheck, at_least: Span, record: Evaluable
) -> Finding | None:
    start = field_value(record.item, check.from_field)
    end = field_value(record.item, check.to_field)
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        missing = check.from_field if not isinstance(start, dt.date) else check.to_field
        return _incomplete(rule, record, missing, f"thiếu `{missing}`", record.item.title)
    # A posting period is a length, not a time limit: Art. 148 does not move its end.
    needed = start + dt.timedelta(days=at_least.days or 0)
    if at_least.working_days is not None:
        needed = at_least.after(start)
    if check.count_both_ends:
        needed -= dt.timedelta(days=1)
    if end >= needed:
        return None
    return _incomplete(
        rule,
        record,
        check.to_field,
        f"từ {vn_date(start)} đến {vn_date(end)}, chưa đủ "
        f"{check.describe()} (cần đến ít nhất {vn_date(needed)})",
        record.item.title,
    )


def _posted_permanently(rule: Rule, check: PostingCheck, record: Evaluable) -> Finding | None:
    """Posted at the office from a date and not taken down (Law 10/2022 Art. 13(2), groups 4
    and 13): an end date means the posting stopped, which the law does not allow."""
    start = field_value(record.item, check.from_field)
    end = field_value(record.item, check.to_field)
    if _is_empty(start):
        return _incomplete(
            rule, record, check.from_field, f"thiếu `{check.from_field}`", record.item.title
        )
    if isinstance(end, dt.date):
        return _incomplete(
            rule,
            record,
            check.to_field,
            f"niêm yết đến {vn_date(end)}; nội dung này phải niêm yết thường xuyên",
            record.item.title,
        )
    return None


def _site(rule: Rule, check: SiteCheck, context: _Context) -> Finding:
    site = context.site

    def at(path: str) -> Position:
        if context.site_source is None:
            return _START
        return context.site_source.locate(tuple(path.split(".")), key=True)

    missing = [f for f in check.fields if _is_empty(field_value(site, f))]
    if missing:
        return Finding(
            rule,
            Status.FAIL,
            detail=f"chưa ghi {', '.join(f'`{f}`' for f in missing)} trong {SITE_CONFIG_FILE}",
            problem="incomplete",
            file=SITE_CONFIG_FILE,
            at=at(missing[0]),
            field=missing[0],
        )
    if check.pattern:
        value = field_value(site, check.fields[0])
        values = value if isinstance(value, list) else [value]
        texts = [v.model_dump_json() if isinstance(v, BaseModel) else str(v) for v in values]
        if not any(re.search(check.pattern, text) for text in texts):
            return Finding(
                rule,
                Status.FAIL,
                detail=f"`{check.fields[0]}` trong {SITE_CONFIG_FILE} không đúng dạng yêu cầu",
                problem="incomplete",
                file=SITE_CONFIG_FILE,
                at=at(check.fields[0]),
                field=check.fields[0],
            )
    return Finding(rule, Status.PASS, detail=f"đã ghi {', '.join(check.fields)}")


def _domain(rule: Rule, context: _Context) -> Finding:
    """Decree 224 Art. 11(4)(c): `tenphuongxa.tentinhthanh.gov.vn`, the first label being the
    commune's full name without tone marks, under the province's portal domain."""
    from generator.vn.text import fold

    site = context.site
    at = (
        context.site_source.locate(("site_url",), key=True)
        if context.site_source is not None and getattr(site, "site_url", None)
        else _START
    )

    def fail(detail: str) -> Finding:
        return Finding(
            rule,
            Status.FAIL,
            detail=detail,
            problem="incomplete",
            file=SITE_CONFIG_FILE,
            at=at,
            field="site_url",
        )

    # Read as text: the audit of other communes passes a manifest's site, not a SiteConfig.
    host = urllib.parse.urlsplit(str(getattr(site, "site_url", None) or "")).hostname or ""
    if not host:
        return fail(f"chưa ghi `site_url` trong {SITE_CONFIG_FILE}")
    labels = host.split(".")
    if len(labels) != 4 or labels[-2:] != ["gov", "vn"]:
        return fail(f"tên miền `{host}` không có dạng tenxa.tentinh.gov.vn")
    commune = str(getattr(site, "commune", "")).strip()
    name = re.sub(r"^(xã|phường|đặc khu|thị trấn)\s+", "", commune, flags=re.I)
    expected = re.sub(r"[^a-z0-9]", "", fold(name).lower())
    if labels[0] != expected:
        return fail(
            f"nhãn đầu của tên miền là `{labels[0]}`, cần là tên xã viết liền không dấu "
            f"`{expected}`"
        )
    parent = urllib.parse.urlsplit(str(getattr(site, "parent_portal", None) or "")).hostname
    province_domain = ".".join((parent or "").lower().split(".")[-3:])
    if province_domain and not host.endswith("." + province_domain):
        return fail(f"tên miền `{host}` không nằm dưới tên miền của cổng tỉnh `{province_domain}`")
    return Finding(rule, Status.PASS, detail=f"tên miền `{host}` đúng dạng")


def _incomplete(rule: Rule, record: Evaluable, path: str, detail: str, period: str) -> Finding:
    parts = tuple(int(p) if p.isdigit() else p for p in path.split("."))
    return Finding(
        rule,
        Status.FAIL,
        period,
        detail=detail,
        evidence=(_evidence(record),),
        problem="incomplete",
        file=record.source.name,
        at=record.source.locate(parts),
        field=path,
    )


def _evidence(record: Evaluable) -> Evidence:
    return Evidence(record.item.title, record.page_path, record.url, record.published)


def _url_of(page_path: str) -> str:
    stem = page_path.removesuffix(".md")
    return stem.removesuffix("index") if stem.endswith("index") else stem + "/"


def named_fields(check: Selector) -> list[str]:
    """Every field path of the item that the check reads, in order, without repeats."""
    names = list(check.where)
    if isinstance(check, DeadlineCheck):
        for case in check.expanded():
            names += list(case.where)
            if case.event and case.event.field:
                names.append(case.event.field)
        names.append(check.done)
    elif isinstance(check, FieldsCheck):
        names += check.fields
    elif isinstance(check, PostingCheck):
        names += [check.from_field, check.to_field]
    return list(dict.fromkeys(names))


def unknown_fields(check: Selector) -> list[str]:
    """Fields the rule names that the type's model lacks (a rule written for a later model)."""
    if check.type == ALL_TYPES:
        return [f"`{n}`" for n in named_fields(check) if not model_has(Disclosure, n)]
    kind = TYPES.get(check.type)
    if kind is None:
        return []
    return [f"`{n}`" for n in named_fields(check) if not model_has(kind.model, n)]


def model_has(model: type[BaseModel], path: str) -> bool:
    from generator.diagnostics.models import inner_model

    current: type[BaseModel] | None = model
    for part in path.split("."):
        if current is None or part not in current.model_fields:
            return False
        current = inner_model(current.model_fields[part].annotation)
    return True


def field_value(obj: Any, path: str) -> Any:
    """The value at a dotted path (`approval.date`), None when a parent is unset."""
    value = obj
    parts = path.split(".")
    for index, part in enumerate(parts):
        if value is None:
            return None
        if isinstance(value, list):
            # `leaders.bio`: the value for each element, so that one empty element shows
            rest = ".".join(parts[index:])
            return [field_value(element, rest) for element in value]
        if isinstance(value, BaseModel):
            value = getattr(value, part, None)
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def _is_empty(value: Any) -> bool:
    if isinstance(value, list) and value and not isinstance(value[0], BaseModel):
        return any(_is_empty(element) for element in value)
    return value is None or value == "" or value == []


def _matches(value: Any, wanted: Scalar | list[Scalar] | Contains | Excludes | Present) -> bool:
    if isinstance(wanted, Present | Excludes):
        return wanted.matches(value)
    if isinstance(wanted, Contains):
        return wanted.matches(value)
    options = wanted if isinstance(wanted, list) else [wanted]
    return value in options
