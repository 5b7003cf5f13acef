"""Personal data never reaches the portal, and withdrawn lists leave every output."""

from __future__ import annotations

import datetime as dt
import sys
import unicodedata

import pytest
from fixtures import POVERTY, QUESTION, SITE_YAML, diagnostics_of

from generator.build import build
from generator.validate.privacy import matches
from generator.vn.text import hidden_character

P = "content/ho-ngheo/2025-ra-soat.yaml"
Q = "content/hoi-dap/2025-a.yaml"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("CCCD 036085001234 của chủ hộ", "căn cước"),
        ("CMND 162345678", "chứng minh"),
        ("gọi 0912 345 678 sau 17 giờ", "di động"),
        ("gọi +84 912345678", "di động"),
        ("số nhà riêng 0229.3512.888", "cố định"),
        ("ông A, sinh năm 1958, thôn Một", "ngày sinh"),
        ("bà B (ngày sinh: 12/05/1990)", "ngày sinh"),
        ("chuyển khoản STK 1903 5555 8888 01", "tài khoản"),
        ("liên hệ nguyenvana1985@gmail.com", "thư điện tử"),
        ("ÔNG A, SINH NĂM 1958", "ngày sinh"),
        ("Số Tài Khoản: 1903555588", "tài khoản"),
        ("ông A, ſinh năm 1958", "ngày sinh"),  # a long s: the patterns take it for an s
        # Full-width digits and at sign, as some phone keyboards type them.
        ("gọi ０９１２ ３４５ ６７８ sau 17 giờ", "di động"),
        ("CCCD ０３６０８５００１２３４ của chủ hộ", "căn cước"),
        ("ông A, sinh năm １９５８", "ngày sinh"),
        ("liên hệ nguyenvana１９８５＠gmail.com", "thư điện tử"),
    ],
)
def test_personal_data_in_a_question_stops_the_build(make_project, text, kind):
    project = make_project({Q: QUESTION.replace("Tôi cần giấy tờ gì?", f'"{text}"')})
    [d] = diagnostics_of(project)
    assert (d.code, d.line, d.column, d.field) == ("CK130", 3, 11, "question")
    assert kind in d.message
    assert "privacy_allow" in d.hint


def test_personal_data_in_a_household_row_is_caught(make_project):
    text = POVERTY.replace(
        "    village: Thôn Một\n", "    village: Thôn Một\n    category: Hộ nghèo, ĐT 0987654321\n"
    )
    [d] = diagnostics_of(make_project({P: text}))
    assert (d.code, d.field, d.line) == ("CK130", "poor[0].category", 13)


def test_attachment_file_names_are_scanned(make_project):
    text = QUESTION + "attachments:\n  - file: hoi-dap/don-cua-036085001234.pdf\n    title: Đơn\n"
    project = make_project(
        {Q: text, "content/files/hoi-dap/don-cua-036085001234.pdf": b"%PDF-1.4\n"}
    )
    [d] = diagnostics_of(project)
    assert (d.code, d.field) == ("CK130", "attachments[0].file")


def test_amounts_and_office_contacts_are_not_personal_data(make_project):
    answer = (
        "Mức hỗ trợ 1.500.000 đồng/hộ; tổng 125.000.000 đồng. Gọi văn phòng 0200 3000 000 "
        "hoặc ubnd@thunghiem.gov.vn. Năm 2025 có 2025 hộ."
    )
    project = make_project({Q: QUESTION.replace("Ông chuẩn bị đơn theo mẫu.", f'"{answer}"')})
    assert diagnostics_of(project) == []


def test_a_reviewed_exception_is_allowed(make_project):
    text = QUESTION.replace("Tôi cần giấy tờ gì?", '"Gọi bộ phận một cửa 0200 3000 111"') + (
        "privacy_allow:\n"
        "  - text: 0200 3000 111\n"
        "    reason: Số điện thoại của bộ phận một cửa\n"
        "    reviewed_by: Đinh Thị Lan, Văn phòng\n"
    )
    assert diagnostics_of(make_project({Q: text})) == []


