"""Each disclosure type: valid input passes, and every mistake is reported at its line and column."""

from __future__ import annotations

import datetime as dt

from fixtures import BUDGET, POVERTY, QUESTION, SITE_YAML, diagnostics_of, flatten

B = "content/ngan-sach/2025-du-toan.yaml"
P = "content/ho-ngheo/2025-ra-soat.yaml"
Q = "content/hoi-dap/2025-a.yaml"


def test_the_small_project_is_valid(small_project):
    assert diagnostics_of(small_project) == []


# ngan-sach


def test_budget_total_that_does_not_add_up_warns_with_the_difference(make_project):
    # Official figures are published as signed: the difference is shown, the build goes on.
    project = make_project({B: BUDGET.replace("estimate: 300", "estimate: 350")})
    [d] = diagnostics_of(project)
    assert (d.code, d.line, d.column, d.field) == ("CK206", 7, 15, "revenue.total.estimate")
    assert not d.is_error
    assert "350" in d.message and "300" in d.message
    assert "chênh lệch 50" in d.message


def test_budget_sub_lines_must_add_up_to_their_parent(make_project):
    text = BUDGET.replace(
        "      estimate: 200\n",
        '      estimate: 200\n      lines:\n        - {code: "2.1", name: Bổ sung cân đối, estimate: 150}\n',
    )
    [d] = diagnostics_of(make_project({B: text}))
    assert (d.code, d.field, d.line) == ("CK206", "revenue.lines[1].estimate", 14)
    assert "dòng 2 (Thu bổ sung)" in d.message


def test_budget_amount_written_with_dots_is_a_type_error_with_a_hint(make_project):
    # `1.250` is a float in YAML: the hint must explain why and how to write it.
    text = BUDGET.replace("estimate: 100", "estimate: 1.250")
    diagnostics = diagnostics_of(make_project({B: text}))
    [d] = [d for d in diagnostics if d.code == "CK103"]
    assert (d.line, d.column, d.field) == (11, 17, "revenue.lines[0].estimate")
    assert "số nguyên" in d.message and "1_250_000" in d.hint


def test_budget_amount_written_vietnamese_style_is_a_type_error(make_project):
    text = BUDGET.replace("estimate: 100", "estimate: 1.250.000")
    [d] = [d for d in diagnostics_of(make_project({B: text})) if d.code == "CK103"]
    assert '"1.250.000"' in d.message


def test_budget_unknown_phase_lists_the_allowed_ones(make_project):
    [d] = diagnostics_of(make_project({B: BUDGET.replace("phase: du-toan", "phase: du-toan-2025")}))
    assert (d.code, d.line, d.column, d.field) == ("CK105", 3, 8, "phase")
    assert "quyet-toan" in d.hint


def test_budget_missing_year_points_at_the_record(make_project):
    [d] = diagnostics_of(make_project({B: BUDGET.replace("year: 2025\n", "")}))
    assert (d.code, d.line, d.column, d.field) == ("CK101", 1, 1, "year")
    assert "Năm ngân sách" in d.hint


def test_budget_misspelled_field_suggests_the_right_name(make_project):
    diagnostics = diagnostics_of(make_project({B: BUDGET.replace("published:", "publisehd:")}))
    assert {d.code for d in diagnostics} == {"CK101", "CK102"}
    [unknown] = [d for d in diagnostics if d.code == "CK102"]
    assert (unknown.line, unknown.column, unknown.field) == (4, 1, "publisehd")
    assert "`published`" in unknown.hint


def test_budget_date_in_day_month_year_form_is_rejected_with_a_hint(make_project):
    [d] = diagnostics_of(make_project({B: BUDGET.replace("2025-01-10", "10/01/2025")}))
    assert (d.code, d.line, d.column, d.field) == ("CK103", 4, 12, "published")
    assert "2025-01-15" in d.hint


def test_two_budgets_for_the_same_phase_collide(make_project):
    project = make_project({B: BUDGET, "content/ngan-sach/du-toan-2025-ban-2.yaml": BUDGET})
    [d] = diagnostics_of(project)
    assert d.code == "CK107"
    assert "/ngan-sach/2025/du-toan/" in d.message
    assert d.related


