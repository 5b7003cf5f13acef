"""Law 10/2022 Art. 11's fourteen groups and Decree 224/2026: the new types, the rules that check
them by date, and the generated register and plan pages, over small projects and the built demo."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from fixtures import REPO, SITE_YAML, diagnostics_of, flatten

from generator.build import build, validate_project
from generator.cli import main
from generator.compliance.evaluate import Status
from generator.types import TYPES
from generator.vn.formatting import vn_date

RULES = """\
title: Quy chế thực hiện dân chủ ở cơ sở
published: 2025-04-02
rule_kind: quy-che-dan-chu
approval: {number: 12/NQ-HĐND, date: 2025-03-28, issuer: HĐND xã}
applies_to: Công dân trong xã.
content: Những việc Nhân dân được biết, được bàn và quyết định.
posting_places:
  - Trụ sở UBND xã
"""

FUND = """\
title: Quỹ Phòng, chống thiên tai năm 2025
published: 2026-01-15
fund_kind: quy
year: 2025
fund_name: Quỹ Phòng, chống thiên tai
purpose: Nộp về Quỹ của tỉnh.
period_from: 2025-01-01
period_to: 2025-12-31
received: 300
spent: 300
receipts:
  - {name: Thôn Đông, amount: 100}
  - {name: Thôn Đoài, amount: 200}
posted_from: 2026-01-15
posted_to: 2026-02-20
posting_places:
  - Trụ sở UBND xã
"""

ASSETS = """\
title: Tài sản công năm 2025
published: 2026-02-05
year: 2025
assets:
  - name: Xe mô tô
    category: Phương tiện
    action: thanh-ly
    original_value: 18500000
    remaining_value: 0
    proceeds: 3200000
"""

SUPPORT = """\
title: Kết quả cấp thẻ bảo hiểm y tế năm 2026
published: 2026-04-02
policy_kind: bhyt
stage: ket-qua
year: 2026
policy_document: {number: 15/QĐ-UBND, date: 2026-01-08, issuer: UBND tỉnh}
results: 13 người được cấp thẻ.
results_date: 2026-03-20
households: 13
form_source: mau-81
radio_from: 2026-04-02
radio_to: 2026-04-04
"""

RELIEF = """\
title: Hỗ trợ sau bão số 5
published: 2026-10-02
event: Bão số 5
event_kind: thien-tai
event_date: 2026-09-18
scope: Hộ có nhà bị tốc mái.
donations:
  - {donor: Công ty May, amount: 50000000}
donations_use: Hỗ trợ 10 hộ tốc mái.
"""

CALL_UP = """\
title: Danh sách gọi nhập ngũ năm 2026
published: 2026-01-12
year: 2026
service: quan-doi
quota: 2
criteria: Nam từ 18 đến 25 tuổi.
call_up_date: 2026-03-04
called:
  - {number: 1, name: Nguyễn Văn Hải, village: Thôn Đông}
  - {number: 2, name: Trần Minh Đức, village: Thôn Đoài}
unpublish_after: 2026-03-31
"""

INSPECTION = """\
title: Kết quả lấy phiếu tín nhiệm
published: 2025-06-30
result_kind: tin-nhiem
decided: 2025-06-25
subject: Kỳ họp thứ 9 HĐND xã.
voters: 25
votes:
  - {name: Phạm Văn Hưng, title: Chủ tịch UBND xã, high: 20, medium: 4, low: 1}
"""

FEES = """\
title: Phí, lệ phí do xã thu
published: 2025-01-06
effective: 2025-01-01
basis: {number: 28/2024/NQ-HĐND, date: 2024-12-10, issuer: HĐND tỉnh}
where_to_pay: Bộ phận một cửa.
fees:
  - {name: Phí chứng thực chữ ký, payer: Người yêu cầu, rate: 10.000 đồng/trường hợp}