def test_a_reviewed_exception_in_full_width_digits_is_allowed(make_project):
    text = QUESTION.replace(
        "Tôi cần giấy tờ gì?", '"Gọi bộ phận một cửa ０２００ ３０００ １１１"'
    ) + (
        "privacy_allow:\n"
        "  - text: 0200 3000 111\n"
        "    reason: Số điện thoại của bộ phận một cửa\n"
        "    reviewed_by: Đinh Thị Lan, Văn phòng\n"
    )
    assert diagnostics_of(make_project({Q: text})) == []


def test_official_contact_fields_are_not_flagged(make_project):
    organisation = (
        "title: Giới thiệu\npublished: 2025-07-01\nfunctions: Quản lý nhà nước.\n"
        'leaders:\n  - {name: Phạm Văn Hưng, title: Chủ tịch, phone: "0912 000 111"}\n'
        'info_focal_point: {name: Đinh Thị Lan, title: Văn phòng, phone: "0229 3861 247"}\n'
    )
    assert diagnostics_of(make_project({"content/to-chuc/gioi-thieu.yaml": organisation})) == []


def test_a_list_past_unpublish_after_appears_nowhere(make_project):
    text = POVERTY.replace("posting_places:", "unpublish_after: 2026-06-30\nposting_places:") + (
        "attachments:\n  - file: ho-ngheo/bien-ban.pdf\n    title: Biên bản họp thôn\n"
    )
    project = make_project(
        {P: text, "content/files/ho-ngheo/bien-ban.pdf": b"%PDF-1.4 Nguyen Van An\n"}
    )

    assert build(project, as_of=dt.date(2026, 6, 30)).published
    assert _files_mentioning(project.site_dir, "Nguyễn Văn An")

    assert build(project, as_of=dt.date(2026, 7, 1)).published
    assert _files_mentioning(project.site_dir, "Nguyễn Văn An") == []
    assert _files_mentioning(project.site_dir, "Nguyen Van An") == []
    assert not (project.site_dir / "ho-ngheo/2025/ra-soat").exists()
    # The file stays in the repository.
    assert "Nguyễn Văn An" in (project.content_dir / "ho-ngheo/2025-ra-soat.yaml").read_text(
        "utf-8"
    )


def _files_mentioning(root, text: str) -> list[str]:
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if text.encode() in data or (
                path.suffix == ".json" and text in data.decode("utf-8", "replace")
            ):
                found.append(path.relative_to(root).as_posix())
    return found


def test_manifest_records_the_withdrawal_without_content(make_project):
    import json

    text = POVERTY.replace("posting_places:", "unpublish_after: 2026-06-30\nposting_places:")
    project = make_project({P: text})
    assert build(project, as_of=dt.date(2026, 7, 1)).published
    manifest = json.loads((project.site_dir / "api/manifest.json").read_text("utf-8"))
    assert manifest["withdrawn"] == [
        {"type": "ho-ngheo", "id": "ho-ngheo/2025/ra-soat", "withdrawn_after": "2026-06-30"}
    ]
    assert not any(item["id"] == "ho-ngheo/2025/ra-soat" for item in manifest["items"])


