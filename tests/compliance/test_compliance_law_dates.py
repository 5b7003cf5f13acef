"""No rule judges what came before its law: an item dated before the rule's `valid_from`, or a
period whose deadline fell before it, is outside the rule (issue: 2022 and 2024 laws reaching
back to 2021 posts)."""

from __future__ import annotations

import datetime as dt

from fixtures import SITE_YAML

from generator.build import validate_project
from generator.compliance.evaluate import Status

RULES = """\
rules:
  - id: test.list_takedown
    title: Danh sách hộ nghèo có ngày gỡ khỏi cổng
    group: Thử
    basis: [{instrument: Luật 10/2022/QH15, article: "11"}]
    valid_from: 2023-07-01
    confidence: sure
    check: {kind: fields, type: ho-ngheo, fields: [unpublish_after]}
  - id: test.yearly_answers
    title: Mỗi năm có công khai trả lời ý kiến cử tri
    group: Thử
    basis: [{instrument: Luật 10/2022/QH15, article: "11"}]
    valid_from: 2023-07-01
    confidence: sure
    check: {kind: exists, type: hoi-dap, per: year, due: {month: 12, day: 31}}
  - id: test.any_answer
    title: Cổng có đăng trả lời ý kiến cử tri
    group: Thử
    basis: [{instrument: Luật 10/2022/QH15, article: "11"}]
    valid_from: 2023-07-01
    confidence: sure
    check: {kind: exists, type: hoi-dap}
"""

MEETING = """\
title: Tiếp xúc cử tri
published: 2021-10-12
meeting: {kind: tiep-xuc-cu-tri, date: 2021-10-12}
requests: [{request: Làm đường thôn Một}]
"""


def household_notice(published: str, signed: str | None = None) -> str:
    lines = [
        f"title: Thông báo niêm yết danh sách hộ nghèo ({published})",
        f"published: {published}",
        f"year: {published[:4]}",
        "stage: ket-qua",
        "counts: {poor: {households: 87, people: 181}}",
    ]
    if signed:
        lines += ["signed: {kind: thong-bao, number: 1/TB-UBND, date: " + signed + "}"]
    lines += ["attachments: [{file: ds.pdf, title: Danh sách}]"]
    return "\n".join(lines) + "\n"


def report(make_project, files: dict[str, str]):
    project = make_project(
        {
            "site_config/site.yaml": SITE_YAML + "compliance_from: 2021-01-01\n",
            "site_config/rules.yaml": RULES,
            "content/files/ds.pdf": b"%PDF-1.4\n%%EOF\n",
            **files,
        }
    )
    result, _ = validate_project(project, as_of=dt.date(2024, 3, 1))
    assert result.ok, [d.message for d in result.diagnostics if d.is_error]
    return result.report


def findings(report, rule_id: str):
    return [f for f in report.findings if f.rule.id == rule_id]


def test_an_item_dated_before_the_law_is_not_judged_by_it(make_project):
    found = findings(
        report(
            make_project,
            {
                "content/ho-ngheo/2021-niem-yet.yaml": household_notice("2021-10-25"),
                "content/ho-ngheo/2023-niem-yet.yaml": household_notice("2023-10-25"),
            },
        ),
        "test.list_takedown",
    )
    judged = {f.file for f in found if f.failed}
    assert judged == {"content/ho-ngheo/2023-niem-yet.yaml"}


def test_the_signed_date_counts_not_the_day_it_was_put_online(make_project):
    # A 2021 notice put on the portal in 2023 is still a 2021 notice.
    notice = household_notice("2023-10-25", "2021-10-20")
    found = findings(
        report(make_project, {"content/ho-ngheo/2023-dang-lai.yaml": notice}),
        "test.list_takedown",
    )
    assert [f.status for f in found] == [Status.NOT_APPLICABLE]


def test_no_period_due_before_the_law_is_reported_missing(make_project):
    found = findings(report(make_project, {}), "test.yearly_answers")
    assert [(f.period, f.status) for f in found] == [
        ("Năm 2023", Status.FAIL),
        ("Năm 2024", Status.NOT_DUE),
    ]


def test_an_older_item_still_counts_as_published(make_project):
    # Judging leaves old items alone; it does not hide that they are on the portal.
    found = findings(
        report(make_project, {"content/hoi-dap/2021-tiep-xuc.yaml": MEETING}), "test.any_answer"
    )
    assert [f.status for f in found] == [Status.PASS]