"""

DOWNTIME = """\
title: Tạm ngừng cổng để nâng cấp
published: 2026-08-10
start: 2026-08-22
start_time: "22:00"
expected_restore: 2026-08-23
reason: Nâng cấp máy chủ.
affected: Toàn bộ cổng.
"""

VALID = {
    "content/dan-chu/quy-che.yaml": RULES,
    "content/dong-gop/2025-quy.yaml": FUND,
    "content/tai-san-cong/2025-tai-san.yaml": ASSETS,
    "content/ho-tro/2026-bhyt.yaml": SUPPORT,
    "content/cuu-tro/2026-bao.yaml": RELIEF,
    "content/nghia-vu-quan-su/2026-nhap-ngu.yaml": CALL_UP,
    "content/thanh-tra/2025-tin-nhiem.yaml": INSPECTION,
    "content/phi-le-phi/phi.yaml": FEES,
    "content/tam-ngung/2026-nang-cap.yaml": DOWNTIME,
}


def test_every_law_group_type_accepts_its_valid_fixture(make_project):
    assert diagnostics_of(make_project(VALID)) == []


CASES = [
    # (file, find, replace, code, line, column, field)
    ("content/dong-gop/2025-quy.yaml", "amount: 200}", "amount: 150}", "CK106", 9, 11, "received"),
    ("content/dong-gop/2025-quy.yaml", "posted_to: 2026-02-20\n", "", "CK114", 14, 14, "posted_from"),
    ("content/dong-gop/2025-quy.yaml", "posted_to: 2026-02-20", "posted_to: 2026-01-01", "CK111",
     15, 12, "posted_to"),
    ("content/tai-san-cong/2025-tai-san.yaml", "action: thanh-ly", "action: dang-su-dung", "CK104",
     10, 15, "assets[0].proceeds"),
    ("content/ho-tro/2026-bhyt.yaml", "results_date: 2026-03-20\n", "", "CK101", 1, 1,
     "results_date"),
    ("content/ho-tro/2026-bhyt.yaml", "radio_to: 2026-04-04", "radio_to: 2026-04-01", "CK111",
     12, 11, "radio_to"),
    ("content/cuu-tro/2026-bao.yaml", "donations_use: Hỗ trợ 10 hộ tốc mái.\n", "", "CK114",
     1, 1, "donations_use"),
    ("content/cuu-tro/2026-bao.yaml", "event_kind: thien-tai", "event_kind: bao", "CK105",
     4, 13, "event_kind"),
    ("content/nghia-vu-quan-su/2026-nhap-ngu.yaml", "unpublish_after: 2026-03-31\n", "", "CK950",
     1, 1, "unpublish_after"),
    ("content/nghia-vu-quan-su/2026-nhap-ngu.yaml", "unpublish_after: 2026-03-31",
     "unpublish_after: 2026-12-31", "CK951", 11, 18, "unpublish_after"),
    ("content/nghia-vu-quan-su/2026-nhap-ngu.yaml", "village: Thôn Đông}",
     "village: Thôn Đông, cccd: 036085001234}", "CK102", 9, 59, "called[0].cccd"),
    ("content/thanh-tra/2025-tin-nhiem.yaml", "low: 1}", "low: 5}", "CK106", 8, 78,
     "votes[0].low"),
    ("content/phi-le-phi/phi.yaml", "where_to_pay: Bộ phận một cửa.\n", "", "CK101", 1, 1,
     "where_to_pay"),
    ("content/tam-ngung/2026-nang-cap.yaml", "expected_restore: 2026-08-23",
     "expected_restore: 2026-08-20", "CK111", 5, 19, "expected_restore"),
    ("content/tam-ngung/2026-nang-cap.yaml", '"22:00"', '"25:00"', "CK104", 4, 13, "start_time"),
    ("content/dan-chu/quy-che.yaml", "rule_kind: quy-che-dan-chu", "rule_kind: quy-che", "CK105",
     3, 12, "rule_kind"),
]  # fmt: skip


@pytest.mark.parametrize(("file", "find", "replace", "code", "line", "column", "field"), CASES)
def test_each_mistake_is_reported_where_it_is(
    make_project, file, find, replace, code, line, column, field
):
    assert find in VALID[file]
    project = make_project({**VALID, file: VALID[file].replace(find, replace, 1)})
    assert flatten(diagnostics_of(project)) == [(code, file, line, column, field)]


# --- compliance by date ----------------------------------------------------------------------


def check_json(project_root: Path, as_of: str) -> dict:
    result = CliRunner().invoke(
        main,
        ["check", "-p", str(project_root), "--as-of", as_of, "--format", "json"],
        catch_exceptions=False,
    )
    return json.loads(result.stdout)


def statuses(report: dict) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for finding in report["findings"]:
        found.setdefault(finding["rule"], set()).add(finding["status"])
    return found


def test_the_rules_in_force_on_each_date_are_the_ones_evaluated(demo_project):
    before = check_json(demo_project.root, "2026-05-01")
    after = check_json(demo_project.root, "2026-11-23")
    # Decree 42 ends on 30 Jun 2026: its organisation rule is evaluated before, not after.
    assert "nd42.a4.org" in statuses(before)
    assert "nd42.a4.org" in after["not_in_force"]
    assert "nd42.a4.org" not in statuses(after)
    # Decree 224 starts on 1 Jul 2026: the commune profile the other way round, and it passes.
    assert "nd224.a9.commune_profile" in before["not_in_force"]
    assert "nd224.a9.commune_profile" not in statuses(before)
    assert statuses(after)["nd224.a9.commune_profile"] == {"pass"}
    assert statuses(after)["nd224.a9.leaders"] == {"pass"}
    # The Law 10/2022 groups are checked on both dates against the new types.
    for rule in ("dcco.a11.k4.democracy_rules", "dcco.a11.k5.funds", "dcco.a11.k9.military",
                 "dcco.a11.k12.fees", "dcco.a13.radio.ho_tro", "dcco.a14.plan"):  # fmt: skip
        assert "pass" in statuses(before)[rule] <= {"pass", "not_due"}, rule
        assert "pass" in statuses(after)[rule] <= {"pass", "not_due"}, rule


def test_demo_compliance_is_mostly_met_with_a_few_honest_gaps(demo_project):
    report = check_json(demo_project.root, "2026-11-23")
    counts = report["counts"]
    assert counts["pass"] > 4 * (counts["fail"] + counts["late"])
    # The downtime notice for the server move went up 4 days too late: the report says so.
    late = [f for f in report["findings"] if f["rule"] == "nd224.a13.suspension_notice"]
    assert [(f["status"], f["days_late"]) for f in late] == [("late", 4)]


def downtime(published: str, start: str, force_majeure: bool = False) -> str:
    text = DOWNTIME.replace("published: 2026-08-10", f"published: {published}")
    text = text.replace("start: 2026-08-22", f"start: {start}")
    text = text.replace("expected_restore: 2026-08-23", f"expected_restore: {start}")
    return text + ("force_majeure: true\n" if force_majeure else "")


CHECKED_SINCE_2025 = SITE_YAML + "compliance_from: 2025-01-01\n"


def suspension_findings(project, as_of=dt.date(2026, 11, 23)):
    result, _ = validate_project(project, as_of=as_of)
    return [f for f in result.report.findings if f.rule.id == "nd224.a13.suspension_notice"]


def test_a_downtime_notice_published_less_than_7_working_days_ahead_is_late(make_project):
    # 7 working days before Saturday 7 Nov 2026 is Thursday 29 Oct.
    project = make_project(
        {
            "site_config/site.yaml": CHECKED_SINCE_2025,
            "content/tam-ngung/2026-chuyen.yaml": downtime("2026-10-30", "2026-11-07"),
        }
    )
    [finding] = suspension_findings(project)
    assert finding.status is Status.LATE
    assert finding.due == dt.date(2026, 10, 29)
    assert finding.days_late == 1
    assert (finding.file, finding.field) == ("content/tam-ngung/2026-chuyen.yaml", "published")


def test_a_notice_on_time_passes_and_force_majeure_is_not_held_to_the_notice(make_project):
    project = make_project(
        {
            "site_config/site.yaml": CHECKED_SINCE_2025,
            "content/tam-ngung/2026-a.yaml": downtime("2026-10-29", "2026-11-07"),
            "content/tam-ngung/2026-b.yaml": downtime("2026-11-20", "2026-11-20", True),
        }
    )
    assert [f.status for f in suspension_findings(project)] == [Status.PASS]
    # Before Decree 224 the rule is not in force at all.
    assert suspension_findings(project, dt.date(2026, 6, 30)) == []


@pytest.mark.parametrize(
    ("site_url", "parent", "status"),
    [
        ("https://thunghiem.kiemtra.gov.vn/", "https://kiemtra.gov.vn/", Status.PASS),
        ("https://thu-nghiem.kiemtra.gov.vn/", "https://kiemtra.gov.vn/", Status.FAIL),
        ("https://thunghiem.kiemtra.gov.vn/", "https://ninhbinh.gov.vn/", Status.FAIL),
        ("https://xathunghiem.gov.vn/", "https://kiemtra.gov.vn/", Status.FAIL),
    ],
)
def test_the_commune_domain_has_the_decree_224_form(make_project, site_url, parent, status):
    project = make_project(
        {"site_config/site.yaml": SITE_YAML + f"site_url: {site_url}\nparent_portal: {parent}\n"}
    )
    result, _ = validate_project(project, as_of=dt.date(2026, 11, 23))
    [finding] = [f for f in result.report.findings if f.rule.id == "nd224.a11.domain"]
    assert finding.status is status, finding.detail


def test_a_leader_without_biography_fails_the_decree_224_rule(make_project):
    organisation = """\
    title: Giới thiệu UBND xã
    published: 2025-07-01
    functions: Quản lý nhà nước trên địa bàn xã.
    leaders:
      - {name: Phạm Văn Hưng, title: Chủ tịch UBND xã, bio: Quê thôn Trung., duties: Phụ trách chung.}
      - {name: Nguyễn Thị Mai, title: Phó Chủ tịch UBND xã, duties: Văn hóa - xã hội.}
    info_focal_point: {name: Đinh Thị Lan, title: Công chức Văn phòng}
    """
    project = make_project({"content/to-chuc/gioi-thieu.yaml": organisation})
    result, _ = validate_project(project, as_of=dt.date(2026, 11, 23))
    [finding] = [f for f in result.report.findings if f.rule.id == "nd224.a9.leaders"]
    assert finding.status is Status.FAIL
    assert "leaders.bio" in finding.detail


def test_a_consultation_without_the_explanation_of_what_was_not_accepted_fails(make_project):
    draft = """\
    title: Lấy ý kiến về quy chế
    published: 2025-02-20
    drafting_body: Văn phòng UBND xã
    comment_from: 2025-02-20
    comment_to: 2025-03-12
    how_to_comment: Góp ý tại hội nghị thôn.
    consultation_plan: Hội nghị ở ba thôn.
    opinions_summary: 51 ý kiến.
    accepted: 31 ý kiến được tiếp thu.
    result: Đã tiếp thu 31 ý kiến.
    result_published: 2025-03-20
    """
    open_draft = draft.replace("result: Đã tiếp thu 31 ý kiến.\n", "").replace(
        "result_published: 2025-03-20\n", ""
    )
    project = make_project(
        {"content/du-thao/2025-a.yaml": draft, "content/du-thao/2025-b.yaml": open_draft}
    )
    result, _ = validate_project(project, as_of=dt.date(2025, 12, 1))
    [finding] = [f for f in result.report.findings if f.rule.id == "dcco.a11.k11.consultations"]
    # Only the concluded consultation is held to the summary, acceptance and explanation.
    assert finding.status is Status.FAIL
    assert (finding.file, finding.field) == ("content/du-thao/2025-a.yaml", "explanation")


@pytest.mark.parametrize(
    ("radio", "radio_to", "status"),
    [
        (False, "2026-04-03", Status.NOT_APPLICABLE),
        (True, "2026-04-03", Status.FAIL),
        (True, "2026-04-04", Status.PASS),
    ],
)
def test_radio_days_count_both_ends_where_the_commune_has_radio(
    make_project, radio, radio_to, status
):
    # 2 to 4 April is three consecutive days; 2 to 3 April only two.
    project = make_project(
        {
            "site_config/site.yaml": SITE_YAML + ("commune_radio: true\n" if radio else ""),
            "content/ho-tro/2026-bhyt.yaml": SUPPORT.replace("2026-04-04", radio_to),
        }
    )
    result, _ = validate_project(project, as_of=dt.date(2026, 11, 23))
    [finding] = [f for f in result.report.findings if f.rule.id == "dcco.a13.radio.ho_tro"]
    assert finding.status is status


def test_a_mistake_in_the_disclosure_plan_is_reported_at_its_line(make_project):
    plan = """\
    plans:
      - year: 2026
        responsible: Chủ tịch UBND xã
        entries:
          - content: Ngân sách xã
            group: 15
            forms: [Cổng thông tin điện tử]
            timing: Chậm nhất 30 ngày
            duration: 30 ngày
            responsible: Kế toán
    """
    project = make_project({"site_config/ke-hoach-cong-khai.yaml": plan})
    assert flatten(diagnostics_of(project)) == [
        ("CK104", "site_config/ke-hoach-cong-khai.yaml", 6, 16, "plans[0].entries[0].group")
    ]


# --- the built demo commune ------------------------------------------------------------------

AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    import shutil

    from generator.project import Project

    root = tmp_path_factory.mktemp("law-groups") / "demo"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("theme", "content", "site_config"):
        shutil.copytree(REPO / folder, root / folder)
    result = build(Project(root), as_of=AS_OF)
    assert result.published, [d.message for d in result.diagnostics if d.is_error]
    return root


def demo_items() -> list[tuple[str, dict]]:
    items = []
    for path in sorted((REPO / "content").glob("*/*.yaml")):
        items.append((path.parent.name, yaml.safe_load(path.read_text(encoding="utf-8"))))
    return items


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / "site" / url / "index.html").read_text("utf-8"), "html.parser")


def test_every_group_of_article_11_has_demo_content_and_a_page(demo_site):
    for group in range(1, 15):
        folders = [kind.folder for kind in TYPES.values() if group in kind.law_groups]
        assert folders, f"no type holds group {group}"
        for folder in folders:
            listing = page(demo_site, folder).select("article a[href]")
            items = [d for f, d in demo_items() if f == folder]
            titles = {d["title"] for d in items if d.get("unpublish_after", dt.date.max) >= AS_OF}
            linked = {a.get_text(" ", strip=True) for a in listing}
            assert titles <= linked, (folder, titles - linked)
        assert any(
            d.get("unpublish_after", dt.date.max) >= AS_OF for f, d in demo_items() if f in folders
        ), f"group {group} has no item on the portal"


def quarter_of(day: dt.date) -> str:
    return f"Quý {['I', 'II', 'III', 'IV'][(day.month - 1) // 3]} năm {day.year}"


def test_the_quarterly_register_lists_each_quarters_items_with_dates_and_forms(demo_site):
    soup = page(demo_site, "cong-khai/theo-quy")
    sections = {h2.get_text(strip=True): h2.find_next("table") for h2 in soup.select("article h2")}
    law_folders = {kind.folder for kind in TYPES.values() if kind.law_groups}
    expected = [(f, d) for f, d in demo_items() if f in law_folders and d["published"] <= AS_OF]
    assert expected
    for folder, item in expected:
        table = sections[quarter_of(item["published"])]
        rows = [
            r
            for r in table.select("tbody tr")
            if re.sub(r" \(đã gỡ .*\)$", "", r.find_all("td")[1].get_text(" ", strip=True))
            == item["title"]
        ]
        assert len(rows) == 1, (folder, item["title"])
        cells = rows[0].find_all("td")
        forms = cells[3].get_text(" ", strip=True)
        assert f"Cổng thông tin điện tử ({vn_date(item['published'])})" in forms
        if item.get("posted_from"):
            assert (
                f"Niêm yết từ {vn_date(item['posted_from'])} đến {vn_date(item['posted_to'])}"
                in forms
            )
        if item.get("radio_from"):
            assert f"Loa truyền thanh từ {vn_date(item['radio_from'])}" in forms
        withdrawn = item.get("unpublish_after") and item["unpublish_after"] < AS_OF
        # An item taken down since stays in the register, named but not linked.
        assert bool(cells[1].find("a")) is not withdrawn, item["title"]
        assert str(TYPES[folder].law_groups[0]) in cells[2].get_text()
    assert sum(len(t.select("tbody tr")) for t in sections.values()) == len(expected)


def test_the_plan_page_shows_each_years_plan_from_site_config(demo_site):
    plans = yaml.safe_load(
        (REPO / "site_config" / "ke-hoach-cong-khai.yaml").read_text(encoding="utf-8")
    )["plans"]
    soup = page(demo_site, "cong-khai/ke-hoach")
    text = soup.select_one("article").get_text(" ", strip=True)
    for plan in plans:
        assert f"Kế hoạch năm {plan['year']}" in text
        for entry in plan["entries"]:
            assert entry["content"] in text and entry["timing"] in text


def test_call_up_names_are_on_the_page_but_not_in_open_data(demo_site):
    item = yaml.safe_load(
        (REPO / "content/nghia-vu-quan-su/2027-goi-nhap-ngu.yaml").read_text(encoding="utf-8")
    )
    names = [c["name"] for c in item["eligible"]]
    text = page(demo_site, "nghia-vu-quan-su/2027/goi-nhap-ngu").get_text(" ")
    assert all(name in text for name in names)
    exported = "".join(
        p.read_text(encoding="utf-8-sig") for p in (demo_site / "site/du-lieu").glob("nghia-vu*")
    )
    assert not any(name in exported for name in names)
    with (demo_site / "site/du-lieu/nghia-vu-quan-su.citizen.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert "name" not in rows[0] and {r["village"] for r in rows} == {
        "Thôn Đông",
        "Thôn Trung",
        "Thôn Đoài",
    }
    # The 2026 list came down after its call-up: no page, not in the register's links.
    assert not (demo_site / "site/nghia-vu-quan-su/2026/goi-nhap-ngu/index.html").exists()


def test_the_commune_profile_and_map_are_on_the_organisation_page(demo_site):
    soup = page(demo_site, "to-chuc/gioi-thieu")
    image = soup.select_one('img[src*="ban-do-dia-gioi-hanh-chinh"]')
    assert image is not None and "địa giới hành chính" in image["alt"]
    text = soup.get_text(" ")
    for heading in ("Điều kiện tự nhiên", "Lịch sử", "Truyền thống văn hóa", "Đình làng Đông"):
        assert heading in text
    assert "Tiểu sử tóm tắt" in text and "Nhiệm vụ được phân công" in text