def test_attachment_symlinked_out_of_content_is_refused(make_project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("mật khẩu", encoding="utf-8")
    text = QUESTION + "attachments:\n  - file: hoi-dap/bien-ban.pdf\n    title: Biên bản\n"
    project = make_project({Q: text})
    link = project.files_dir / "hoi-dap/bien-ban.pdf"
    link.parent.mkdir(parents=True)
    link.symlink_to(secret)
    [d] = diagnostics_of(project)
    assert (d.code, d.field) == ("CK108", "attachments[0].file")


MISSED_FORMATS = [
    ("CCCD 001 085 012 345", "căn cước"),
    ("CCCD: 001.085.012.345", "căn cước"),
    ("số 001-085-012-345", "căn cước"),
    ("CMND 162.345.678", "chứng minh"),
    ("chứng minh 162 345 678", "chứng minh"),
    ("gọi (+84) 912 345 678", "di động"),
    ("gọi 84-912-345-678", "di động"),
    ("gọi (0229) 3861 999", "cố định"),
    ("gọi 0912\u200b345\u200b678", "di động"),
    ("gọi 0912/345/678", "di động"),
    ("gọi 09\u202e12 345 678", "di động"),
    ("ngày sinh 12 tháng 3 năm 1985", "ngày sinh"),
    ("ngay sinh 12/03/1985", "ngày sinh"),
    ("sinh ngay 12 thang 3, nam 1985", "ngày sinh"),
    ("TK Agribank 3300205123456", "tài khoản"),
    ("tài khoản 0123456789", "tài khoản"),
    ("chuyển vào Vietcombank 0071000123", "tài khoản"),
    ("nguyenvana (at) gmail.com", "thư điện tử"),
    ("nguyenvana [at] gmail [dot] com", "thư điện tử"),
    # Formats clerks and residents really type, missed before.
    ("gọi 0912 - 345 - 678", "di động"),
    ("gọi 0912,345,678", "di động"),
    ("số cũ 0168 912 3456", "di động"),
    ("SĐT cũ: 0123.456.7890", "di động"),
    ("Ông A, sinh 1985", "ngày sinh"),
    ("sinh: 12/03/1985", "ngày sinh"),
    ("Lê Thị E 12/03/1970, thôn Đoài", "ngày sinh"),
    ("hộ ông Vũ Văn Tiến (1962)", "ngày sinh"),
    ("MST 8012345678", "thuế"),
    ("mã số thuế: 8012345678-001", "thuế"),
    ("STK của tôi 1903567890123", "tài khoản"),
    ("chuyển khoản vào 1903567890123 Techcombank", "tài khoản"),
    ("nguyenvana @ gmail . com", "thư điện tử"),
    ("nguyenvana at gmail dot com", "thư điện tử"),
    ("hộ chiếu C1234567", "giấy tờ"),
    ("số BHXH 0123456789", "giấy tờ"),
    ("mã thẻ BHYT HN4010123456789", "giấy tờ"),
    ("CCCD số 0010850123456", "giấy tờ"),  # a digit too many: still an ID number
]


@pytest.mark.parametrize(("text", "kind"), MISSED_FORMATS)
def test_grouped_spelled_and_disguised_personal_data_stops_the_build(make_project, text, kind):
    project = make_project({Q: QUESTION.replace("Tôi cần giấy tờ gì?", f'"{text}"')})
    # Hidden characters are refused on their own (CK131, test_hidden_characters_...).
    [d] = [d for d in diagnostics_of(project) if d.code != "CK131"]
    assert (d.code, d.line, d.field) == ("CK130", 3, "question")
    assert kind in d.message
    # The message quotes what the clerk wrote, tone marks and all.
    quoted = d.message.split("“")[1].rstrip("”")
    assert quoted.replace("\u200b", "").replace("\u202e", "") in text.replace("\u200b", "").replace(
        "\u202e", ""
    )


@pytest.mark.parametrize(
    "number",
    ["001 085 012 345", "001.085.012.345", "001-085-012-345", "162.345.678", "162 345 678",
     "036085001234", "162345678"],
)  # fmt: skip
def test_a_household_list_with_an_id_number_does_not_build_even_if_allowed(make_project, number):
    text = POVERTY.replace("head: Nguyễn Văn An", f'head: "Nguyễn Văn An - CCCD {number}"') + (
        "privacy_allow:\n"
        f'  - text: "{number}"\n'
        "    reason: Chủ hộ đồng ý\n"
        "    reviewed_by: Đinh Thị Lan, Văn phòng\n"
    )
    project = make_project({P: text})
    [d] = diagnostics_of(project)
    assert (d.code, d.field) == ("CK130", "poor[0].head")
    assert "privacy_allow" not in d.message
    assert "không áp dụng" in d.hint and "xoá số này" in d.hint
    result = build(project, as_of=dt.date(2025, 12, 1))
    assert not result.published and not project.site_dir.exists()


@pytest.mark.parametrize(("text", "kind"), MISSED_FORMATS)
def test_a_household_list_with_a_missed_format_does_not_build(make_project, text, kind):
    row = POVERTY.replace("    village: Thôn Một\n", f'    village: "Thôn Một, {text}"\n')
    project = make_project({P: row})
    [d] = [d for d in diagnostics_of(project) if d.code != "CK131"]
    assert (d.code, d.field) == ("CK130", "poor[0].village")
    assert kind in d.message


@pytest.mark.parametrize(
    "name", ["cccd-001.085.012.345.pdf", "nguyen_van_a_0912_345_678.pdf", "don-0912345678.pdf"]
)
def test_personal_data_in_attachment_names_is_caught(make_project, name):
    text = QUESTION + f"attachments:\n  - file: hoi-dap/{name}\n    title: Đơn\n"
    project = make_project({Q: text, f"content/files/hoi-dap/{name}": b"%PDF-1.4\n"})
    [d] = diagnostics_of(project)
    assert (d.code, d.field) == ("CK130", "attachments[0].file")


def test_the_site_config_is_scanned(make_project):
    from fixtures import SITE_YAML

    site = SITE_YAML + "responsible: Nguyễn Văn A, CCCD 001 085 012 345\n"
    [d] = diagnostics_of(make_project({"site_config/site.yaml": site}))
    assert (d.code, d.file, d.field, d.line) == (
        "CK130", "site_config/site.yaml", "responsible", 7,
    )  # fmt: skip


def test_the_site_configs_own_contacts_are_not_personal_data(make_project):
    from fixtures import SITE_YAML

    site = SITE_YAML + (
        "contacts:\n  - role: Bộ phận một cửa\n    phone: 0229 3861 999\n"
        "    email: motcua@thunghiem.gov.vn\n"
    )
    assert diagnostics_of(make_project({"site_config/site.yaml": site})) == []


@pytest.mark.parametrize(
    "text",
    [
        "Tổng kinh phí 162.345.678 đồng",
        "Tổng kinh phí 125.000.000",
        "Hỗ trợ 1.500.000 đ/hộ cho 320 hộ; học sinh 2025",
        "Họp lúc 09:00 ngày 05/12/2025 09 giờ",
        "Quyết định số 1234/QĐ-UBND ngày 12/03/2025",
        "Tài khoản 8113 tại Kho bạc",
        # The commune's own numbers, which a clerk must be able to publish.
        "Tài khoản: 9523.1.1045678 tại Kho bạc Nhà nước khu vực",
        "Quỹ phòng chống thiên tai: tài khoản 3741.0.1045678 tại KBNN",
        "Tài khoản 3713 0 1045678 của UBND xã mở tại Kho bạc",
        "Tra cứu mã hồ sơ 000.00.12.H42-250312-0001 trên Cổng dịch vụ công",
        "Số vào sổ cấp GCN: CH 012345678",
        "Tổng dự toán 125000000 đồng",
        "Tổng 162.345.678,5 nghìn đồng",
        "Nhà thầu: Công ty TNHH Xây dựng Hòa Bình, MST 2700123456",
        "Mã số thuế của xã: 2700123456",
        "Mức đóng BHXH tự nguyện 1.500.000 đồng/tháng",
        "Học sinh 2025 được hỗ trợ; liệt sĩ hy sinh 1968; chi phí phát sinh 2025",
        "Hà Nội, 12/03/2015",
    ],
)
def test_amounts_dates_and_codes_are_not_personal_data(make_project, text):
    project = make_project({Q: QUESTION.replace("Tôi cần giấy tờ gì?", f'"{text}"')})
    assert diagnostics_of(project) == []


def test_an_email_field_takes_only_an_address(make_project):
    from fixtures import SITE_YAML

    site = SITE_YAML.replace("email: ubnd@thunghiem.gov.vn", "email: 'x\" onmouseover=\"alert(1)'")
    [d] = diagnostics_of(make_project({"site_config/site.yaml": site}))
    assert (d.code, d.field) == ("CK104", "email")
    assert "thư điện tử" in d.message


def test_the_offices_own_public_mailbox_is_not_personal_data(make_project):
    """A commune with only a gmail box gives it in site.yaml; items may repeat it, but another
    person's gmail is still refused."""
    site = SITE_YAML.replace("ubnd@thunghiem.gov.vn", "ubnd.thunghiem@gmail.com")
    own = QUESTION.replace("Ông chuẩn bị đơn theo mẫu.", "Gửi đơn về ubnd.thunghiem@gmail.com.")
    other = QUESTION.replace("Ông chuẩn bị đơn theo mẫu.", "Hỏi ông An qua an.nguyen@gmail.com.")
    project = make_project({"site_config/site.yaml": site, Q: own})
    assert [d.code for d in diagnostics_of(project)] == []
    (project.root / Q).write_text(other, encoding="utf-8")
    [d] = diagnostics_of(project)
    assert d.code == "CK130" and "an.nguyen@gmail.com" in d.message


def test_the_disclosure_plan_in_site_config_is_scanned(make_project):
    plan = (
        "plans:\n"
        "  - year: 2026\n"
        "    approval: {number: 05/KH-UBND, date: 2026-01-09, issuer: UBND xã}\n"
        "    responsible: Ông Phạm Văn Hưng, ĐT 0912 345 678\n"
        "    entries:\n"
        "      - content: Ngân sách xã\n"
        "        group: 2\n"
        "        forms: [Cổng thông tin điện tử]\n"
        "        timing: Chậm nhất 30 ngày\n"
        "        duration: 30 ngày\n"
        "        responsible: Văn phòng\n"
    )
    project = make_project({"site_config/ke-hoach-cong-khai.yaml": plan})
    [d] = diagnostics_of(project)
    assert (d.code, d.file, d.field, d.line) == (
        "CK130", "site_config/ke-hoach-cong-khai.yaml", "plans[0].responsible", 4,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("CCCD 001085012345 0912345678", ["001085012345", "0912345678"]),
        ("001085012345 0912345678", ["001085012345", "0912345678"]),
        ("CCCD: 001085012345/0912345678", ["001085012345", "0912345678"]),
        ("ĐT 0912345678,0987654321", ["0912345678", "0987654321"]),
        ("ĐT 0912345678/0987654321", ["0912345678", "0987654321"]),
        ("ĐT 0912345678_0987654321", ["0912345678", "0987654321"]),
        ("ĐT 0912345678 0987654321", ["0912345678", "0987654321"]),
        ("ĐT 0912.345.678-0987.654.321", ["0912.345.678", "0987.654.321"]),
    ],
)
def test_numbers_pasted_side_by_side_in_a_household_list_are_each_caught(
    make_project, text, numbers
):
    """Two columns of a sheet pasted into one cell: one separator between the numbers."""
    row = POVERTY.replace(
        "    village: Thôn Một\n", f"    village: Thôn Một\n    category: '{text}'\n"
    )
    project = make_project({P: row})
    found = diagnostics_of(project)
    assert [(d.code, d.field) for d in found] == [("CK130", "poor[0].category")] * 2
    assert sorted(d.message.split("“")[1].rstrip("”") for d in found) == sorted(numbers)
    assert not build(project, as_of=dt.date(2025, 12, 1)).published


