"""The portal pages built from the rule set: the completeness report (/muc-do-cong-khai/), the
"access to information" section and its catalogue of information to be published."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import jinja2

from generator.compliance.access import focal_point
from generator.compliance.evaluate import STATUS_TITLES, Finding, Report, Status
from generator.compliance.rules import (
    ALL_TYPES,
    CONFIDENCE_TITLES,
    PAPI_TITLES,
    DeadlineCheck,
    ExistsCheck,
    PostingCheck,
    Rule,
    Selector,
)
from generator.types import TYPES
from generator.types.record import Record
from generator.types.site import InfoDocument, SiteConfig

REPORT_PAGE = "muc-do-cong-khai/index.md"
ACCESS_PAGE = "tiep-can-thong-tin/index.md"
CATALOGUE_PAGE = "tiep-can-thong-tin/danh-muc.md"

NAV: list[dict[str, object]] = [
    {"Mức độ công khai": REPORT_PAGE},
    {
        "Tiếp cận thông tin": [
            ACCESS_PAGE,
            {"Danh mục thông tin phải công khai": CATALOGUE_PAGE},
        ]
    },
]


@dataclass(frozen=True)
class CatalogueRow:
    title: str
    folder: str
    type_title: str
    listed: bool
    """Whether the portal has a section for the type (and so a page to link to)."""
    form: str
    timing: str
    duration: str
    basis: str


@dataclass(frozen=True)
class DocumentLink:
    title: str
    href: str


def render_compliance_pages(
    env: jinja2.Environment,
    site: SiteConfig,
    records: Iterable[Record],
    report: Report,
) -> dict[str, str]:
    records = list(records)
    findings_by_rule: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        findings_by_rule[finding.rule.id].append(finding)
    groups: dict[str, list[Rule]] = defaultdict(list)
    for rule in report.in_force:
        groups[rule.group].append(rule)
    # Evidence withdrawn from the portal (past unpublish_after) is named but not linked.
    linkable = {r.page_path for r in records} | {REPORT_PAGE, ACCESS_PAGE, CATALOGUE_PAGE}
    common = {
        "site": site,
        "linkable": linkable,
        "report": report,
        "status_titles": STATUS_TITLES,
        "confidence_titles": CONFIDENCE_TITLES,
        "anchor": anchor,
        "public_detail": public_detail,
        "public_note": public_note,
    }
    pages = {
        REPORT_PAGE: env.get_template("muc-do-cong-khai.md.j2").render(
            page=REPORT_PAGE,
            groups=sorted(groups.items()),
            findings_by_rule=findings_by_rule,
            rule_status=lambda rule: rule_status(findings_by_rule[rule.id]),
            papi=papi_summary(report, findings_by_rule),
            areas=area_counts(report, findings_by_rule),
            area_statuses=AREA_STATUSES,
            counts=report.counts(),
            **common,
        ),
        CATALOGUE_PAGE: env.get_template("danh-muc-thong-tin.md.j2").render(
            page=CATALOGUE_PAGE, rows=catalogue_rows(report.in_force, report.as_of), **common
        ),
    }
    access = site.info_access
    pages[ACCESS_PAGE] = env.get_template("tiep-can-thong-tin.md.j2").render(
        page=ACCESS_PAGE,
        access=access,
        focal=focal_point(site, records),
        forms=[_document(ACCESS_PAGE, d) for d in (access.forms if access else [])],
        guides=[_document(ACCESS_PAGE, d) for d in (access.guides if access else [])],
        section_basis=_section_basis(report),
        **common,
    )
    return pages


# What a resident cannot read: a file path, a code span, a field's name (`approval.date`,
# `has_dx_plan`).
_INTERNAL = re.compile(
    r"`|site_config/|content/|\.yaml\b|\b[a-z]+[._][a-z0-9_.]*[a-z0-9]\b|^(?:đã|chưa) ghi |ghi đủ "
)
_PLAIN_STATUS = {
    Status.PASS: "đã công khai đủ",
    Status.FAIL: "chưa công khai, hoặc còn thiếu thông tin bắt buộc",
    Status.LATE: "công khai chậm so với hạn",
    Status.NOT_DUE: "chưa đến hạn",
    Status.NOT_APPLICABLE: "không áp dụng với xã vào ngày kiểm tra",
}


def public_detail(finding: Finding) -> str:
    """A finding's detail as the public page says it: the staff's detail names files and fields
    (the build's messages need them); where it does, the page says the result in plain words."""
    if not finding.detail or _INTERNAL.search(finding.detail):
        return _PLAIN_STATUS[finding.status]
    return finding.detail


def public_note(rule: Rule) -> str | None:
    """A rule's note where it speaks to residents; notes about files and fields are the staff's."""
    return None if not rule.note or _INTERNAL.search(rule.note) else rule.note


ACCESS_SECTION_RULE = "nd13.a11.ati_section"
"""The rule of the "access to information" section, whose citations the section's page names."""


def _section_basis(report: Report) -> str | None:
    """The texts in force on the report's date that require the section (Decree 13/2018 until
    31 Aug 2026, the amended Access to Information Law from 1 Sep 2026)."""
    rule = next((r for r in report.in_force if r.id == ACCESS_SECTION_RULE), None)
    return rule.basis_on(report.as_of) if rule else None


def anchor(rule: Rule) -> str:
    return "quy-tac-" + rule.id.replace(".", "-").replace("_", "-")


def rule_status(findings: list[Finding]) -> Status:
    """One status for a rule over all its periods: the worst that applies."""
    order = [Status.FAIL, Status.LATE, Status.PASS, Status.NOT_DUE, Status.NOT_APPLICABLE]
    present = {f.status for f in findings}
    return next((s for s in order if s in present), Status.NOT_APPLICABLE)


@dataclass(frozen=True)
class PapiArea:
    title: str
    rules: list[tuple[Rule, Status]]

    @property
    def ready(self) -> bool:
        evaluated = [s for _, s in self.rules if s in (Status.PASS, Status.FAIL, Status.LATE)]
        return bool(evaluated) and all(s is Status.PASS for s in evaluated)


def papi_summary(report: Report, findings: dict[str, list[Finding]]) -> list[PapiArea]:
    areas = []
    for key, title in PAPI_TITLES.items():
        rules = [r for r in report.in_force if key in r.papi]
        areas.append(PapiArea(title, [(r, rule_status(findings[r.id])) for r in rules]))
    return areas


AREA_STATUSES = (Status.PASS, Status.LATE, Status.FAIL, Status.NOT_DUE)
"""What the completeness chart counts per area: passed, late, missing, not yet due."""


@dataclass(frozen=True)
class AreaCounts:
    area: str
    counts: dict[Status, int]
    """Rules in force of this area by their overall status (AREA_STATUSES only)."""

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def area_counts(report: Report, findings: dict[str, list[Finding]]) -> list[AreaCounts]:
    """Per area of law (the rule's group), how many rules pass, are late, or are missing."""
    areas: dict[str, dict[Status, int]] = {}
    for rule in sorted(report.in_force, key=lambda r: r.group):
        counts = areas.setdefault(rule.group, dict.fromkeys(AREA_STATUSES, 0))
        status = rule_status(findings[rule.id])
        if status in counts:
            counts[status] += 1
    return [AreaCounts(area, counts) for area, counts in areas.items() if any(counts.values())]


def catalogue_rows(rules: Iterable[Rule], as_of: dt.date) -> list[CatalogueRow]:
    """What must be published, where, how, when and for how long: one row per binding rule,
    citing the texts in force on `as_of`."""
    rows = []
    for rule in sorted(rules, key=lambda r: (r.group, r.title)):
        check = rule.check
        if not isinstance(check, Selector) or rule.advisory_on(as_of):
            continue
        if check.type == ALL_TYPES:
            continue  # a duty on every item (correcting it), not a kind of information

        kind = TYPES.get(check.type)
        extra = rule.catalogue
        rows.append(
            CatalogueRow(
                title=rule.title,
                folder=check.type,
                type_title=kind.title if kind else check.type,
                listed=kind is not None,
                form=(extra.form if extra and extra.form else None)
                or "Đăng trên trang thông tin điện tử của xã",
                timing=(extra.timing if extra and extra.timing else None) or _timing(check),
                duration=(extra.duration if extra and extra.duration else None) or _duration(check),
                basis=rule.basis_on(as_of),
            )
        )
    return rows


def _timing(check: Selector) -> str:
    if isinstance(check, DeadlineCheck):
        events = {c.event.label for c in check.expanded() if c.event}
        return f"Chậm nhất {check.within.describe()} kể từ {', '.join(sorted(events))}"
    if isinstance(check, ExistsCheck) and check.per == "year":
        due = f" (trước ngày {check.due.day:02}/{check.due.month:02})" if check.due else ""
        return f"Hằng năm{due}"
    return "Khi ban hành hoặc có thay đổi"


def _duration(check: Selector) -> str:
    if isinstance(check, PostingCheck) and check.at_least is not None:
        return f"Niêm yết ít nhất {check.describe()}; lưu trên trang thông tin điện tử"
    if isinstance(check, PostingCheck):
        return "Niêm yết thường xuyên tại trụ sở, cập nhật khi thay đổi"
    return "Thường xuyên trên trang thông tin điện tử"


def _document(page: str, document: InfoDocument) -> DocumentLink:
    if document.file is not None:
        href = posixpath.relpath(f"files/{document.file}", posixpath.dirname(page))
        return DocumentLink(document.title, href)
    return DocumentLink(document.title, str(document.url))
