"""Personal data inside attachments: the Excel list the review meeting signed, a Word answer, a
CSV, a PDF's text layer are read and scanned like the item's own text."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import openpyxl
import pytest
from fixtures import AS_OF, BUDGET, POVERTY, QUESTION, diagnostics_of
from openpyxl.styles import Alignment, Font

from generator.build import build
from generator.caching import CACHE_DIR_VARIABLE
from generator.load.attachment_text import cache_entry, extract
from generator.validate.privacy import matches

P = "content/ho-ngheo/2025-ra-soat.yaml"
Q = "content/hoi-dap/2025-thu-tuc-dat.yaml"
LIST = "content/files/ho-ngheo/ds-2025.xlsx"

HOUSEHOLDS = [
    ("Nguyễn Văn An", "Thôn Một", "036085001234", dt.date(2021, 5, 10), 4, ""),
    ("Trần Thị Bình", "Thôn Hai", "036190004567", dt.date(2022, 1, 3), 3, "Hộ có người khuyết tật"),
    ("Lê Văn Cường", "Thôn Một", "036079009876", dt.date(2021, 8, 19), 5, ""),
]


def clerks_list(with_id_column: bool = True, id_as_number: bool = False) -> bytes:
    """The poor-household list as a commune clerk types it in Excel: the two-column letterhead,
    the title and its decision, a merged two-row header, a row of column numbers, the
    households, the signature block."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DS"
    ws["A1"], ws["E1"] = "UBND XÃ THỬ NGHIỆM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["E2"] = "Độc lập - Tự do - Hạnh phúc"
    ws.merge_cells("A1:C1")
    ws.merge_cells("E1:H1")
    ws["A4"] = "DANH SÁCH HỘ NGHÈO NĂM 2025"
    ws["A4"].font = Font(bold=True)
    ws.merge_cells("A4:H4")
    ws["A5"] = "(Kèm theo Quyết định số 125/QĐ-UBND ngày 24/11/2025 của UBND xã Thử Nghiệm)"
    ws.merge_cells("A5:H5")
    if with_id_column:
        headings = [
            "STT",
            "Họ và tên chủ hộ",
            "Thôn",
            "Giấy tờ tùy thân",
            None,
            "Số nhân khẩu",
            "Ghi chú",
        ]
        ws.append([])
        ws.append(headings)  # row 7
        ws.append([None, None, None, "Số CCCD", "Ngày cấp", None, None])  # row 8
        for column in "ABCFG":
            ws.merge_cells(f"{column}7:{column}8")
        ws.merge_cells("D7:E7")
        ws.append(list(range(1, 8)))  # row 9
        for number, (name, village, cccd, issued, people, note) in enumerate(HOUSEHOLDS, 1):
            ident = int(cccd) if id_as_number else cccd
            ws.append([number, name, village, ident, issued, people, note])
            ws.cell(ws.max_row, 5).number_format = "dd/mm/yyyy"
    else:
        ws.append([])
        ws.append(["STT", "Họ và tên chủ hộ", "Thôn", "Số nhân khẩu", "Ghi chú"])
        ws.append(list(range(1, 6)))
        for number, (name, village, _, _, people, note) in enumerate(HOUSEHOLDS, 1):
            ws.append([number, name, village, people, note])
    for cell in ws[7]:
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    ws.append([])
    ws.append([None, None, None, None, "Thử Nghiệm, ngày 24 tháng 11 năm 2025"])
    ws.append([None, "NGƯỜI LẬP BIỂU", None, None, "CHỦ TỊCH"])
    ws.append([None, "Phạm Thị Lập", None, None, "Nguyễn Văn Chủ"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def with_attachment(item: str, file: str, title: str = "Danh sách kèm theo") -> str:
    return item + f"attachments:\n  - file: {file}\n    title: {title}\n"


def docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    """A Word document as Word writes it: the XML parts in a ZIP, each run of text in `w:t`."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def para(text: str) -> str:
        # Word splits a paragraph into runs wherever the formatting changes.
        half = len(text) // 2
        return (
            f"<w:p><w:r><w:t xml:space='preserve'>{text[:half]}</w:t></w:r>"
            f"<w:r><w:rPr><w:b/></w:rPr><w:t>{text[half:]}</w:t></w:r></w:p>"
        )

    body = "".join(para(p) for p in paragraphs)
    if table:
        rows = "".join(
            "<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in row) + "</w:tr>" for row in table
        )
        body += f"<w:tbl>{rows}</w:tbl>"
    document = f"<?xml version='1.0' encoding='UTF-8'?><w:document xmlns:w='{w}'><w:body>{body}</w:body></w:document>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            "<?xml version='1.0'?><Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'>"
            "<Override PartName='/word/document.xml' ContentType='application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'/></Types>",
        )
        archive.writestr("word/document.xml", document)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    """Each test reads attachments afresh into a cache of its own."""
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "cache"))


def test_an_id_column_in_a_poor_household_list_stops_the_build(make_project):
    item = with_attachment(POVERTY, "ho-ngheo/ds-2025.xlsx")
    project = make_project({P: item, LIST: clerks_list()})
    [d] = diagnostics_of(project)
    assert d.code == "CK130" and d.is_error
    # The line of the `file:` that links the list, and the field as staff read it.
    assert (d.file, d.line, d.field) == (P, 14, "attachments[0].file")
    assert "trang tính `DS`, ô D10" in d.message
    assert "036085001234" in d.message and "và 2 chỗ khác" in d.message
    assert "xoá cột" in d.hint and "privacy_allow không áp dụng" in d.hint
    result = build(project, as_of=AS_OF)
    assert not result.published
    assert not (project.root / "site" / "files" / "ho-ngheo" / "ds-2025.xlsx").exists()


def test_privacy_allow_does_not_let_an_id_column_through(make_project):
    item = with_attachment(POVERTY, "ho-ngheo/ds-2025.xlsx") + (
        "privacy_allow:\n  - text: '036085001234'\n    reason: Đã xin phép\n"
        "    reviewed_by: Chủ tịch UBND xã\n"
    )
    [d] = diagnostics_of(make_project({P: item, LIST: clerks_list()}))
    assert d.code == "CK130" and "ô D10" in d.message


def test_an_id_number_typed_as_a_number_is_read_with_its_leading_zero(make_project):
    item = with_attachment(POVERTY, "ho-ngheo/ds-2025.xlsx")
    project = make_project({P: item, LIST: clerks_list(id_as_number=True)})
    [d] = diagnostics_of(project)
    assert d.code == "CK130" and "ô D10" in d.message and "036085001234" in d.message


def test_the_same_list_without_the_id_column_publishes(make_project):
    item = with_attachment(POVERTY, "ho-ngheo/ds-2025.xlsx")
    project = make_project({P: item, LIST: clerks_list(with_id_column=False)})
    assert diagnostics_of(project) == []
    result = build(project, as_of=AS_OF)
    assert result.published
    assert (project.root / "site" / "files" / "ho-ngheo" / "ds-2025.xlsx").is_file()


def test_a_phone_number_in_a_word_answer_is_found_by_paragraph(make_project):
    answer = docx(
        [
            "UBND XÃ THỬ NGHIỆM",
            "Trả lời câu hỏi của ông Trần Văn Hỏi, thôn Ba.",
            "Mọi thắc mắc xin gọi số của ông Hỏi: 0912 345 678.",
        ]
    )
    item = with_attachment(QUESTION, "hoi-dap/tra-loi.docx", "Văn bản trả lời")
    [d] = diagnostics_of(make_project({Q: item, "content/files/hoi-dap/tra-loi.docx": answer}))
    assert (d.code, d.field, d.line) == ("CK130", "attachments[0].file", 11)
    assert "`hoi-dap/tra-loi.docx`, đoạn 3" in d.message
    assert "điện thoại di động" in d.message and "0912 345 678" in d.message
    assert "privacy_allow" in d.hint


def test_privacy_allow_and_the_communes_own_number_apply_inside_a_word_file(make_project):
    answer = docx(["Liên hệ bộ phận một cửa: 0229 3861 246.", "Văn phòng UBND xã: 0200 3000 000."])
    item = with_attachment(QUESTION, "hoi-dap/tra-loi.docx", "Văn bản trả lời") + (
        "privacy_allow:\n  - text: 0229 3861 246\n    reason: Số của bộ phận một cửa\n"
        "    reviewed_by: Chủ tịch UBND xã\n"
    )
    project = make_project({Q: item, "content/files/hoi-dap/tra-loi.docx": answer})
    assert diagnostics_of(project) == []


def test_a_birth_date_column_in_a_word_table_is_found_by_cell(make_project):
    table = [
        ["STT", "Họ và tên", "Ngày sinh", "Thôn"],
        ["1", "Nguyễn Văn An", "12/05/1958", "Thôn Một"],
    ]
    answer = docx(["Danh sách người được hỗ trợ"], table)
    item = with_attachment(QUESTION, "hoi-dap/ds.docx")
    [d] = diagnostics_of(make_project({Q: item, "content/files/hoi-dap/ds.docx": answer}))
    assert d.code == "CK130" and "bảng 1, dòng 2, cột 3" in d.message
    assert "ngày sinh" in d.message and "12/05/1958" in d.message


def test_an_id_column_in_a_csv_list_is_found_by_cell():
    # Excel's "CSV UTF-8": the byte-order mark, a title row, then the list. (.csv is not on the
    # attachments' allow-list today: a CSV is refused by its name before its cells matter.)
    rows = "DANH SÁCH HỘ NGHÈO;;;\nSTT;Họ và tên chủ hộ;Số CCCD;Thôn\n1;Nguyễn Văn An;036085001234;Thôn Một\n"
    text = extract(rows.encode("utf-8-sig"), ".csv")
    [cell] = [c for c in text.chunks if c.text == "036085001234"]
    assert (cell.where, cell.label) == ("ô C3", "Số CCCD")
    [(pattern, _, _)] = matches(f"{cell.label}: {cell.text}")
    assert pattern.identity


def test_an_unchanged_attachment_is_read_from_the_cache(make_project):
    item = with_attachment(POVERTY, "ho-ngheo/ds-2025.xlsx")
    project = make_project({P: item, LIST: clerks_list(with_id_column=False)})
    assert diagnostics_of(project) == []
    entry = cache_entry(project.root / LIST)
    assert entry is not None and entry.is_file()
    # Put an ID number where only the cache has it: the next run reports it, so the run took the
    # cached text instead of reading the workbook again.
    cached = json.loads(entry.read_text(encoding="utf-8"))
    cached["chunks"].append(["trang tính `DS`, ô Z99", "036085001234", "Số CCCD"])
    entry.write_text(json.dumps(cached), encoding="utf-8")
    [d] = diagnostics_of(project)
    assert "ô Z99" in d.message
    # A changed workbook is read again: its new bytes have no entry yet.
    (project.root / LIST).write_bytes(clerks_list())
    [d] = diagnostics_of(project)
    assert "ô D10" in d.message


def test_a_damaged_workbook_is_a_warning_in_vietnamese(make_project):
    damaged = clerks_list()[:3000]  # cut short, as by a failed upload
    item = with_attachment(POVERTY, "ho-ngheo/ds-2025.xlsx")
    [d] = diagnostics_of(make_project({P: item, LIST: damaged}))
    assert (d.code, d.is_error, d.field) == ("CK208", False, "attachments[0].file")
    assert "tệp Excel bị hỏng" in d.message and "`ho-ngheo/ds-2025.xlsx`" in d.message
    assert "lưu lại" in d.hint


def test_a_pdf_text_layer_is_read_page_by_page():
    pdf = _pdf_with_text(["Bien ban hop xet duyet", "Ho ong A, CCCD 036085001234"])
    text = extract(pdf, ".pdf")
    assert not text.problem
    assert [(c.where, "036085001234" in c.text) for c in text.chunks] == [
        ("trang 1", False),
        ("trang 2", True),
    ]


def _pdf_with_text(pages: list[str]) -> bytes:
    """A PDF with a text layer, one line a page, written object by object."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    for text in pages:
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
        content_id = len(objects) + 2
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_id} 0 R "
            f"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream.decode()}\nendstream")
        kids.append(f"{len(objects) - 1} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>"
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def budget_form_in_dong() -> bytes:
    """Form 104 as a clerk fills it in đồng: figures typed as numbers and some as text with dot
    separators, percentages, the unit once in the heading."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "104"
    ws["F1"] = "Biểu số 104/CK TC-NSNN"
    ws["A2"] = "DỰ TOÁN THU NGÂN SÁCH XÃ NĂM 2025"
    ws["A3"] = "(Dự toán trình Hội đồng nhân dân)"
    ws["F4"] = "Đơn vị: đồng"
    ws.append(["STT", "NỘI DUNG", "ƯỚC THỰC HIỆN NĂM 2024", "DỰ TOÁN NĂM 2025", "SO SÁNH (%)"])
    ws.append(["A", "B", 1, 2, "3=2/1"])
    ws.append(["I", "Thu ngân sách xã", 1_162_345_678, 1_250_123_456, 107.6])
    ws.append([1, "Phí, lệ phí", 162_345_678, "175.234.567", 107.9])
    ws.append([2, "Thu bổ sung từ ngân sách cấp trên", 999_000_000, "1.074.888.889", 107.6])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_budget_workbook_and_pdf_in_dong_publish(make_project):
    pdf = _pdf_with_text(["Thu ngan sach xa", "162.345.678", "1.074.888.889", "Don vi: dong"])
    item = BUDGET + (
        "attachments:\n  - file: ngan-sach/bieu-104.xlsx\n    title: Biểu 104\n"
        "  - file: ngan-sach/bieu-104.pdf\n    title: Biểu 104 (bản in)\n"
    )
    project = make_project(
        {
            "content/ngan-sach/2025-du-toan.yaml": item,
            "content/files/ngan-sach/bieu-104.xlsx": budget_form_in_dong(),
            "content/files/ngan-sach/bieu-104.pdf": pdf,
        }
    )
    assert [d for d in diagnostics_of(project) if d.code == "CK130"] == []


def test_a_phone_column_typed_as_numbers_in_a_conscript_list_is_found(make_project):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH CÔNG DÂN GỌI NHẬP NGŨ NĂM 2026"])
    ws.append(["STT", "Họ và tên", "Năm sinh", "Số điện thoại"])
    ws.append([1, "Đỗ Văn Quân", 2006, 912345678])  # Excel dropped the phone's leading zero
    out = io.BytesIO()
    wb.save(out)
    text = extract(out.getvalue(), ".xlsx")
    found = {
        (c.where, pattern.name)
        for c in text.chunks
        for pattern, _, _ in matches(f"{c.label}: {c.text}")
    }
    assert ("trang tính `Sheet`, ô C3", "ngày sinh") in found
    assert ("trang tính `Sheet`, ô D3", "số điện thoại di động") in found


def test_an_opendocument_sheet_is_read_by_cell():
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

    def row(*cells: str, repeat: int = 1) -> str:
        inner = "".join(f"<table:table-cell><text:p>{c}</text:p></table:table-cell>" for c in cells)
        # LibreOffice ends every row with one empty cell repeated to the sheet's last column.
        inner += "<table:table-cell table:number-columns-repeated='1020'/>"
        return f"<table:table-row table:number-rows-repeated='{repeat}'>{inner}</table:table-row>"

    content = (
        f"<office:document-content xmlns:office='urn:oasis:names:tc:opendocument:xmlns:office:1.0' "
        f"xmlns:table='{table}' xmlns:text='{text_ns}'><office:body><office:spreadsheet>"
        "<table:table table:name='Hộ nghèo'>"
        + row("DANH SÁCH HỘ NGHÈO")
        + "<table:table-row table:number-rows-repeated='2'><table:table-cell/></table:table-row>"
        + row("STT", "Họ và tên", "Số CCCD")
        + row("1", "Nguyễn Văn An", "036085001234")
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    text = extract(out.getvalue(), ".ods")
    [cell] = [c for c in text.chunks if "036085001234" in c.text]
    assert (cell.where, cell.label) == ("trang tính `Hộ nghèo`, ô C5", "Số CCCD")


def test_only_the_first_cells_of_a_huge_list_are_read():
    rows = "".join(f"{n},Hộ {n},Thôn Một,4\n" for n in range(1, 50_001))
    rows += "50001,Hộ cuối,036085001234,4\n"
    text = extract(rows.encode(), ".csv")
    assert text.truncated and not text.problem
    assert not any("036085001234" in c.text for c in text.chunks)


def test_an_id_number_stored_as_a_number_gets_back_every_leading_zero():
    # A Hà Nội CCCD begins 001: Excel stores 001085012345 as 1085012345 when typed as a number.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Số CCCD", "Số tiền hỗ trợ"])
    ws.append([1, "Trần Văn C", 1085012345, 1085012345])
    out = io.BytesIO()
    wb.save(out)
    cells = {c.where: c.text for c in extract(out.getvalue(), ".xlsx").chunks}
    assert cells["trang tính `Sheet`, ô C2"] == "001085012345"
    # The same number under another heading is an amount: not kept for the scan at all.
    assert "trang tính `Sheet`, ô D2" not in cells


def test_a_workbook_that_unpacks_too_large_is_not_opened():
    # A ZIP bomb dressed as a workbook: a few kB on disk, far more once unpacked.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b" " * 210_000_000 + b"</sst>")
    text = extract(out.getvalue(), ".xlsx")
    assert text.chunks == [] and "quá lớn" in text.problem
