"""The document as the commune signed it: published first on its page, enough on its own; the
household counts of a posting notice or a recognition decision; lines of text as paragraphs."""

from __future__ import annotations

import datetime as dt
import json

from bs4 import BeautifulSoup
from fixtures import QUESTION, diagnostics_of

from generator.build import build

AS_OF = dt.date(2025, 12, 1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The notice of issue 23 (xã Cẩm Duệ, 2022): the counts in the text, the named list attached.
POSTING_NOTICE = """\
title: Thông báo niêm yết công khai danh sách hộ nghèo, hộ cận nghèo năm 2022
published: 2022-10-24
year: 2022
stage: niem-yet
review_kind: dinh-ky
signed:
  kind: thong-bao
  number: 566/TB-UBND
  date: 2022-10-24
  issuer: UBND xã Cẩm Duệ
  subject: Về việc niêm yết công khai danh sách hộ nghèo, hộ cận nghèo xã Cẩm Duệ năm 2022
counts:
  poor: {households: 87, people: 181}
  near_poor: {households: 77, people: 268}
  escaped_poor: {households: 17, people: 40}
  escaped_near_poor: {households: 73, people: 266}
attachments:
  - file: ho-ngheo/danh-sach-2022.pdf
    title: Danh sách hộ nghèo, hộ cận nghèo năm 2022 (kèm theo)
"""

RECOGNITION = """\
title: Quyết định công nhận hộ nghèo, hộ cận nghèo năm 2021
published: 2021-01-06
year: 2020
stage: cong-nhan
effective: 2021-01-01
signed:
  kind: quyet-dinh
  number: 03/QĐ-UBND
  date: 2021-01-05
  issuer: UBND xã Thử Nghiệm
  signer: Nguyễn Văn Bình, Chủ tịch
counts:
  poor:
    households: 40
    people: 121
    breakdowns:
      - by: Theo nguyên nhân nghèo
        lines:
          - {label: Thiếu đất sản xuất, households: 25, people: 80}
          - {label: Thiếu lao động, households: 15, people: 41}
  near_poor: {households: 33, people: 102}
attachments:
  - file: ho-ngheo/qd-03.pdf
    title: Quyết định 03/QĐ-UBND (bản scan)
"""


def page(project, url: str) -> BeautifulSoup:
    html = (project.site_dir / url / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_household_posting_whose_list_is_only_a_pdf_publishes_with_its_counts(make_project):
    project = make_project(
        {
            "content/ho-ngheo/2022-niem-yet.yaml": POSTING_NOTICE,
            "content/files/ho-ngheo/danh-sach-2022.pdf": PDF,
        }
    )
    result = build(project, as_of=AS_OF)
    assert result.published, [d.message for d in result.diagnostics if d.is_error]
    article = page(project, "ho-ngheo/2022/niem-yet").select_one("article")
    rows = {
        cells[0]: cells[1:]
        for cells in (
            [text_of(td) for td in tr.find_all("td")] for tr in article.select("table tr")
        )
        if cells
    }
    assert rows["Hộ nghèo"][:2] == ["87", "181"]
    assert rows["Hộ cận nghèo"][:2] == ["77", "268"]
    assert rows["Hộ thoát nghèo"][:2] == ["17", "40"]
    assert rows["Hộ thoát cận nghèo"][:2] == ["73", "266"]
    assert "Nghị định 07/2021/NĐ-CP" in rows["Chuẩn nghèo áp dụng"][0]
    # No list typed in: no household count made up from an empty or placeholder list.
    assert "Danh sách có" not in text_of(article) and "Tổng số" not in text_of(article)
    assert article.select_one('a[href$="danh-sach-2022.pdf"]') is not None


def test_the_signed_document_and_its_file_come_first(make_project):
    project = make_project(
        {
            "content/ho-ngheo/2022-niem-yet.yaml": POSTING_NOTICE,
            "content/files/ho-ngheo/danh-sach-2022.pdf": PDF,
        }
    )
    assert build(project, as_of=AS_OF).published
    article = page(project, "ho-ngheo/2022/niem-yet").select_one("article")
    signed = article.select_one(".ck-signed")
    assert "Thông báo số 566/TB-UBND ngày 24/10/2022 của UBND xã Cẩm Duệ" in text_of(signed)
    order = [el for el in article.find_all(["div", "table"]) if el is signed or el.name == "table"]
    assert order[0] is signed, "the document's identity comes before the facts table"
    download = article.select_one(".ck-actions a")
    assert download["href"].endswith("danh-sach-2022.pdf")
    assert download.find_next("table") is not None


def test_recognition_decision_publishes_without_posting_dates(make_project):
    project = make_project(
        {
            "content/ho-ngheo/2020-cong-nhan.yaml": RECOGNITION,
            "content/files/ho-ngheo/qd-03.pdf": PDF,
        }
    )
    assert diagnostics_of(project) == []
    assert build(project, as_of=AS_OF).published
    article = page(project, "ho-ngheo/2020/cong-nhan").select_one("article")
    text = text_of(article)
    assert "Quyết định công nhận" in text and "01/01/2021" in text
    assert "Thời gian niêm yết" not in text
    assert "Quyết định số 03/QĐ-UBND ngày 05/01/2021" in text
    assert "Người ký: Nguyễn Văn Bình, Chủ tịch" in text
    breakdown = [text_of(tr) for tr in article.select("table")[-1].select("tr")]
    assert breakdown[1:] == ["Thiếu đất sản xuất 25 80", "Thiếu lao động 15 41"]


def test_a_posting_notice_without_document_or_dates_is_refused(make_project):
    bare = RECOGNITION.replace("stage: cong-nhan", "stage: niem-yet").split("signed:")[0]
    bare += "counts: {poor: {households: 1}}\n"
    [d] = diagnostics_of(make_project({"content/ho-ngheo/2020-niem-yet.yaml": bare}))
    assert (d.code, d.field) == ("CK101", "posted_from")


def test_counts_that_do_not_add_up_warn_and_still_publish(make_project):
    wrong = RECOGNITION.replace(
        "{label: Thiếu lao động, households: 15", "{label: Thiếu lao động, households: 14"
    )
    project = make_project(
        {"content/ho-ngheo/2020-cong-nhan.yaml": wrong, "content/files/ho-ngheo/qd-03.pdf": PDF}
    )
    [d] = diagnostics_of(project)
    assert (d.code, d.is_error) == ("CK204", False)
    assert "39 hộ" in d.message and "40 hộ" in d.message
    result = build(project, as_of=AS_OF)
    assert result.published
    # Published as signed: the page shows the figures the document gives.
    text = text_of(page(project, "ho-ngheo/2020/cong-nhan").select_one("article"))
    assert "Thiếu lao động 14 41" in text


def test_text_only_document_publishes_in_every_type_that_needs_figures(make_project):
    """A signed document alone is enough: a project, a fund report, a support result."""
    signed = (
        "signed: {kind: nghi-quyet, number: 15/NQ-HĐND, date: 2025-03-10, "
        "issuer: HĐND xã Thử Nghiệm}\n"
        "attachments: [{file: nq-15.pdf, title: Nghị quyết 15/NQ-HĐND}]\n"
    )
    project = make_project(
        {
            "content/files/nq-15.pdf": PDF,
            "content/du-an/2025-nq-15.yaml": "title: Chủ trương đầu tư\npublished: 2025-03-12\n"
            + signed,
            "content/dong-gop/2025-nq-15.yaml": "title: Quỹ\npublished: 2025-03-12\n"
            "fund_kind: quy\nyear: 2025\n" + signed,
            "content/ho-tro/2025-nq-15.yaml": "title: Kết quả\npublished: 2025-03-12\n"
            "policy_kind: tro-cap\nstage: ket-qua\nyear: 2025\n" + signed,
        }
    )
    assert diagnostics_of(project) == []
    assert build(project, as_of=AS_OF).published
    for url in ("du-an/2025/nq-15", "dong-gop/2025/nq-15", "ho-tro/2025/nq-15"):
        signed_text = text_of(page(project, url).select_one(".ck-signed"))
        assert "Nghị quyết số 15/NQ-HĐND ngày 10/03/2025 của HĐND xã Thử Nghiệm" in signed_text


def test_without_its_document_a_project_still_needs_its_figures(make_project):
    bare = "title: Đường thôn\npublished: 2025-03-12\ninvestor: UBND xã\nlocation: Thôn Một\n"
    found = diagnostics_of(make_project({"content/du-an/2025-duong.yaml": bare}))
    assert sorted((d.code, d.field) for d in found) == [
        ("CK101", "start_year"),
        ("CK101", "total_investment"),
    ]


def test_each_line_of_a_text_field_is_a_paragraph(make_project):
    question = QUESTION.replace(
        "question: Tôi cần giấy tờ gì?",
        "question: |\n  Nhà tôi ở thôn Một.\n  Tôi cần giấy tờ gì để làm sổ đỏ?",
    )
    project = make_project({"content/hoi-dap/2025-so-do.yaml": question})
    assert build(project, as_of=AS_OF).published
    article = page(project, "hoi-dap/2025/so-do").select_one("article")
    heading = next(h for h in article.find_all("h2") if "Câu hỏi" in h.get_text())
    paragraphs = []
    for sibling in heading.find_next_siblings():
        if sibling.name != "p":
            break
        assert sibling.find("br") is None, "a line is a paragraph, not a break inside one"
        paragraphs.append(text_of(sibling))
    assert paragraphs == ["Nhà tôi ở thôn Một.", "Tôi cần giấy tờ gì để làm sổ đỏ?"]


COMPENSATION = """\
title: Niêm yết công khai dự thảo phương án bồi thường, hỗ trợ, tái định cư (Đợt 1)
published: 2021-09-07
land_kind: boi-thuong-tai-dinh-cu
year: 2021
project: Đường giao thông nối thôn Một – thôn Hai
batch: Đợt 1
posted_from: 2021-09-07
posted_to: 2021-09-27
posting_places: [Trụ sở UBND xã Thử Nghiệm, Nhà văn hóa thôn Một]
bodies:
  - {role: Tổ chức làm nhiệm vụ bồi thường, name: Trung tâm Phát triển quỹ đất huyện}
  - {role: Cơ quan thẩm định, name: Phòng Tài nguyên và Môi trường huyện}
how_to_comment: |
  Ý kiến gửi bằng văn bản về UBND xã trong thời gian niêm yết.
  Hoặc góp ý trực tiếp tại buổi họp dân ngày 20/09/2021.
signed:
  kind: thong-bao
  number: 120/TB-UBND
  date: 2021-09-06
  issuer: UBND xã Thử Nghiệm
documents:
  - kind: thong-bao
    number: 85/TB-TNMT
    date: 2021-08-30
    issuer: Phòng Tài nguyên và Môi trường huyện
    subject: Kết quả thẩm định dự thảo phương án bồi thường, hỗ trợ, tái định cư
figures:
  - {label: Số hộ bị ảnh hưởng, value: 25 hộ}
  - {label: "Tổng kinh phí bồi thường, hỗ trợ", value: 3.456.789.000 đồng}
attachments:
  - {file: dat-dai/phuong-an-dot-1.pdf, title: Dự thảo phương án (Đợt 1)}
"""


def test_compensation_posting_shows_project_batch_window_bodies_and_how_to_comment(make_project):
    project = make_project(
        {
            "content/dat-dai/2021-phuong-an-dot-1.yaml": COMPENSATION,
            "content/files/dat-dai/phuong-an-dot-1.pdf": PDF,
        }
    )
    assert diagnostics_of(project) == []
    assert build(project, as_of=AS_OF).published
    article = page(project, "dat-dai/2021/phuong-an-dot-1").select_one("article")
    facts = {
        text_of(tr.find_all("td")[0]): text_of(tr.find_all("td")[1])
        for tr in article.select("table tr")
        if len(tr.find_all("td")) == 2
    }
    assert facts["Đợt"] == "Đợt 1"
    assert facts["Dự án, công trình"] == "Đường giao thông nối thôn Một – thôn Hai"
    assert facts["Thời gian niêm yết"] == "Từ 07/09/2021 đến 27/09/2021"
    assert facts["Nơi niêm yết"] == "Trụ sở UBND xã Thử Nghiệm; Nhà văn hóa thôn Một"
    assert facts["Tổ chức làm nhiệm vụ bồi thường"] == "Trung tâm Phát triển quỹ đất huyện"
    assert facts["Tổng kinh phí bồi thường, hỗ trợ"] == "3.456.789.000 đồng"
    assert facts["Ngày đăng"] == "07/09/2021"
    text = text_of(article)
    # The appraisal notice is cited as the notice it is, never as an approval decision.
    assert "Thông báo số 85/TB-TNMT ngày 30/08/2021 của Phòng Tài nguyên và Môi trường" in text
    assert "Quyết định phê duyệt" not in text
    comment = next(h for h in article.find_all("h2") if h.get_text(strip=True) == "Cách góp ý")
    assert [text_of(p) for p in comment.find_next_siblings("p")[:2]] == [
        "Ý kiến gửi bằng văn bản về UBND xã trong thời gian niêm yết.",
        "Hoặc góp ý trực tiếp tại buổi họp dân ngày 20/09/2021.",
    ]


# The clerk's quick path for a budget (real-doc 03's case): the council's resolution, as signed
# and scanned, without a number and before any table is typed in.
BUDGET_RESOLUTION = """\
title: Nghị quyết phân bổ nguồn kết dư và nguồn tăng thu ngân sách năm 2022
signed: {kind: nghi-quyet, date: 2023-09-14, issuer: HĐND xã Thọ Lộc}
year: 2023
phase: dieu-chinh
published: 2023-09-20
approval: {date: 2023-09-14, issuer: HĐND xã Thọ Lộc}
attachments:
  - {file: "ngan-sach/Tờ trình 73.PDF", title: Nghị quyết (bản scan)}
"""


def test_a_budget_resolution_and_its_scan_publish_without_tables(make_project):
    project = make_project(
        {
            "content/ngan-sach/2023-phan-bo-ket-du.yaml": BUDGET_RESOLUTION,
            "content/files/ngan-sach/Tờ trình 73.PDF": PDF,
        }
    )
    errors = [d for d in diagnostics_of(project) if d.is_error]
    assert errors == []
    result = build(project, as_of=AS_OF)
    assert result.published, [d.message for d in result.diagnostics if d.is_error]
    article = page(project, "ngan-sach/2023/dieu-chinh-1").select_one("article")
    text = text_of(article)
    assert "Nghị quyết ngày 14/09/2023 của HĐND xã Thọ Lộc" in text
    assert "Văn bản phê duyệt Ngày 14/09/2023 của HĐND xã Thọ Lộc" in text
    assert "số liệu xem ở văn bản đính kèm" in text
    assert "None" not in text and "Số ngày" not in text
    assert not article.select(".ck-budget, svg")
    assert article.select_one('.ck-actions a[href$="73.PDF"]') is not None
    # Open data and the feed carry the item; the table of figures has no row for it.
    site = project.site_dir
    data = json.loads((site / "du-lieu/ngan-sach.json").read_text("utf-8"))
    [item] = data["items"]
    assert item["approval"]["number"] is None and item["attachments"][0]["file"].endswith(".PDF")
    figures = (site / "du-lieu/ngan-sach.figure.csv").read_text("utf-8-sig").splitlines()
    assert len(figures) == 1, "header only"
    assert "Nghị quyết phân bổ nguồn kết dư" in (site / "feeds/ngan-sach/atom.xml").read_text()


def test_a_budget_with_no_table_document_or_file_is_refused(make_project):
    bare = "title: Dự toán\nyear: 2025\nphase: du-toan\npublished: 2025-01-10\n"
    [d] = [d for d in diagnostics_of(make_project({"content/ngan-sach/2025.yaml": bare}))]
    assert d.code == "CK101" and "tables" in d.message and "signed" in d.hint


def test_a_confidence_vote_result_publishes_as_its_signed_document(make_project):
    """The council's resolution on the vote is enough; the vote table is added later."""
    vote = (
        "title: Kết quả lấy phiếu tín nhiệm năm 2025\npublished: 2025-07-10\n"
        "result_kind: tin-nhiem\n"
        "signed: {kind: nghi-quyet, number: 20/NQ-HĐND, date: 2025-07-05, "
        "issuer: HĐND xã Thử Nghiệm}\n"
        "attachments: [{file: nq-20.pdf, title: Nghị quyết 20/NQ-HĐND}]\n"
    )
    project = make_project(
        {"content/thanh-tra/2025-tin-nhiem.yaml": vote, "content/files/nq-20.pdf": PDF}
    )
    assert [d for d in diagnostics_of(project) if d.is_error] == []
    assert build(project, as_of=AS_OF).published
    text = text_of(page(project, "thanh-tra/2025/tin-nhiem").select_one("article"))
    assert "Nghị quyết số 20/NQ-HĐND ngày 05/07/2025" in text
    assert "Kết quả lấy phiếu tín nhiệm" in text


def test_a_news_post_names_its_author_as_author(make_project):
    """A news post (tin-bai) from the commune's portal: the name under it is its author's."""
    post = (
        "title: HĐND xã Sơn Viên tổ chức kì họp thứ 6\npublished: 2018-07-11\n"
        "category: tin-tuc\n"
        "signed: {kind: bai-viet, date: 2018-07-11, signer: Đỗ Duy Hoàng}\n"
        "body: Tại kì họp thứ 6, HĐND xã đã thông qua quyết toán ngân sách nhà nước năm 2017.\n"
    )
    project = make_project({"content/tin-bai/2018-ky-hop-thu-6.yaml": post})
    assert build(project, as_of=AS_OF).published
    signed = text_of(page(project, "tin-bai/2018/ky-hop-thu-6").select_one(".ck-signed"))
    assert "Tác giả: Đỗ Duy Hoàng" in signed and "Người ký" not in signed
