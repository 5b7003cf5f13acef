"""Text as a resident reads it: hand-wrapped lines become one paragraph (no break mid-sentence),
one line per point stays one paragraph per point, phone numbers dial when tapped, and the mail
link of the question page keeps its Vietnamese subject and body through any mail app."""

from __future__ import annotations

import urllib.parse

import markdown
from fixtures import AS_OF, QUESTION

from generator.build import build
from generator.render.contact_links import mailto, tel
from generator.render.environment import md_block


def html(text: str) -> str:
    return markdown.markdown(md_block(text))


def test_hand_wrapped_lines_join_and_points_stay_apart():
    text = (
        "UBND xã đã tiếp nhận kiến nghị và\n"
        "sẽ lắp đèn trong quý III năm 2025.\n"
        "Kinh phí do ngân sách xã bảo đảm.\n"
        "Thôn Đông\n"
        "Thôn Trung\n"
        "\n"
        "# không phải tiêu đề"
    )
    out = html(text)
    assert "<br" not in out
    assert "<p>UBND xã đã tiếp nhận kiến nghị và sẽ lắp đèn trong quý III năm 2025.</p>" in out
    assert "<p>Kinh phí do ngân sách xã bảo đảm.</p>" in out
    assert "<p>Thôn Đông</p>" in out and "<p>Thôn Trung</p>" in out
    assert "<h1" not in out and "# không phải tiêu đề" in out


def test_a_line_wrapped_before_a_capitalised_name_stays_in_its_sentence():
    # Vietnamese capitalises names mid-sentence: a hand-wrapped line may end right before one.
    text = (
        "Hồ sơ nộp tại Bộ phận một cửa của UBND xã hoặc nộp trực tuyến trên Cổng\n"
        "Dịch vụ công quốc gia. Thời hạn giải quyết 10 ngày làm việc.\n"
        "QUYẾT ĐỊNH PHÊ DUYỆT KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương"
    )
    out = html(text)
    assert "trên Cổng Dịch vụ công quốc gia. Thời hạn" in out
    assert "<p>QUYẾT ĐỊNH PHÊ DUYỆT KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025</p>" in out
    assert "<p>Căn cứ Luật Tổ chức chính quyền địa phương</p>" in out


def test_phone_numbers_in_text_and_fields_dial():
    out = html("Mọi thắc mắc xin gọi 0229 3861 245 hoặc 0912.345.678 trong giờ hành chính.")
    assert '<a href="tel:02293861245">0229 3861 245</a>' in out
    assert '<a href="tel:0912345678">0912.345.678</a>' in out
    # Amounts and dates are not numbers to call.
    assert "tel:" not in html("Dự toán 10.720.000.000 đồng, ngày 01/07/2026.")
    field = markdown.markdown(tel("0229 3861 246; 0912 345 678"))
    assert field.count('href="tel:') == 2
    assert markdown.markdown(tel("Không có")) == "<p>Không có</p>"


def test_mail_link_keeps_vietnamese_subject_and_lines():
    url = mailto("ubnd@tanhoa.gov.vn", "Câu hỏi gửi UBND xã Tân Hòa", "Lĩnh vực:\nCâu hỏi:")
    address, query = url.removeprefix("mailto:").split("?")
    assert address == "ubnd@tanhoa.gov.vn"
    assert query.isascii() and " " not in query and "+" not in query
    fields = urllib.parse.parse_qs(query)
    assert fields == {"subject": ["Câu hỏi gửi UBND xã Tân Hòa"], "body": ["Lĩnh vực:\r\nCâu hỏi:"]}


def test_the_question_list_dates_a_question_by_its_arrival(
    make_project,
):
    # A list dated by publication made answers look older than their questions.
    project = make_project(
        {
            "content/hoi-dap/2025-a.yaml": QUESTION,
        }
    )
    assert build(project, as_of=AS_OF).published
    questions = (project.root / "site/hoi-dap/index.html").read_text("utf-8")
    assert "Nhận ngày 03/03/2025" in questions and "20/03/2025" not in questions
