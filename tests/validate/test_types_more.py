"""The types beyond the first three: valid fixtures pass, each mistake is placed exactly."""

from __future__ import annotations

import datetime as dt

import pytest
from fixtures import DOCUMENT, PROJECT, TYPE_FILES, TYPE_VALID, diagnostics_of


def test_every_new_type_accepts_its_valid_fixture(make_project):
    assert diagnostics_of(make_project({**TYPE_VALID, **TYPE_FILES})) == []


CASES = [
    # (file, find, replace, code, line, column, field)
    (
        "content/van-ban/2025-nq-12.yaml",
        "effective: 2025-04-10",
        "effective: 2025-03-01",
        "CK111",
        7,
        12,
        "effective",
    ),
    (
        "content/van-ban/2025-nq-12.yaml",
        "doc_type: nghi-quyet",
        "doc_type: nghị quyết",
        "CK105",
        3,
        11,
        "doc_type",
    ),
    (
        "content/thu-tuc/dang-ky-khai-sinh.yaml",
        'code: "1.001193"',
        'code: "1001193"',
        "CK104",
        3,
        7,
        "code",
    ),
    (
        "content/thu-tuc/dang-ky-khai-sinh.yaml",
        "thu-tuc/to-khai.pdf",
        "thu-tuc/to-khai-cu.pdf",
        "CK108",
        13,
        11,
        "forms[0].file",
    ),
    (
        "content/dat-dai/2025-ke-hoach.yaml",
        "total_area_ha: 500",
        "total_area_ha: 510",
        "CK106",
        11,
        16,
        "total_area_ha",
    ),
    (
        "content/dat-dai/2025-ke-hoach.yaml",
        "alt: Bản đồ kế hoạch sử dụng đất năm 2025 của xã",
        "alt: Bản đồ",
        "CK104",
        7,
        10,
        "maps[0].alt",
    ),
    (
        "content/du-thao/2025-quy-che.yaml",
        "comment_to: 2025-03-12",
        "comment_to: 2025-02-01",
        "CK111",
        5,
        13,
        "comment_to",
    ),
    (
        "content/du-thao/2025-quy-che.yaml",
        "how_to_comment: Gửi thư điện tử cho UBND xã.\n",
        "how_to_comment: Gửi thư.\nadopted: van-ban/2025/nq-13/\n",
        "CK115",
        7,
        10,
        "adopted",
    ),
    (
        "content/ke-hoach/2025-kinh-te-xa-hoi.yaml",
        "plan_kind: kinh-te-xa-hoi",
        "plan_kind: ktxh",
        "CK105",
        3,
        12,
        "plan_kind",
    ),
    (
        "content/du-an/2025-duong.yaml",
        "total_investment: 3_000",
        "total_investment: 3_500",
        "CK106",
        6,
        19,
        "total_investment",
    ),
    (
        "content/du-an/2025-duong.yaml",
        "date: 2025-07-30",
        "date: 2025-03-30",
        "CK111",
        12,
        12,
        "progress[1].date",
    ),
    (
        "content/du-an/2025-duong.yaml",
        "percent: 55",
        "percent: 155",
        "CK104",
        12,
        33,
        "progress[1].percent",
    ),
    (
        "content/tin-bai/2026-lich-tiep.yaml",
        "(/van-ban/2025/nq-12/)",
        "(/van-ban/2025/nq-99/)",
        "CK115",
        4,
        7,
        "body",
    ),
    (
        "content/to-chuc/gioi-thieu.yaml",
        "info_focal_point:\n  name: Đinh Thị Lan\n",
        "info_focal_point:\n",
        "CK101",
        8,
        3,
        "info_focal_point.name",
    ),
]


@pytest.mark.parametrize(("name", "find", "replace", "code", "line", "column", "field"), CASES)
def test_mistake_is_reported_where_it_is(
    make_project, name, find, replace, code, line, column, field
):
    assert find in TYPE_VALID[name]
    project = make_project(
        {**TYPE_VALID, **TYPE_FILES, name: TYPE_VALID[name].replace(find, replace)}
    )
    diagnostics = diagnostics_of(project)
    assert [(d.code, d.file, d.line, d.column, d.field) for d in diagnostics] == [
        (code, name, line, column, field)
    ]
    assert diagnostics[0].message and diagnostics[0].hint


def test_comma_inside_braces_gets_a_hint_about_quotes(make_project):
    broken = PROJECT.replace("note: Khởi công}", "note: Khởi công, dọn mặt bằng}")
    [d] = diagnostics_of(make_project({"content/du-an/2025-duong.yaml": broken}))
    assert d.code == "CK102"
    assert "ngoặc kép" in d.hint


def test_document_without_a_file_is_published(make_project):
    # Many commune posts are the text of a document, with no scan attached.
    text = DOCUMENT.split("attachments:")[0]
    assert diagnostics_of(make_project({"content/van-ban/2025-nq-12.yaml": text})) == []


def test_draft_status_follows_the_comment_window():
    from generator.types.du_thao import Draft

    draft = Draft.model_validate(
        {"title": "x", "published": dt.date(2025, 2, 20), "drafting_body": "UBND",
         "comment_from": dt.date(2025, 2, 20), "comment_to": dt.date(2025, 3, 12),
         "how_to_comment": "Gửi thư"}
    )  # fmt: skip
    assert draft.status(dt.date(2025, 2, 19)) == "upcoming"
    assert draft.status(dt.date(2025, 3, 12)) == "open"
    assert draft.status(dt.date(2025, 3, 13)) == "closed"