# ho-ngheo


def test_household_list_rejects_personal_data_columns(make_project):
    text = POVERTY.replace(
        "    village: Thôn Một\n", '    village: Thôn Một\n    cccd: "036085001234"\n'
    )
    [d] = diagnostics_of(make_project({P: text}))
    assert (d.code, d.line, d.column, d.field) == ("CK102", 13, 5, "poor[0].cccd")


def test_posting_that_ends_before_it_starts_is_reported(make_project):
    [d] = diagnostics_of(
        make_project({P: POVERTY.replace("posted_to: 2025-12-24", "posted_to: 2025-11-20")})
    )
    assert (d.code, d.line, d.column, d.field) == ("CK111", 6, 12, "posted_to")


def test_household_numbers_must_be_unique(make_project):
    text = POVERTY + "  - number: 1\n    head: Trần Thị Bình\n    village: Thôn Hai\n"
    [d] = diagnostics_of(make_project({P: text}))
    assert (d.code, d.line, d.field) == ("CK107", 13, "poor[1].number")
    assert "Nguyễn Văn An" in d.message


def test_posting_places_cannot_be_empty(make_project):
    text = POVERTY.replace("posting_places:\n  - Trụ sở UBND xã\n", "posting_places: []\n")
    [d] = diagnostics_of(make_project({P: text}))
    assert (d.code, d.field) == ("CK101", "posting_places")


# hoi-dap


def test_answer_without_its_date_is_inconsistent(make_project):
    [d] = diagnostics_of(make_project({Q: QUESTION.replace("answered: 2025-03-14\n", "")}))
    assert (d.code, d.line, d.field) == ("CK114", 7, "answer")
    assert "`answered`" in d.message


def test_answer_before_the_question_arrived_is_reported(make_project):
    [d] = diagnostics_of(
        make_project({Q: QUESTION.replace("answered: 2025-03-14", "answered: 2025-02-14")})
    )
    assert (d.code, d.line, d.column, d.field) == ("CK111", 8, 11, "answered")


def test_empty_value_is_reported_as_missing(make_project):
    [d] = diagnostics_of(make_project({Q: QUESTION.replace("topic: Đất đai", "topic:")}))
    assert (d.code, d.line, d.column, d.field) == ("CK101", 6, 7, "topic")


def test_unanswered_question_past_its_due_date_is_a_warning(make_project):
    text = "\n".join(line for line in QUESTION.splitlines() if not line.startswith("answer"))
    project = make_project({Q: text + "\n"})
    assert diagnostics_of(project, as_of=dt.date(2025, 3, 20)) == []
    # 15 working days from Monday 3 March 2025 is Monday 24 March.
    [d] = diagnostics_of(project, as_of=dt.date(2025, 3, 25))
    assert (d.code, d.severity.value, d.field) == ("CK202", "warning", "received")
    assert "24/03/2025" in d.message


def test_due_date_follows_the_vietnamese_calendar(make_project):
    # Received Friday 25 April 2025. Saturday 26 April was worked in exchange for 2 May; 30 April
    # to 4 May were days off. Five working days: 26, 28, 29 April, 5 and 6 May.
    text = QUESTION.replace("2025-03-03", "2025-04-25").replace("2025-03-20", "2025-05-09")
    on_time = make_project({Q: text.replace("2025-03-14", "2025-05-06")})
    on_time.site_config_file.write_text(SITE_YAML + "qa_answer_working_days: 5\n", encoding="utf-8")
    assert diagnostics_of(on_time) == []
    on_time.content_dir.joinpath("hoi-dap/2025-a.yaml").write_text(
        text.replace("2025-03-14", "2025-05-07"), encoding="utf-8"
    )
    [d] = diagnostics_of(on_time)
    assert d.code == "CK201" and "06/05/2025" in d.message


def test_missing_attachment_file_is_reported(make_project):
    text = QUESTION + "attachments:\n  - file: hoi-dap/tra-loi.pdf\n    title: Văn bản trả lời\n"
    [d] = diagnostics_of(make_project({Q: text}))
    assert (d.code, d.line, d.column, d.field) == ("CK108", 11, 11, "attachments[0].file")


