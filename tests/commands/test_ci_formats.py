"""`--format github` and `--format gitlab`: the errors as CI shows them beside the wrong line."""

from __future__ import annotations

import json

import jsonschema
from click.testing import CliRunner
from fixtures import BUDGET, CODE_QUALITY, QUESTION, parse_annotations

from generator.cli import main

# GitHub's workflow command: `::error file=F,line=L,col=C,title=T::message`.

# The fields GitLab reads from a Code Quality report (docs: "Code Quality report format").


def validate(project, output_format: str):
    return CliRunner().invoke(
        main,
        [
            *("validate", "--project", str(project.root)),
            *("--as-of", "2025-12-01", "--format", output_format),
        ],
        catch_exceptions=False,
    )


def broken(make_project):
    """A budget whose total is written with a decimal point (not whole đồng) and a question
    whose channel is not one of the list."""
    return make_project(
        {
            "content/ngan-sach/2025-du-toan.yaml": BUDGET.replace("estimate: 300", "estimate: 3.5"),
            "content/hoi-dap/2025-thu-tuc-dat.yaml": QUESTION.replace(
                "channel: truc-tiep", 'channel: "gặp trực tiếp, tại trụ sở: 50% số hộ"'
            ),
        }
    )


def test_github_annotations_point_at_file_line_and_column(make_project):
    result = validate(broken(make_project), "github")
    assert result.exit_code == 1
    errors = [a for a in parse_annotations(result.output) if a["level"] == "error"]
    where = sorted((a["file"], a["line"], a["col"], a["title"].split()[0]) for a in errors)
    assert where == [
        ("content/hoi-dap/2025-thu-tuc-dat.yaml", "5", "10", "CK105"),
        ("content/ngan-sach/2025-du-toan.yaml", "7", "15", "CK103"),
    ]
    budget = next(a for a in errors if a["title"].startswith("CK103"))
    assert budget["title"] == "CK103 Sai kiểu dữ liệu"
    assert budget["message"].startswith("revenue.total.estimate: ")
    assert "\ncách sửa: " in budget["message"]


def test_github_annotation_survives_commas_colons_and_percent_in_the_value(make_project):
    result = validate(broken(make_project), "github")
    question = next(
        a for a in parse_annotations(result.output) if a["file"].startswith("content/hoi-dap/")
    )
    # The value holds `,` `:` and `%`, all of which the runner would otherwise misread.
    assert "gặp trực tiếp, tại trụ sở: 50% số hộ" in question["message"]


def test_github_format_reports_nothing_on_valid_content(small_project):
    result = validate(small_project, "github")
    assert result.exit_code == 0
    assert not [a for a in parse_annotations(result.output) if a["level"] == "error"]


def test_gitlab_report_is_code_quality_json(make_project):
    result = validate(broken(make_project), "gitlab")
    assert result.exit_code == 1
    report = json.loads(result.output)
    jsonschema.validate(report, CODE_QUALITY)
    majors = sorted(
        (i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"])
        for i in report
        if i["severity"] == "major"
    )
    assert majors == [
        ("content/hoi-dap/2025-thu-tuc-dat.yaml", 5, "CK105"),
        ("content/ngan-sach/2025-du-toan.yaml", 7, "CK103"),
    ]
    assert len({i["fingerprint"] for i in report}) == len(report)
    assert all(i["description"].startswith(i["check_name"]) for i in report)


def test_gitlab_fingerprint_follows_the_problem_not_its_line(make_project):
    """A problem that only moved down a line must not show as new in the merge request."""
    project = broken(make_project)
    first = json.loads(validate(project, "gitlab").output)
    path = project.root / "content/ngan-sach/2025-du-toan.yaml"
    path.write_text("# ghi chú mới ở đầu tệp\n" + path.read_text(encoding="utf-8"), "utf-8")
    moved = json.loads(validate(project, "gitlab").output)

    def by_code(report):
        return {i["check_name"]: i for i in report if i["severity"] == "major"}

    assert by_code(moved)["CK103"]["location"]["lines"]["begin"] == 8
    assert by_code(moved)["CK103"]["fingerprint"] == by_code(first)["CK103"]["fingerprint"]
    assert by_code(moved)["CK105"]["fingerprint"] == by_code(first)["CK105"]["fingerprint"]


def test_gitlab_report_is_an_empty_list_on_valid_content(small_project):
    result = validate(small_project, "gitlab")
    assert result.exit_code == 0
    report = json.loads(result.output)
    jsonschema.validate(report, CODE_QUALITY)
    assert [i for i in report if i["severity"] == "major"] == []
