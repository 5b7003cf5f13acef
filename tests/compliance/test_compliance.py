"""The compliance engine: dated rules evaluated against fixture content on a fixed check date."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from fixtures import REPO, SITE_YAML

from generator.build import build, validate_project
from generator.cli import main
from generator.compliance.evaluate import Finding, Status
from generator.load.rules import load_rules

SINCE_2024 = SITE_YAML + "compliance_from: 2024-01-01\n"
SINCE_2025 = SITE_YAML + "compliance_from: 2025-01-01\n"


def budget(year: int, phase: str, published: str, **extra: str) -> str:
    """A valid ngan-sach item with a one-line revenue table; `extra` holds raw YAML lines."""
    lines = [
        f"title: Ngân sách {phase} năm {year}",
        f"year: {year}",
        f"phase: {phase}",
        f"published: {published}",
        *(f"{key}: {value}" for key, value in extra.items()),
        "revenue:",
        "  lines:",
        '    - code: "1"',
        "      name: Thu bổ sung",
        "      estimate: 100",
    ]
    return "\n".join(lines) + "\n"


def approval(date: str) -> str:
    return "{number: 45/NQ-HĐND, date: " + date + ", issuer: HĐND xã Thử Nghiệm}"


def report_of(project, as_of: dt.date):
    result, _ = validate_project(project, as_of=as_of)
    assert result.ok, [d.message for d in result.diagnostics if d.is_error]
    assert result.report is not None
    return result, result.report


def finding(report, rule_id: str, period: str = "") -> Finding:
    matches = [f for f in report.findings if f.rule.id == rule_id and f.period.endswith(period)]
    assert len(matches) == 1, [(f.rule.id, f.period, f.status) for f in report.findings]
    return matches[0]


def periods(report, rule_id: str) -> list[str]:
    return [f.period for f in report.findings if f.rule.id == rule_id]


# --- 5 working days after the draft goes to council delegates (Decree 163 Art. 49(1)) ---------


def test_draft_estimate_deadline_counts_working_days_across_tet(make_project):
    # Sent Fri 24 Jan 2025; Tết closes offices 27 Jan–1 Feb, so the 5th working day is 7 Feb.
    project = make_project(
        {
            "site_config/site.yaml": SINCE_2024,
            "content/ngan-sach/2025-du-thao.yaml": budget(
                2025, "du-thao-du-toan", "2025-02-06", sent_to_council="2025-01-24"
            ),
        }
    )
    _, report = report_of(project, dt.date(2025, 3, 1))
    result = finding(report, "dcco.a11.k2.budget_draft", "2025")
    assert result.status is Status.PASS
    assert result.due == dt.date(2025, 2, 7)
    assert result.evidence[0].url == "ngan-sach/2025/du-thao-du-toan/"


def test_draft_estimate_published_after_the_working_day_deadline_is_late(make_project):
    project = make_project(
        {
            "site_config/site.yaml": SINCE_2024,
            "content/ngan-sach/2025-du-thao.yaml": budget(
                2025, "du-thao-du-toan", "2025-02-10", sent_to_council="2025-01-24"
            ),
        }
    )
    result, report = report_of(project, dt.date(2025, 3, 1))
    late = finding(report, "dcco.a11.k2.budget_draft", "2025")
    assert late.status is Status.LATE
    assert late.days_late == 3
    warning = next(d for d in result.diagnostics if d.code == "CK402")
    assert warning.file == "content/ngan-sach/2025-du-thao.yaml"
    assert (warning.line, warning.field) == (4, "published")
    assert not warning.is_error


def test_draft_estimate_missing_and_not_yet_due(make_project):
    project = make_project({"site_config/site.yaml": SINCE_2024})
    _, report = report_of(project, dt.date(2025, 11, 20))
    # The 2025 draft was due by the end of 2024; the 2026 draft is not due until 31 Dec 2025.
    assert finding(report, "dcco.a11.k2.budget_draft", "2025").status is Status.FAIL
    upcoming = finding(report, "dcco.a11.k2.budget_draft", "2026")
    assert upcoming.status is Status.NOT_DUE
    assert upcoming.due == dt.date(2025, 12, 31)


def test_draft_without_the_sending_date_cannot_be_checked(make_project):
    project = make_project(
        {
            "site_config/site.yaml": SINCE_2024,
            "content/ngan-sach/2025-du-thao.yaml": budget(2025, "du-thao-du-toan", "2024-12-10"),
        }
    )
    result, report = report_of(project, dt.date(2025, 3, 1))
    gap = finding(report, "dcco.a11.k2.budget_draft", "2025")
    assert gap.status is Status.FAIL
    assert "sent_to_council" in gap.detail
    assert any(d.code == "CK403" and d.field == "sent_to_council" for d in result.diagnostics)


# --- 15 days after each quarter (Decree 163 Art. 49(3), budget years up to 2025) -------------


@pytest.fixture
def quarters(make_project):
    return make_project(
        {
            "site_config/site.yaml": SINCE_2024,
            # Due 15 Apr: published on the last day.
            "content/ngan-sach/2025-quy-1.yaml": budget(2025, "quy-1", "2025-04-15"),
            # Due 15 Jul: five days late.
            "content/ngan-sach/2025-quy-2.yaml": budget(2025, "quy-2", "2025-07-20"),
            # Due 15 Oct: published 13 Oct, after some of the check dates below.
            "content/ngan-sach/2025-quy-3.yaml": budget(2025, "quy-3", "2025-10-13"),
        }
    )


def test_quarterly_execution_pass_late_and_not_yet_due(quarters):
    _, report = report_of(quarters, dt.date(2025, 10, 10))
    assert finding(report, "dcco.a11.k2.budget_quarterly", "2025 · Quý I").status is Status.PASS
    late = finding(report, "dcco.a11.k2.budget_quarterly", "2025 · Quý II")
    assert (late.status, late.days_late, late.due) == (Status.LATE, 5, dt.date(2025, 7, 15))
    # On 10 October the Q3 report is not missing: its deadline is 15 October, and the item
    # published on 13 October does not exist yet as far as this check date is concerned.
    q3 = finding(report, "dcco.a11.k2.budget_quarterly", "2025 · Quý III")
    assert (q3.status, q3.due) == (Status.NOT_DUE, dt.date(2025, 10, 15))
    # Q4 ends in a later year than the check date: not listed yet.
    assert not [p for p in periods(report, "dcco.a11.k2.budget_quarterly") if "2025 · Quý IV" in p]


def test_quarterly_execution_missing_after_the_deadline(make_project):
    project = make_project(
        {
            "site_config/site.yaml": SINCE_2024,
            "content/ngan-sach/2025-quy-1.yaml": budget(2025, "quy-1", "2025-04-10"),
        }
    )
    result, report = report_of(project, dt.date(2025, 10, 16))
    missing = finding(report, "dcco.a11.k2.budget_quarterly", "2025 · Quý III")
    assert missing.status is Status.FAIL
    assert "15/10/2025" in missing.detail
    assert any(
        d.code == "CK401" and "budget_quarterly" in d.message and "Quý III" in d.message
        for d in result.diagnostics
    )


def test_quarterly_published_on_time_passes_once_visible(quarters):
    _, report = report_of(quarters, dt.date(2025, 10, 20))
    assert finding(report, "dcco.a11.k2.budget_quarterly", "2025 · Quý III").status is Status.PASS


# --- 30 days after the approving decision (Decree 163 Art. 49(2) / Decree 73 Art. 37(2)) ----


@pytest.mark.parametrize(
    ("published", "as_of", "status", "days_late"),
    [
        # 20 Dec + 30 days = Sun 19 Jan: the limit ends on Mon 20 Jan (Civil Code Art. 148).
        ("2025-01-20", "2025-03-01", Status.PASS, None),
        ("2025-01-25", "2025-03-01", Status.LATE, 5),
        (None, "2025-02-05", Status.FAIL, None),  # expected by 31 Jan at the latest
        (None, "2025-01-20", Status.NOT_DUE, None),
    ],
)
def test_approved_estimate_within_30_days(make_project, published, as_of, status, days_late):
    files = {"site_config/site.yaml": SINCE_2024}
    if published:
        files["content/ngan-sach/2025-du-toan.yaml"] = budget(
            2025, "du-toan", published, approval=approval("2024-12-20")
        )
    _, report = report_of(make_project(files), dt.date.fromisoformat(as_of))
    result = finding(report, "dcco.a11.k2.budget_approved", "2025")
    assert (result.status, result.days_late) == (status, days_late)


def test_final_accounts_within_30_days_of_approval(make_project):
    project = make_project(
        {
            "site_config/site.yaml": SINCE_2024,
            "content/ngan-sach/2024-quyet-toan.yaml": budget(
                2024, "quyet-toan", "2025-08-25", approval=approval("2025-07-18")
            ),
        }
    )
    _, report = report_of(project, dt.date(2025, 9, 1))
    late = finding(report, "dcco.a11.k2.budget_final", "2024")
    # 18 Jul + 30 days = Sun 17 Aug: the limit ends on Mon 18 Aug (Civil Code Art. 148).
    assert (late.status, late.due, late.days_late) == (Status.LATE, dt.date(2025, 8, 18), 7)


# --- the budget year decides between Decree 163 and Decree 73 -------------------------------


def test_budget_year_picks_the_decree(make_project):
    project = make_project(
        {
            "site_config/site.yaml": SINCE_2025,
            # Budget year 2025, Decree 163: 15 days after the quarter.
            "content/ngan-sach/2025-quy-1.yaml": budget(2025, "quy-1", "2025-04-12"),
            # Budget year 2026, Decree 73: 10 days, so the same delay is now late.
            "content/ngan-sach/2026-quy-1.yaml": budget(2026, "quy-1", "2026-04-12"),
            # Draft for 2026 follows Decree 163 (counted from sending to delegates), the draft
            # for 2027 Decree 73 (counted from the opening of the council session).
            "content/ngan-sach/2026-du-thao.yaml": budget(
                2026, "du-thao-du-toan", "2025-12-05", sent_to_council="2025-12-01"
            ),
            "content/ngan-sach/2027-du-thao.yaml": budget(
                2027, "du-thao-du-toan", "2026-12-16", council_session_opened="2026-12-10"
            ),
        }
    )
    _, report = report_of(project, dt.date(2026, 12, 20))
    assert finding(report, "dcco.a11.k2.budget_quarterly", "2025 · Quý I").status is Status.PASS
    quarterly = periods(report, "dcco.a11.k2.budget_quarterly")
    assert [f"Năm ngân sách 2025 · Quý {q}" for q in ("I", "II", "III", "IV")] == quarterly[-4:]
    assert not [p for p in quarterly if "2026" in p]
    new = finding(report, "dcco.a11.k2.budget_execution", "2026")
    assert (new.status, new.due, new.days_late) == (Status.LATE, dt.date(2026, 4, 10), 2)

    assert periods(report, "dcco.a11.k2.budget_draft") == ["Năm ngân sách 2026"]
    assert finding(report, "dcco.a11.k2.budget_draft", "2026").status is Status.PASS
    d73 = finding(report, "dcco.a11.k2.budget_draft.d73", "2027")
    assert (d73.status, d73.due) == (Status.PASS, dt.date(2026, 12, 17))
    # The 9-month report exists only from budget year 2026.
    assert periods(report, "dcco.a11.k2.budget_9m") == ["Năm ngân sách 2026"]
    assert "dcco.a11.k2.budget_9m" not in {f.rule.id for f in report.findings if "2025" in f.period}


def test_decree_73_draft_needs_the_session_date(make_project):
    project = make_project(
        {
            "site_config/site.yaml": SINCE_2024,
            "content/ngan-sach/2027-du-thao.yaml": budget(
                2027, "du-thao-du-toan", "2026-12-16", sent_to_council="2026-12-10"
            ),
        }
    )
    _, report = report_of(project, dt.date(2026, 12, 20))
    gap = finding(report, "dcco.a11.k2.budget_draft.d73", "2027")
    assert gap.status is Status.FAIL
    assert "council_session_opened" in gap.detail


# --- dates of the rules themselves ----------------------------------------------------------


def test_rule_past_its_valid_to_is_not_evaluated(small_project):
    _, before = report_of(small_project, dt.date(2026, 6, 30))
    _, after = report_of(small_project, dt.date(2026, 7, 1))
    # Decree 42 lapsed on 1 Jul 2026: its contact-list rule gives way to a good-practice one.
    assert [f.status for f in before.findings if f.rule.id == "nd42.a4.contacts"] == [Status.FAIL]
    assert not [f for f in after.findings if f.rule.id == "nd42.a4.contacts"]
    assert "nd42.a4.contacts" in {r.id for r in after.not_in_force}
    successor = finding(after, "gp.contact_officials")
    assert successor.advisory


def test_local_rule_with_a_past_valid_to_is_not_evaluated(make_project):
    rules = """\
    rules:
      - id: xa.ban_tin
        title: Bản tin hằng năm của xã
        group: Quy định của xã
        basis: [{instrument: Quy chế của UBND xã}]
        valid_to: 2024-12-31
        confidence: sure
        check: {kind: exists, type: tin-bai}
    """
    project = make_project({"site_config/rules.yaml": rules})
    _, report = report_of(project, dt.date(2025, 6, 1))
    assert "xa.ban_tin" in {r.id for r in report.not_in_force}
    assert not [f for f in report.findings if f.rule.id == "xa.ban_tin"]
    _, earlier = report_of(project, dt.date(2024, 6, 1))
    assert finding(earlier, "xa.ban_tin").status is Status.FAIL


def test_soft_end_keeps_checking_as_a_warning_only(make_project):
    project = make_project({"site_config/site.yaml": SINCE_2024})
    result, report = report_of(project, dt.date(2026, 12, 20))
    notice = finding(report, "poverty.qd24.notice", "2026")
    assert notice.status is Status.FAIL and notice.advisory
    assert any(d.code == "CK490" and "poverty.qd24.notice" in d.message for d in result.diagnostics)


# --- local rules, unknown types, bad rule files ---------------------------------------------


def test_rule_for_a_type_the_tool_does_not_have_yet(make_project):
    rules = """\
    rules:
      - id: xa.quy_tiet_kiem
        title: Công khai quỹ tiết kiệm của xã
        group: Quy định của xã
        basis: [{instrument: Luật 10/2022/QH15, article: "11", clause: "5"}]
        confidence: likely
        check: {kind: exists, type: quy-tiet-kiem}
      - id: xa.quy_tiet_kiem_fields
        title: Báo cáo quỹ ghi đủ số tiền
        group: Quy định của xã
        basis: [{instrument: Luật 10/2022/QH15, article: "11", clause: "5"}]
        confidence: likely
        check: {kind: fields, type: quy-tiet-kiem, fields: [amount]}
    """
    project = make_project({"site_config/rules.yaml": rules})
    _, report = report_of(project, dt.date(2025, 6, 1))
    missing = finding(report, "xa.quy_tiet_kiem")
    assert missing.status is Status.FAIL
    assert "chưa có loại nội dung này" in missing.detail
    assert finding(report, "xa.quy_tiet_kiem_fields").status is Status.NOT_APPLICABLE


def test_a_bad_rule_file_is_reported_with_its_position(make_project):
    rules = """\
    rules:
      - id: xa.mot
        title: Quy tắc một
        group: Quy định của xã
        basis: [{instrument: Quy chế của UBND xã}]
        confidence: probably
        check: {kind: exists, type: tin-bai}
      - id: xa.hai
        title: Quy tắc hai
        group: Quy định của xã
        basis: [{instrument: Quy chế của UBND xã}]
        confidence: sure
        check: {kind: every-day, type: tin-bai}
    """
    project = make_project({"site_config/rules.yaml": rules})
    result, _ = validate_project(project, as_of=dt.date(2025, 6, 1))
    assert not result.ok
    errors = sorted((d.file, d.line, d.field) for d in result.diagnostics if d.is_error)
    assert ("site_config/rules.yaml", 6, "rules[0].confidence") in errors
    assert ("site_config/rules.yaml", 13, "rules[1].check") in errors
    kind = next(d for d in result.diagnostics if d.field == "rules[1].check")
    assert "deadline, exists, fields" in kind.message
    assert result.report is None
    assert not build(project, as_of=dt.date(2025, 6, 1)).published


def test_duplicate_rule_ids_in_one_file(make_project):
    rule = (
        "  - id: xa.mot\n"
        "    title: Quy tắc một\n"
        "    group: Quy định của xã\n"
        "    basis: [{instrument: Quy chế của UBND xã}]\n"
        "    confidence: sure\n"
        "    check: {kind: exists, type: tin-bai}\n"
    )
    project = make_project({"site_config/rules.yaml": "rules:\n" + rule + rule})
    result, _ = validate_project(project, as_of=dt.date(2025, 6, 1))
    duplicate = next(d for d in result.diagnostics if d.code == "CK410")
    assert (duplicate.file, duplicate.line, duplicate.is_error) == (
        "site_config/rules.yaml",
        8,
        True,
    )
    assert not result.ok


def test_shipped_rules_load_cleanly_and_name_real_fields():
    from generator.compliance.evaluate import unknown_fields
    from generator.compliance.rules import Selector

    rule_set = load_rules()
    assert rule_set.diagnostics == []
    # A rule written for fields a model lacks evaluates to "not applicable": every shipped rule
    # now names fields its type has.
    waiting: set[str] = set()
    mismatched = {
        rule.id
        for rule in rule_set.rules
        if isinstance(rule.check, Selector) and unknown_fields(rule.check)
    }
    assert mismatched == waiting


def test_every_checklist_row_is_a_rule_or_explained_in_the_docs():
    """§10 of the legal reference: each row is a rule, or docs/quy-tac.md says why it is not."""
    checklist = (REPO / "tests" / "data" / "checklist-ids.txt").read_text().split()
    assert len(checklist) == 105
    rule_ids = {rule.id for rule in load_rules().rules}
    docs = (REPO / "docs" / "quy-tac.md").read_text(encoding="utf-8")
    unexplained = [i for i in checklist if i not in rule_ids and f"`{i}`" not in docs]
    assert unexplained == []
    # A row that is a rule is not also listed as impossible to check.
    explained = set(re.findall(r"^\| `([a-z0-9_.]+)`", docs, flags=re.MULTILINE))
    assert not explained & rule_ids


# --- build, strict, and the published pages -------------------------------------------------


def test_strict_build_stops_on_a_binding_rule_a_normal_build_warns(small_project):
    as_of = dt.date(2025, 12, 1)
    normal = build(small_project, as_of=as_of)
    assert normal.published
    assert any(d.code == "CK401" and not d.is_error for d in normal.diagnostics)
    before = (small_project.site_dir / "index.html").read_bytes()
    strict = build(small_project, as_of=as_of, strict=True)
    assert not strict.published
    assert (small_project.site_dir / "index.html").read_bytes() == before
    assert strict.report is not None and strict.report.blocking()


def test_advisory_findings_never_block(small_project):
    _, report = report_of(small_project, dt.date(2025, 12, 1))
    advisory = [f for f in report.findings if f.failed and f.advisory]
    assert advisory, "the fixture should fail at least one unverified rule"
    assert not set(map(id, advisory)) & set(map(id, report.blocking()))
    assert all(f.rule.confidence == "unverified" or f.rule.severity == "warning" for f in advisory)


def test_completeness_page_lists_rules_status_and_evidence(make_project):
    site = SINCE_2024 + dedent_info_access()
    project = make_project(
        {
            "site_config/site.yaml": site,
            "content/files/ttt/phieu.pdf": b"%PDF-1.4\n",
            "content/ngan-sach/2025-quy-1.yaml": budget(2025, "quy-1", "2025-04-15"),
            "content/ngan-sach/2025-quy-2.yaml": budget(2025, "quy-2", "2025-07-20"),
        }
    )
    result = build(project, as_of=dt.date(2025, 10, 20))
    assert result.published, [d.message for d in result.diagnostics if d.is_error]
    page = project.site_dir / "muc-do-cong-khai" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    assert "20/10/2025" in article.get_text()
    # First, in plain words, what is missing and what came late; no rule ids, files or fields.
    summary = article.find("h2", string="Tóm tắt")
    missing = article.find("h3", string="Chưa công khai hoặc còn thiếu").find_next("ul")
    assert summary.find_next("h2").get_text() == "Chi tiết cho người kiểm tra"
    assert any("Quý III" in li.get_text() for li in missing.find_all("li"))
    late = article.find("h3", string="Công khai chậm").find_next("ul").get_text()
    assert "Quý II" in late and "chậm 5 ngày" in late
    text = article.get_text(" ")
    for internal in ("dcco.", "site_config", "`", "has_", ".yaml", "content/"):
        assert internal not in text, internal
    # The auditor's detail, collapsed by group.
    section = article.find(id="quy-tac-dcco-a11-k2-budget-quarterly")
    assert section is not None and section.name == "h4"
    assert section.find_parent("details") is not None
    details = section.find_next("ul").get_text(" ")
    assert "khoản 3 Điều 49 Nghị định 163/2016/NĐ-CP" in details
    assert "Khá chắc" in details
    rows = {
        tr.find_all("td")[0].get_text(strip=True): tr.find_all("td")
        for tr in section.find_next("table").select("tbody tr")
    }
    assert rows["Năm ngân sách 2025 · Quý I"][1].get_text(strip=True) == "Đạt"
    assert rows["Năm ngân sách 2025 · Quý II"][1].get_text(strip=True) == "Chậm 5 ngày"
    assert rows["Năm ngân sách 2025 · Quý III"][1].get_text(strip=True) == "Chưa đạt"
    evidence = rows["Năm ngân sách 2025 · Quý I"][4].find("a")
    target = (page.parent / evidence["href"]).resolve()
    assert (target / "index.html").is_file() or target.is_file()
    assert "quy-1" in evidence["href"]

    papi = article.find(id="chi-so-papi")
    assert papi is not None
    papi_rows = [
        tr.find_all("td")[0].get_text(strip=True)
        for tr in papi.find_next("table").select("tbody tr")
    ]
    assert "Công khai thu, chi ngân sách xã" in papi_rows
    assert "Tiếp cận thông tin" in papi_rows

    # Decree 224 rules start on 1 Jul 2026: listed as not applying on the check date.
    lapsed = article.find("summary", string=re.compile("^Quy định không áp dụng"))
    title = next(rule.title for rule in load_rules().rules if rule.id == "nd224.a9.tthc")
    assert title in lapsed.find_next("table").get_text()
    assert article.find(id="quy-tac-nd224-a9-tthc") is None


def dedent_info_access() -> str:
    return (
        "info_access:\n"
        "  request_email: tiepcan@thunghiem.gov.vn\n"
        "  focal_point: {role: Văn phòng UBND xã, name: Bà Lê Thị Hoa, phone: '0200 3000 001'}\n"
        "  forms:\n"
        "    - {title: Phiếu yêu cầu cung cấp thông tin, file: ttt/phieu.pdf}\n"
        "  guides:\n"
        "    - {title: Hướng dẫn trên Cổng Dịch vụ công, url: 'https://dichvucong.gov.vn/'}\n"
    )


def test_access_to_information_section_and_catalogue(make_project):
    project = make_project(
        {
            "site_config/site.yaml": SINCE_2024 + dedent_info_access(),
            "content/files/ttt/phieu.pdf": b"%PDF-1.4\n",
            "content/ngan-sach/2025-quy-1.yaml": budget(2025, "quy-1", "2025-04-15"),
        }
    )
    assert build(project, as_of=dt.date(2025, 10, 20)).published
    access = BeautifulSoup(
        (project.site_dir / "tiep-can-thong-tin" / "index.html").read_text(encoding="utf-8"),
        "html.parser",
    ).select_one("article")
    text = access.get_text(" ")
    assert "Bà Lê Thị Hoa" in text and "tiepcan@thunghiem.gov.vn" in text
    form = access.find("a", string="Phiếu yêu cầu cung cấp thông tin")
    assert (project.site_dir / "tiep-can-thong-tin" / form["href"]).resolve().is_file()
    assert access.find("a", string="Hướng dẫn trên Cổng Dịch vụ công")["href"].startswith(
        "https://"
    )

    catalogue = BeautifulSoup(
        (project.site_dir / "tiep-can-thong-tin" / "danh-muc" / "index.html").read_text("utf-8"),
        "html.parser",
    ).select_one("article table")
    rows = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in catalogue.select("tbody tr")
    ]
    quarterly = next(
        r for r in rows if r[1] == "Công khai tình hình thực hiện dự toán ngân sách hằng quý"
    )
    assert quarterly[2] == "Ngân sách"
    assert "15 ngày" in quarterly[4]
    assert "Nghị định 163/2016/NĐ-CP" in quarterly[6]
    # Warning-only rules are advice, not duties: they stay out of the catalogue.
    assert not [r for r in rows if "biểu mẫu của Bộ Tài chính" in r[1]]


def test_missing_form_file_in_site_config_is_a_content_error(make_project):
    project = make_project({"site_config/site.yaml": SINCE_2024 + dedent_info_access()})
    result, _ = validate_project(project, as_of=dt.date(2025, 6, 1))
    error = next(d for d in result.diagnostics if d.code == "CK108")
    assert (error.file, error.field) == ("site_config/site.yaml", "info_access.forms[0].file")
    assert error.line == 12


# --- the command line -----------------------------------------------------------------------


def test_check_command_formats_and_exit_code(quarters):
    runner = CliRunner()
    args = ["check", "-p", str(quarters.root), "--as-of", "2025-10-20"]
    as_json = runner.invoke(main, [*args, "--format", "json"])
    assert as_json.exit_code == 1  # binding rules fail (no plans, procedures, ... in the fixture)
    data = json.loads(as_json.output)
    assert data["as_of"] == "2025-10-20"
    q2 = next(
        f
        for f in data["findings"]
        if f["rule"] == "dcco.a11.k2.budget_quarterly"
        and f["period"] == "Năm ngân sách 2025 · Quý II"
    )
    assert (q2["status"], q2["days_late"], q2["due"]) == ("late", 5, "2025-07-15")
    assert q2["evidence"][0]["url"] == "ngan-sach/2025/quy-2/"

    text = runner.invoke(main, [*args])
    assert "[CHẬM] dcco.a11.k2.budget_quarterly · Năm ngân sách 2025 · Quý II" in text.output

    page = runner.invoke(main, [*args, "--format", "html"])
    soup = BeautifulSoup(page.output, "html.parser")
    assert soup.find("html")["lang"] == "vi"
    assert soup.find(id="quy-tac-dcco-a11-k2-budget-quarterly") is not None


def test_check_command_reports_content_errors(make_project):
    project = make_project({"content/ngan-sach/2025-quy-1.yaml": "title: [\n"})
    outcome = CliRunner().invoke(main, ["check", "-p", str(project.root), "--as-of", "2025-10-20"])
    assert outcome.exit_code == 1
    assert "CK100" in outcome.output


# --- the demo commune -----------------------------------------------------------------------


def test_demo_commune_is_mostly_compliant_with_honest_gaps(demo_project):
    _, report = report_of(demo_project, dt.date(2026, 11, 23))
    counts = report.counts()
    assert counts[Status.PASS] > 2 * (counts[Status.FAIL] + counts[Status.LATE])
    budget = [f for f in report.findings if f.rule.id.startswith("dcco.a11.k2.")]
    failed = [(f.rule.id, f.period, f.days_late) for f in budget if f.failed]
    # The one budget gap: the 9-month report of 2026 went up four days late (due Saturday
    # 10 Oct, so on Monday 12 Oct under Civil Code Art. 148; published 16 Oct).
    assert failed == [("dcco.a11.k2.budget_9m", "Năm ngân sách 2026", 4)]
    assert 0 < len(report.blocking()) < 10


def test_withdrawn_evidence_is_named_but_not_linked(make_project):
    poverty = """\
    title: Danh sách hộ nghèo năm 2025
    published: 2025-11-24
    year: 2025
    review_kind: dinh-ky
    posted_from: 2025-11-24
    posted_to: 2025-12-24
    unpublish_after: 2025-12-31
    posting_places: [Trụ sở UBND xã]
    poor:
      - {number: 1, head: Nguyễn Văn An, village: Thôn Một}
    """
    project = make_project(
        {"site_config/site.yaml": SINCE_2025, "content/ho-ngheo/2025-ra-soat.yaml": poverty}
    )
    result = build(project, as_of=dt.date(2026, 2, 1))
    assert result.published, [d.message for d in result.diagnostics if d.is_error]
    assert finding(result.report, "dcco.a11.k7.support_policies", "2025").status is Status.PASS
    soup = BeautifulSoup(
        (project.site_dir / "muc-do-cong-khai" / "index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    section = soup.find(id="quy-tac-dcco-a11-k7-support-policies")
    cell = section.find_next("table").select("tbody tr")[0].find_all("td")[4]
    assert "Danh sách hộ nghèo năm 2025 (đã gỡ khỏi cổng)" in cell.get_text()
    assert cell.find("a") is None
    assert not (project.site_dir / "ho-ngheo" / "2025").exists()


def test_site_config_findings_point_at_the_field(make_project):
    site = SITE_YAML + "site_url: https://thunghiem.example.com/\n"
    project = make_project({"site_config/site.yaml": site})
    result, report = report_of(project, dt.date(2026, 1, 5))
    domain = finding(report, "nd42.a6.domain")
    assert domain.status is Status.FAIL and domain.advisory  # unverified: a warning only
    warning = next(d for d in result.diagnostics if "nd42.a6.domain" in d.message)
    assert (warning.code, warning.file, warning.line, warning.field) == (
        "CK490",
        "site_config/site.yaml",
        7,
        "site_url",
    )


def test_where_can_match_words_in_a_title_without_tone_marks(make_project):
    rules = """\
    rules:
      - id: xa.bao_cao_quy
        title: Có báo cáo quý
        group: Quy định của xã
        basis: [{instrument: Quy chế của UBND xã}]
        confidence: sure
        check: {kind: exists, type: ngan-sach, where: {title: {contains: [NGAN SACH QUY]}}}
      - id: xa.quyet_toan
        title: Có quyết toán
        group: Quy định của xã
        basis: [{instrument: Quy chế của UBND xã}]
        confidence: sure
        check: {kind: exists, type: ngan-sach, where: {title: {contains: quyết toán}}}
    """
    project = make_project(
        {
            "site_config/rules.yaml": rules,
            "content/ngan-sach/2025-quy-1.yaml": budget(2025, "quy-1", "2025-04-10"),
        }
    )
    _, report = report_of(project, dt.date(2025, 6, 1))
    assert finding(report, "xa.bao_cao_quy").status is Status.PASS
    assert finding(report, "xa.quyet_toan").status is Status.FAIL