def test_missing_attachment_is_reported_with_the_files_other_errors(make_project):
    # A clerk fixing the misspelt field should not find on the next run that the PDF is missing.
    text = QUESTION.replace("question:", "questoin:", 1)
    text += "attachments:\n  - file: hoi-dap/tra-loi.pdf\n    title: Văn bản trả lời\n"
    found = {(d.code, d.field) for d in diagnostics_of(make_project({Q: text}))}
    assert ("CK108", "attachments[0].file") in found
    assert any(code == "CK102" for code, _ in found)


def test_attachment_path_cannot_escape_the_files_folder(make_project):
    text = QUESTION + "attachments:\n  - file: ../../site_config/site.yaml\n    title: x\n"
    [d] = diagnostics_of(make_project({Q: text}))
    assert d.code == "CK108"


def test_present_attachment_is_accepted(make_project):
    text = QUESTION + "attachments:\n  - file: hoi-dap/tra-loi.pdf\n    title: Văn bản trả lời\n"
    project = make_project({Q: text, "content/files/hoi-dap/tra-loi.pdf": b"%PDF-1.4\n"})
    assert diagnostics_of(project) == []


def test_errors_in_two_files_are_reported_in_one_run(make_project):
    project = make_project(
        {
            B: BUDGET.replace("estimate: 300", "estimate: 3.5"),
            Q: QUESTION.replace("channel: truc-tiep", "channel: zalo"),
        }
    )
    assert flatten(diagnostics_of(project)) == [
        ("CK103", B, 7, 15, "revenue.total.estimate"),
        ("CK105", Q, 5, 10, "channel"),
    ]


def test_site_phone_and_address_are_explained_in_vietnamese(make_project):
    # An office phone is dialled from every page; a link that is not a web address opens nothing.
    project = make_project({Q: QUESTION})
    project.site_config_file.write_text(
        SITE_YAML.replace('"0200 3000 000"', '"12345"') + "site_url: ftp://thunghiem.gov.vn/\n",
        encoding="utf-8",
    )
    found = {d.field: d for d in diagnostics_of(project)}
    assert found["phone"].code == "CK104" and "số điện thoại đầy đủ" in found["phone"].message
    assert "https://" in found["site_url"].message
    for d in found.values():
        assert "error" not in d.message and "should" not in d.message


def test_a_title_with_a_colon_is_explained_with_the_quotes_that_fix_it(make_project):
    text = QUESTION.replace("title: Hỏi về thủ tục đất đai", "title: Xã Yên Sơn: Hỏi về đất đai")
    [d] = diagnostics_of(make_project({Q: text}))
    assert (d.code, d.line, d.column) == ("CK100", 1, 18)
    assert "dấu hai chấm" in d.message and "mapping" not in d.message
    assert 'title: "' in (d.hint or "")


def test_a_date_without_leading_zeros_gets_the_padded_date_as_its_fix(make_project):
    project = make_project({Q: QUESTION.replace("2025-03-03", "2025-3-3")})
    [d] = diagnostics_of(project)
    assert d.code == "CK103" and d.hint == "Ghi tháng và ngày đủ hai chữ số: 2025-03-03."
    (project.root / Q).write_text(QUESTION.replace("2025-03-03", "2025-2-30"), encoding="utf-8")
    [d] = diagnostics_of(project)
    assert "không có trong lịch" in (d.hint or "")


def test_a_link_into_a_file_that_cannot_be_read_reports_the_file_only(make_project):
    broken = QUESTION.replace("title: Hỏi về thủ tục đất đai", "title: a: b")
    linking = (
        "title: Tin\npublished: 2025-04-01\ncategory: thong-bao\n"
        "body: Xem [câu trả lời](/hoi-dap/2025/a/).\n"
    )
    found = diagnostics_of(make_project({Q: broken, "content/tin-bai/2025-b.yaml": linking}))
    codes = [d.code for d in found]
    assert "CK100" in codes and "CK115" not in codes