def test_a_birth_date_column_in_a_markdown_table_is_caught(make_project):
    answer = (
        "answer: |\n"
        "  Danh sách người được hỗ trợ:\n\n"
        "  | Họ tên | Thôn | Ngày sinh |\n"
        "  |---|---|---|\n"
        "  | Nguyễn Văn A | Thôn Đông | 12-03-1985 |\n"
        "  | Trần Thị B | Thôn Đoài | 1970 |\n"
        "\n"
        "  | Nội dung | Số tiền |\n"
        "  |---|---|\n"
        "  | Hỗ trợ năm 2025 | 1.500.000 đồng |\n"
    )
    text = QUESTION.replace("answer: Ông chuẩn bị đơn theo mẫu.\n", answer)
    found = diagnostics_of(make_project({Q: text}))
    assert [(d.code, d.field) for d in found] == [("CK130", "answer")] * 2
    assert all("ngày sinh" in d.message for d in found)
    assert [d.message.split("“")[1].rstrip("”") for d in found] == ["12-03-1985", "1970"]


@pytest.mark.parametrize(
    ("name", "quoted"),
    [
        ("2025-hoi-ong-a-cccd-001085012345.yaml", "001085012345"),
        ("2025-ong-a-0912-345-678.yaml", "0912-345-678"),
        ("2025-ba-b-sinh-1985.yaml", "sinh-1985"),
    ],
)
def test_the_file_name_that_becomes_the_address_is_scanned(make_project, name, quoted):
    path = f"content/hoi-dap/{name}"
    [d] = diagnostics_of(make_project({path: QUESTION}))
    assert (d.code, d.file, d.line, d.field) == ("CK130", path, 1, "")
    assert name in d.message and f"“{quoted}”" in d.message
    assert "Đổi tên tệp" in d.hint


