"""The law as amended in 2026: dated citations, deadlines moved past days off (Civil Code 2015
Art. 148), lateness for every kind of rule, and the rules that used to fire wrongly, each checked on
a date before, on and after its change, over small projects and the demo commune."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from click.testing import CliRunner
from fixtures import REPO, SITE_YAML

from generator.build import build, validate_project
from generator.cli import main
from generator.compliance.evaluate import Finding, Status
from generator.compliance.report import report_diagnostics
from generator.load.rules import load_rules

SINCE_2023 = SITE_YAML + "compliance_from: 2023-01-01\n"
OLD_ATI = ("104/2016/QH13", "13/2018/NĐ-CP")
"""The Access to Information Law of 2016 and its decree: in force until 31 Aug 2026."""


def demo(path: str) -> str:
    return (REPO / "content" / path).read_text(encoding="utf-8")


def with_fields(text: str, **fields: str) -> str:
    """`text` with top-level fields set (replaced when present, appended otherwise)."""
    for name, value in fields.items():
        line = f"{name}: {value}"
        text, found = re.subn(rf"(?m)^{name}: .*$", line, text)
        if not found:
            text = text.rstrip("\n") + "\n" + line + "\n"
    return text


def check_json(root, as_of: str) -> dict:
    result = CliRunner().invoke(
        main, ["check", "-p", str(root), "--as-of", as_of, "--format", "json"]
    )
    return json.loads(result.stdout)


def report_of(project, as_of: dt.date):
    result, _ = validate_project(project, as_of=as_of)
    assert result.ok, [d.message for d in result.diagnostics if d.is_error]
    assert result.report is not None
    return result.report


def findings(report, rule_id: str) -> list[Finding]:
    return [f for f in report.findings if f.rule.id == rule_id]


def only(report, rule_id: str, period: str = "") -> Finding:
    matches = [f for f in findings(report, rule_id) if f.period.endswith(period)]
    assert len(matches) == 1, [(f.rule.id, f.period, f.status) for f in report.findings]
    return matches[0]


# --- a report cites only what is in force on its date -------------------------------------


def test_the_report_of_6_december_2026_cites_neither_the_2016_law_nor_decree_42(demo_project):
    report = check_json(demo_project.root, "2026-12-06")
    cited = [f["basis"] for f in report["findings"]]
    assert not [b for b in cited if "104/2016" in b or "42/2022" in b or "13/2018" in b]
    assert any("Nghị định 224/2026/NĐ-CP" in b for b in cited)
    assert any("Luật Tiếp cận thông tin (sửa đổi) 2026" in b for b in cited)
    # The hints of the build's warnings cite the same texts.
    text = CliRunner().invoke(
        main, ["check", "-p", str(demo_project.root), "--as-of", "2026-12-06"]
    )
    assert "Cách sửa:" in text.stdout
    assert "104/2016" not in text.stdout and "42/2022" not in text.stdout


def test_the_report_of_1_may_2026_cites_the_2016_law_and_not_decree_224(demo_project):
    report = check_json(demo_project.root, "2026-05-01")
    cited = [f["basis"] for f in report["findings"]]
    assert any("Luật 104/2016/QH13" in b for b in cited)
    assert any("Nghị định 42/2022/NĐ-CP" in b for b in cited)
    assert not [b for b in cited if "224/2026" in b or "(sửa đổi) 2026" in b]


def test_the_published_pages_cite_the_texts_in_force_on_the_build_date(demo_project):
    def pages(as_of: dt.date) -> tuple[str, str]:
        result = build(demo_project, as_of=as_of)
        assert result.published, [d.message for d in result.diagnostics if d.is_error]
        site = demo_project.site_dir / "tiep-can-thong-tin"
        return (
            (site / "danh-muc/index.html").read_text(encoding="utf-8"),
            (site / "index.html").read_text(encoding="utf-8"),
        )

    catalogue, section = pages(dt.date(2026, 6, 30))
    assert "Nghị định 42/2022/NĐ-CP" in catalogue and "Luật 104/2016/QH13" in catalogue
    assert "224/2026" not in catalogue
    assert "khoản 1 Điều 11 Nghị định 13/2018/NĐ-CP" in section
    catalogue, section = pages(dt.date(2026, 9, 1))
    assert "Nghị định 224/2026/NĐ-CP" in catalogue
    assert "42/2022" not in catalogue and "104/2016" not in catalogue
    assert "khoản 1 Điều 11 Nghị định 13/2018/NĐ-CP" not in section
    # The correction duty applies to every item: it is no row of its own in the catalogue.
    assert "đính chính" not in catalogue
    assert "Luật Tiếp cận thông tin (sửa đổi) 2026" in section


def test_every_shipped_citation_of_a_replaced_text_ends_on_its_last_day():
    ends = {
        "104/2016/QH13": "2026-08-31",
        "13/2018/NĐ-CP": "2026-08-31",
        "42/2022/NĐ-CP": "2026-06-30",
    }
    starts = {"224/2026/NĐ-CP": "2026-07-01", "(sửa đổi) 2026": "2026-09-01"}
    rules = load_rules().rules
    for rule in rules:
        for basis in rule.basis:
            for name, end in ends.items():
                if name in basis.instrument:
                    assert basis.valid_to == dt.date.fromisoformat(end), rule.id
            for name, start in starts.items():
                if name in basis.instrument:
                    assert basis.valid_from == dt.date.fromisoformat(start), rule.id


def test_every_rule_of_a_law_takes_effect_with_its_law():
    not_law = {"papi.egov", "tt26_2009.meta"}
    undated = [r.id for r in load_rules().rules if r.valid_from is None and r.id not in not_law]
    assert undated == []


# --- the amended Access to Information Law from 1 September 2026 -------------------------


def document(issuer: str = "UBND xã Thử Nghiệm", summary: bool = False) -> str:
    text = with_fields(demo("van-ban/2026-tb-38-lich-tiep-dan.yaml"), issuer=issuer)
    return text if summary else re.sub(r"(?m)^summary: .*\n", "", text)


@pytest.mark.parametrize(
    ("as_of", "in_force", "advisory", "cites"),
    [
        ("2026-06-30", False, None, None),  # Decree 42's rule still applies
        ("2026-07-01", True, False, "Luật 104/2016/QH13"),
        ("2026-08-31", True, False, "Luật 104/2016/QH13"),
        ("2026-09-01", True, True, "Luật Tiếp cận thông tin (sửa đổi) 2026"),
    ],
)
def test_a_document_without_its_summary_blocks_until_the_amended_law_whose_articles_are_unverified(
    make_project, as_of, in_force, advisory, cites
):
    project = make_project(
        {
            "site_config/site.yaml": SINCE_2023,
            "content/van-ban/2026-tb-38.yaml": document(),
            "content/files/van-ban/tb-38-lich-tiep-dan.pdf": b"%PDF-1.4\n",
        }
    )
    day = dt.date.fromisoformat(as_of)
    report = report_of(project, day)
    rule_findings = findings(report, "ltctt.a19.legal_docs")
    if not in_force:
        assert rule_findings == []
        assert only(report, "nd42.a4.legal_docs").status is Status.FAIL
        return
    (finding,) = rule_findings
    assert (finding.status, finding.field, finding.advisory) == (Status.FAIL, "summary", advisory)
    assert cites in finding.rule.basis_on(day)
    (diagnostic,) = [d for d in report_diagnostics(report) if "ltctt.a19.legal_docs" in d.message]
    assert diagnostic.code == ("CK490" if advisory else "CK403")
    assert "`summary`" in diagnostic.hint and cites in diagnostic.hint


@pytest.mark.parametrize(
    ("updated", "status", "days_late"),
    [
        ("2026-09-21", Status.PASS, None),
        ("2026-09-25", Status.LATE, 4),
    ],
)
def test_a_correction_is_published_within_10_days_of_the_request(
    make_project, updated, status, days_late
):
    # Request received Thu 10 Sep 2026: 10 days end on Sun 20 Sep, so on Mon 21 Sep.
    text = with_fields(
        document(summary=True),
        correction_requested="2026-09-10",
        updated=updated,
        change_note="Sửa ngày tiếp công dân tháng 9.",
    )
    project = make_project(
        {
            "site_config/site.yaml": SINCE_2023,
            "content/van-ban/2026-tb-38.yaml": text,
            "content/files/van-ban/tb-38-lich-tiep-dan.pdf": b"%PDF-1.4\n",
        }
    )
    result = only(report_of(project, dt.date(2026, 10, 1)), "ltctt.a22.corrections")
    assert (result.status, result.days_late) == (status, days_late)
    if status is Status.LATE:
        assert (result.due, result.field) == (dt.date(2026, 9, 21), "updated")


def test_the_correction_duty_does_not_exist_before_the_amended_law(make_project):
    project = make_project({"site_config/site.yaml": SINCE_2023})
    before = report_of(project, dt.date(2026, 8, 31))
    assert findings(before, "ltctt.a22.corrections") == []
    after = report_of(project, dt.date(2026, 9, 1))
    assert only(after, "ltctt.a22.corrections").status is Status.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("issuer", "status"),
    [("UBND xã Thử Nghiệm", Status.LATE), ("UBND huyện Gia Viễn", Status.NOT_APPLICABLE)],
)
def test_the_5_day_default_judges_the_communes_own_documents_not_a_districts(
    make_project, issuer, status
):
    # Issued Mon 5 Jan 2026, published Wed 14 Jan: 7 working days later.
    text = with_fields(
        document(issuer=issuer, summary=True), issued="2026-01-05", published="2026-01-14"
    )
    project = make_project(
        {
            "site_config/site.yaml": SINCE_2023,
            "content/van-ban/2026-tb-38.yaml": text,
            "content/files/van-ban/tb-38-lich-tiep-dan.pdf": b"%PDF-1.4\n",
        }
    )
    assert only(report_of(project, dt.date(2026, 3, 1)), "ltctt.a18.timeliness").status is status


# --- Civil Code Art. 148: a time limit ending on a day off ends on the next working day ---


def nine_months(published: str) -> str:
    return with_fields(demo("ngan-sach/2026-9-thang.yaml"), published=published)


@pytest.mark.parametrize(
    ("published", "status", "days_late"),
    [
        ("2026-10-10", Status.PASS, None),  # Saturday: the 10 days end then, or on Monday
        ("2026-10-12", Status.PASS, None),  # Monday: the last day of the time limit
        ("2026-10-13", Status.LATE, 1),
    ],
)
def test_the_9_month_report_due_on_a_saturday_is_due_on_monday(
    make_project, published, status, days_late
):
    project = make_project(
        {
            "site_config/site.yaml": SINCE_2023,
            "content/ngan-sach/2026-9-thang.yaml": nine_months(published),
        }
    )
    result = only(report_of(project, dt.date(2026, 11, 1)), "dcco.a11.k2.budget_9m")
    assert (result.status, result.due, result.days_late) == (
        status,
        dt.date(2026, 10, 12),
        days_late,
    )


def test_the_demo_9_month_report_is_4_days_late(demo_project):
    report = report_of(demo_project, dt.date(2026, 12, 6))
    result = only(report, "dcco.a11.k2.budget_9m", "2026")
    assert (result.status, result.due, result.days_late) == (Status.LATE, dt.date(2026, 10, 12), 4)
    assert result.status_title == "Chậm 4 ngày"


# --- "late" for a yearly report, and the fund report that cannot exist before the year ends


def test_the_demo_public_assets_of_2025_are_late(demo_project):
    # Due 31 Jan 2026, a Saturday, so Mon 2 Feb; published 5 Feb.
    result = only(
        report_of(demo_project, dt.date(2026, 12, 6)), "dcco.a11.k6.public_assets", "2025"
    )
    assert (result.status, result.due, result.days_late) == (Status.LATE, dt.date(2026, 2, 2), 3)
    assert (result.problem, result.field) == ("late", "published")
    (diagnostic,) = [
        d for d in report_diagnostics(report_of(demo_project, dt.date(2026, 12, 6)))
        if "dcco.a11.k6.public_assets" in d.message
    ]  # fmt: skip
    assert diagnostic.code == "CK402" and diagnostic.file.startswith("content/tai-san-cong/")


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        ("2026-01-10", Status.NOT_DUE),  # the year has just ended: no report can be late yet
        ("2026-02-02", Status.NOT_DUE),  # 31 Jan is a Saturday: the last day is Monday
        ("2026-02-03", Status.FAIL),
    ],
)
def test_a_yearly_fund_report_is_not_missing_before_the_year_can_be_reported(
    make_project, as_of, status
):
    project = make_project({"site_config/site.yaml": SITE_YAML + "compliance_from: 2025-01-01\n"})
    result = only(report_of(project, dt.date.fromisoformat(as_of)), "dcco.a11.k5.funds", "2025")
    assert result.status is status


def test_the_demo_fund_report_is_not_failing_on_10_january_2026(demo_project):
    report = report_of(demo_project, dt.date(2026, 1, 10))
    assert not [f for f in findings(report, "dcco.a11.k5.funds") if f.failed]


def test_the_annual_work_programme_never_blocks(demo_project):
    report = report_of(demo_project, dt.date(2026, 12, 6))
    missing = [f for f in findings(report, "nd42.a4.annual_work_programme") if f.failed]
    assert missing, "the demo has no work programme: the rule should remind"
    assert all(f.advisory for f in missing)
    assert not [f for f in report.blocking() if f.rule.id == "nd42.a4.annual_work_programme"]


def test_the_land_use_plan_rule_is_a_warning_only(demo_project):
    report = report_of(demo_project, dt.date(2026, 12, 6))
    assert [f.advisory for f in findings(report, "land.annual_plan") if f.failed] == [True]


# --- the results of the socio-economic plan ------------------------------------------------


@pytest.mark.parametrize(
    ("results", "as_of", "status"),
    [
        (None, "2026-02-02", Status.NOT_DUE),  # 31 Dec + 31 days = Sat 31 Jan, so Mon 2 Feb
        (None, "2026-02-03", Status.FAIL),
        ("2026-02-02", "2026-03-01", Status.PASS),
        ("2026-02-05", "2026-03-01", Status.LATE),
    ],
)
def test_the_plan_results_are_published_after_the_year(make_project, results, as_of, status):
    plan = demo("ke-hoach/2025-kinh-te-xa-hoi.yaml")
    plan = re.sub(r"(?ms)^results_report: \|\n(  .*?\n)+results_published: .*?\n", "", plan)
    if results:
        plan = with_fields(
            plan, results_report="Hoàn thành 14/15 chỉ tiêu.", results_published=results
        )
    project = make_project(
        {
            "site_config/site.yaml": SITE_YAML + "compliance_from: 2025-01-01\n",
            "content/ke-hoach/2025-kinh-te-xa-hoi.yaml": plan,
        }
    )
    result = only(
        report_of(project, dt.date.fromisoformat(as_of)), "dcco.a11.k1.sep_results", "2025"
    )
    assert result.status is status
    assert result.advisory  # the law sets no date: a reminder only


# --- posting at the office: groups 1, 2, 3 and 11 for 30 days, 4 and 13 permanently --------


def budget_posted(published: str, days: int | None) -> str:
    text = with_fields(demo("ngan-sach/2026-9-thang.yaml"), published=published, year=published[:4])
    text = re.sub(r"(?m)^(posted_from|posted_to): .*\n", "", text)
    if days is None:
        return text
    start = dt.date.fromisoformat(published)
    end = start + dt.timedelta(days=days)
    return with_fields(text, posted_from=published, posted_to=end.isoformat())


@pytest.mark.parametrize(
    ("published", "days", "status"),
    [
        ("2023-06-30", None, Status.NOT_APPLICABLE),  # before Law 10/2022 took effect
        ("2023-07-01", None, Status.FAIL),  # on the day: the posting must be recorded
        ("2023-07-01", 20, Status.FAIL),
        ("2023-07-01", 30, Status.PASS),
    ],
)
def test_budget_items_are_posted_for_30_days_from_the_day_law_10_took_effect(
    make_project, published, days, status
):
    project = make_project(
        {
            "site_config/site.yaml": SITE_YAML + "compliance_from: 2023-01-01\n",
            "content/ngan-sach/2026-9-thang.yaml": budget_posted(published, days),
        }
    )
    result = findings(report_of(project, dt.date(2026, 12, 6)), "dcco.a13.posting.ngan_sach")
    assert [f.status for f in result] == [status]


def test_groups_1_3_and_11_have_a_posting_rule_each():
    posted = {
        r.check.type
        for r in load_rules().rules
        if r.id.startswith("dcco.a13.posting") and getattr(r.check, "at_least", None)
    }
    assert {"ke-hoach", "ngan-sach", "du-an", "dat-dai", "du-thao"} <= posted
    permanent = {r.check.type for r in load_rules().rules if getattr(r.check, "permanent", False)}
    assert permanent == {"dan-chu", "thu-tuc"}


@pytest.mark.parametrize(
    ("extra", "status", "field"),
    [
        ("", Status.PASS, ""),
        ("posted_from: 2025-01-15\nposted_to: 2025-03-15\n", Status.FAIL, "posted_to"),
    ],
)
def test_procedures_stay_posted(make_project, extra, status, field):
    text = demo("thu-tuc/dang-ky-khai-sinh.yaml") + extra
    project = make_project(
        {
            "site_config/site.yaml": SINCE_2023,
            "content/thu-tuc/dang-ky-khai-sinh.yaml": text,
            "content/files/thu-tuc/to-khai-dang-ky-khai-sinh.pdf": b"%PDF-1.4\n",
        }
    )
    (result,) = findings(report_of(project, dt.date(2026, 12, 6)), "dcco.a13.permanent.thu_tuc")
    assert (result.status, result.field) == (status, field)


def test_a_procedure_without_posting_places_is_told_where_to_write_them(make_project):
    text = re.sub(r"(?ms)^posting_places:\n(  - .*\n)+", "", demo("thu-tuc/dang-ky-khai-sinh.yaml"))
    project = make_project(
        {
            "site_config/site.yaml": SINCE_2023,
            "content/thu-tuc/dang-ky-khai-sinh.yaml": text,
            "content/files/thu-tuc/to-khai-dang-ky-khai-sinh.pdf": b"%PDF-1.4\n",
        }
    )
    report = report_of(project, dt.date(2026, 12, 6))
    assert only(report, "dcco.a13.permanent.thu_tuc").field == "posting_places"
    (diagnostic,) = [d for d in report_diagnostics(report) if "permanent.thu_tuc" in d.message]
    assert diagnostic.code == "CK403"
    assert "content/thu-tuc/" in diagnostic.hint and "`posting_places`" in diagnostic.hint


# --- the other corrected rules --------------------------------------------------------------


def test_the_law_on_legal_documents_is_not_applied_to_a_village_convention(demo_project):
    report = report_of(demo_project, dt.date(2026, 12, 6))
    (result,) = findings(report, "lbhvb.drafts")
    # The village convention is not a legal normative document, and the democracy regulation's
    # draft (20/02/2025) was put out before Law 64/2025 took effect: neither is judged by it.
    assert [e.title for e in result.evidence] == []
    # Law 64/2025 took effect on 1 Apr 2025: the rule does not exist the day before.
    assert findings(report_of(demo_project, dt.date(2025, 3, 31)), "lbhvb.drafts") == []
    assert findings(report_of(demo_project, dt.date(2025, 4, 1)), "lbhvb.drafts")


def test_decree_20_2008_is_applied_to_feedback_on_administrative_rules_only(demo_project):
    (result,) = findings(report_of(demo_project, dt.date(2026, 12, 6)), "nd20.feedback")
    assert [e.title for e in result.evidence] == ["Thủ tục đăng ký biến động đất khi nhận thừa kế"]


def dx_plan(approved: str, published: str) -> str:
    text = with_fields(demo("ke-hoach/2026-chuyen-doi-so.yaml"), published=published)
    return re.sub(r"(?m)^  date: .*$", f"  date: {approved}", text, count=1)


@pytest.mark.parametrize(
    ("approved", "published", "status"),
    [
        ("2026-06-20", "2026-06-30", Status.NOT_APPLICABLE),  # before Law 148/2025
        ("2026-07-01", "2026-07-06", Status.PASS),  # 3 days end Sat 4 Jul, so Mon 6 Jul
        ("2026-07-01", "2026-07-07", Status.LATE),
        ("2026-07-10", "2026-07-20", Status.LATE),
    ],
)
def test_the_digital_transformation_plan_rule_needs_no_switch(
    make_project, approved, published, status
):
    project = make_project(
        {
            "site_config/site.yaml": SINCE_2023,  # no has_dx_plan: the published plan is enough
            "content/ke-hoach/2026-chuyen-doi-so.yaml": dx_plan(approved, published),
        }
    )
    report = report_of(project, dt.date(2026, 12, 6))
    statuses = {f.status for f in findings(report, "cds.a9.dx_plan")}
    assert statuses == {status}
    assert only(report, "cds.a9.dx_plan").rule.basis_on(report.as_of) == (
        "khoản 12 Điều 9 Luật 148/2025/QH15"
    )


@pytest.mark.parametrize(
    ("site", "as_of", "status"),
    [
        (SINCE_2023, "2026-06-30", None),
        (SINCE_2023, "2026-07-01", Status.FAIL),
        (
            SINCE_2023 + 'intake:\n  url: https://tiepnhan.example.vn/\n  commune_code: "14464"\n',
            "2026-07-01",
            Status.PASS,
        ),
    ],
)
def test_the_page_rating_duty_is_met_by_the_intake_block(make_project, site, as_of, status):
    report = report_of(make_project({"site_config/site.yaml": site}), dt.date.fromisoformat(as_of))
    result = findings(report, "nd224.a10.rating")
    assert [f.status for f in result] == ([status] if status else [])
    if status is Status.FAIL:
        (diagnostic,) = [d for d in report_diagnostics(report) if "nd224.a10.rating" in d.message]
        assert "`intake:`" in diagnostic.hint and "site_config/site.yaml" in diagnostic.hint


def test_a_missing_item_is_told_which_command_makes_it(make_project):
    report = report_of(make_project({"site_config/site.yaml": SINCE_2023}), dt.date(2026, 12, 6))
    (diagnostic,) = [d for d in report_diagnostics(report) if "dcco.a11.k12.fees" in d.message]
    assert diagnostic.code == "CK401"
    assert "`congkhai new phi-le-phi`" in diagnostic.hint
    assert diagnostic.hint.endswith("Căn cứ: khoản 12 Điều 11 Luật 10/2022/QH15.")


def test_the_site_is_called_a_trang_thong_tin_dien_tu_in_rule_titles():
    titles = [r.title for r in load_rules().rules]
    assert not [t for t in titles if re.search(r"\bcổng của xã\b", t, flags=re.I)]
    subsite = next(r for r in load_rules().rules if r.id == "nd224.a11.subsite")
    assert subsite.title.startswith("Trang thông tin điện tử của Ủy ban nhân dân cấp xã")


def test_a_rule_file_with_a_citation_ending_before_it_starts_is_an_error(make_project):
    rules = """\
    rules:
      - id: xa.test
        title: Thử
        group: Thử
        basis:
          - {instrument: Luật X, valid_from: 2026-09-01, valid_to: 2026-08-31}
        confidence: sure
        check: {kind: exists, type: van-ban}
    """
    project = make_project({"site_config/site.yaml": SITE_YAML, "site_config/rules.yaml": rules})
    result, _ = validate_project(project, as_of=dt.date(2026, 12, 6))
    errors = [d for d in result.diagnostics if d.is_error]
    assert errors and errors[0].file == "site_config/rules.yaml" and errors[0].line == 6