def test_a_file_name_is_not_scanned_when_the_item_sets_its_address(make_project):
    text = QUESTION + "slug: hoi-thu-tuc-dat\n"
    assert diagnostics_of(make_project({"content/hoi-dap/2025-0912345678.yaml": text})) == []


@pytest.mark.parametrize(
    ("field", "text", "code_point"),
    [
        ("title", "Kết quả \u202e1202 năm\u202c xét duyệt", "U+202E"),
        ("question", "Tôi cần giấy\u200btờ gì?", "U+200B"),
        ("answer", "Ông \u2066chuẩn bị\u2069 đơn.", "U+2066"),
        ("answered_by", "Chủ tịch\ufeff UBND xã", "U+FEFF"),
    ],
)
def test_hidden_and_direction_characters_in_text_are_refused(make_project, field, text, code_point):
    source = QUESTION.splitlines(keepends=True)
    lines = [f'{field}: "{text}"\n' if line.startswith(f"{field}:") else line for line in source]
    [d] = diagnostics_of(make_project({Q: "".join(lines)}))
    assert (d.code, d.field) == ("CK131", field)
    assert code_point in d.message and f"<{code_point}>" in d.message
    assert "Gõ lại" in d.hint


def test_an_emoji_joined_with_a_zero_width_joiner_is_not_refused(make_project):
    question = "Gia đình tôi 👨\u200d👩\u200d👧 cần giấy tờ gì? 🙏🏽"
    project = make_project({Q: QUESTION.replace("Tôi cần giấy tờ gì?", f'"{question}"')})
    assert diagnostics_of(project) == []


def test_the_scan_reads_a_long_run_once_and_still_finds_what_follows():
    """A pasted token of 40,000 characters (a link, an image in base64, a column of digits):
    every pattern reads it in one pass (bench/privacy_scan.py times it) and the phone number
    after it is still found."""
    phone = " gọi 0912345678"
    for run in ["@ " + "a" * 40_000, "1 " * 20_000, "a." * 20_000, "Nguyen Van " * 4_000]:
        found = [(p.name, start) for p, start, _ in matches(run + phone)]
        assert found == [("số điện thoại di động", len(run) + 5)]
    run = "sinh 1985 " + "1" * 40_000
    found = [(p.name, start) for p, start, _ in matches(run + phone)]
    assert found == [("số điện thoại di động", len(run) + 5), ("ngày sinh", 0)]


def test_every_format_and_control_character_counts_as_hidden():
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.category(char) in {"Cf", "Cc"} and char not in "\t\n\r":
            assert hidden_character(f"a{char}b") == 1, hex(code)
    assert hidden_character("dòng một\n\tdòng hai") is None


def test_an_id_number_is_never_allowed_on_any_page_listing_people(make_project):
    # A support payment list, a relief list, a voters' meeting: no disclosure needs an ID number.
    text = QUESTION.replace(
        "Tôi cần giấy tờ gì?", '"Ông Nguyễn Văn A, CCCD 001085012345, hỏi về đất"'
    ) + (
        "privacy_allow:\n"
        '  - text: "001085012345"\n'
        "    reason: Danh sách chi trả theo mẫu của tỉnh\n"
        "    reviewed_by: Kế toán xã\n"
    )
    [d] = diagnostics_of(make_project({Q: text}))
    assert d.code == "CK130" and "không áp dụng" in (d.hint or "")
