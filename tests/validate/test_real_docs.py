"""Real commune posts (shared/real-docs/05–20, re-published in tests/data/real_docs/) build with no
error, and each page shows every figure, number, date and name of the original."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fixtures import REPO, SITE_YAML, scaffold

from generator.build import build
from generator.project import Project

REAL = REPO / "tests" / "data" / "real_docs"
AS_OF = dt.date(2026, 12, 1)

# What the original page says, as it must read on the built page (url: phrases).
EXPECTED = {
    "ho-ngheo/2018/my-thanh-ket-qua-ra-soat": [
        "86",
        "103",
        "3,43%",
        "4,11%",
        "3.43%",
        "4.11%",
        "kéo giảm 90 hộ nghèo",
        "cuối năm 2018",
        "2016-2020",
        "Trụ sở các ấp",
        "tiêu chí số 11",
        "Thông báo kết quả rà soát",
    ],
    "hoi-dap/2023/tan-ha-tiep-xuc-cu-tri": [
        "12/10/2023",
        "Lương Thanh Sơn",
        "Vũ Đình Chung",
        "11",
        "11 lượt ý kiến",
        "ĐT766",
        "lòng hồ Trà Tân",
        "lần thứ 7",
        "Lê Văn Mười",
        "Tiếp thu",
    ],
    "hoi-dap/2017/ky-tan-tiep-xuc-cu-tri": [
        "06/12/2017",
        "Tổ đại biểu số 1 HĐND xã",
        "Kỳ họp thứ 5",
        "Khóa XIX",
        "2016 - 2021",
        "Buốc Bo",
        "Bo Thượng",
        "Bo Hạ",
        "Cử tri kho Bo",
        "Hội trường thôn Bo Thượng",
        "năm 2017",
        "năm 2018",
        "Hà Khương",
    ],
    "hoi-dap/2023/phu-long-tiep-xuc-cu-tri": [
        "03/08/2023",
        "04/08/2023",
        "03-04/8/2023",
        "02 ngày",
        "lần thứ 7",
        "đường đal",
        "Kênh Thần Nông",
        "hú ga",
        "vật tư nông nghiệp",
        "Hoàng Vũ",
    ],
    "hoi-dap/2013/long-phuoc-tiep-xuc-cu-tri": [
        "01/03/2013",
        "01/3/2013",
        "06 ấp",
        "lần thứ V khóa X",
        "2011- 2016",
        "năm 2012",
        "KT- VHXH- ANQP",
        "ANCT- TTATXH",
        "đặt biệt",
        "giải quyết:./.",
    ],
    "hoi-dap/2026/duc-quang-tiep-cong-dan-thang-01": [
        "20/01/2026",
        "Đặng Giang Trung",
        "Trần Xuân Thạch",
        "Bí thư Đảng ủy xã",
        "an sinh xã hội",
        "hạ tầng nông thôn",
        "Thanh Tình",
        "Tiếp công dân định kỳ",
    ],
    "hoi-dap/2025/nghia-trung-doi-thoai-dien-trang": [
        "Điền Trang",
        "7 người dân",
        "10 ý kiến",
        "Hợp tác xã Dịch vụ Nông nghiệp Nghĩa Trung",
        "kênh mương thủy lợi",
        "Đang kiểm tra, sẽ phản hồi",
        "Đối thoại với Nhân dân",
    ],
    "du-an/2023/dong-tam-ky-hop-chuyen-de": [
        "20/11/2023",
        "khóa XXV",
        "2021-2026",
        "kỳ họp thứ bảy",
        "Nguyễn Văn Cường",
        "Tranh Xuyên",
        "Ninh Giang",
        "2021-2025",
        "thương mai",
        "Tuyết Nhung",
        "Nghị quyết",
    ],
    "thu-tuc/thien-hung-cap-gcn-lan-dau": [
        "T-BPC-258324-TT",
        "15 ngày",
        "khoản 1, 2 và 5 Điều 50",
        "Bước 5",
        "đ nghị",
        "Văn phòng đăng ký quyền sử dụng đất cấp huyện",
        "Đất đai",
    ],
    "thu-tuc/phuoc-thuan-tro-cap-xa-hoi-hang-thang": [
        "20 ngày",
        "7 ngày",
        "10 ngày",
        "10 ngày làm việc",
        "Bước 4",
        "Bảo trợ xã hội",
        "Phòng Lao động – Thương binh và Xã hội",
    ],
    "thu-tuc/lien-ha-08": [
        "”dồn điền đổi thửa”",
        "(Liên thông)",
        "Ủy ban nhân dân xã",
        "Địa chính - Đô thị - Môi trường",
    ],
    "thu-tuc/phuong-1-q10-08": [
        "Ủy ban nhân dân cấp huyện; Ủy ban nhân dân cấp xã; Cơ sở trợ giúp xã hội",
        "Bảo trợ xã hội",
        "cơ sở trợ giúp xã hội cấp tỉnh",
    ],
    "dong-gop/2020/luc-hanh-duong-be-tong-dong-rom": [
        "09/10/2020",
        "200 m",
        "42 tấn xi măng",
        "Đồng Rôm",
        "Ma Phúc Lợi",
        "Chủ tịch Ủy ban MTTQ xã Lực Hành",
        "xã Hoàng Khai",
        "việt thu, chi",
        "Năm 2020",
    ],
    "ho-tro/2021/xuan-tang-ho-tro-covid-dot-3": [
        "22/10/2021",
        "Đợt 3",
        "14",
        "21 triệu đồng",
        "21.000.000",
        "102,72 triệu đồng",
        "102.720.000",
        "64",
        "68/NQ-CP",
        "01/07/2021",
        "2795/QĐ-UBND",
        "05/08/2021",
        "20/6-09/7/2021",
        "Trần Trung Thành",
        "Trần Thị Thương",
        "Đề nghị",
        "Đã chi trả",
    ],
    "ngan-sach/2023/dieu-chinh-1": [
        "14/9/2023",
        "Nghị quyết ngày 14/09/2023 của HĐND xã Thọ Lộc",
        "73/TTr-UBND",
        "(270.983.160 đồng)",
        "(44.016.840 đồng)",
        "(315.000.000 đồng)",
        "Hà Xuân Hùng",
        "Rãnh tiêu thoát nước sân nghĩa trang liệt sỹ",
        "Điều chỉnh dự toán",
    ],
    "ngan-sach/2020/quyet-toan": [
        "16/7/2021",
        "Nghị quyết ngày 16/07/2021 của HĐND xã Nam Mẫu",
        "phê chuẩn quyết toán ngân sách địa phương năm 2020",
        "Ngôn Văn Sơn",
        "khóa XX",
        "2021 – 2026",
        "Quyết toán ngân sách",
    ],
    "ngan-sach/2018/6-thang": [
        "11/07/2018",
        "Đỗ Duy Hoàng",
        "12.023.803.259",
        "189.26 %",
        "189,26",
        "Nguyễn Thị Thu Thủy",
        "25 vị đại biểu",
    ],
    "ho-tro/2020/dao-huu-canh-xet-duyet-bao-tro-xa-hoi": [
        "22/03/2020",
        "Huỳnh Thị Huệ",
        "7/7",
        "2 trẻ mồ côi",
        "Trẻ mồ côi",
        "Đối tượng khuyết tật đặc biệt",
        "Đối tượng khuyết tật nặng",
        "Đặng Trang",
    ],
}


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("real")
    scaffold(root)
    shutil.copytree(REAL / "content", root / "content")
    (root / "site_config").mkdir()
    (root / "site_config" / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    result = build(Project(root), as_of=AS_OF)
    return root / "site", result


def article_text(site: Path, url: str) -> str:
    page = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    return " ".join(page.select_one("article").get_text(" ").split())


def test_real_posts_build_with_no_error(real_site):
    _, result = real_site
    errors = [d for d in result.diagnostics if d.is_error]
    assert result.published and not errors, errors
    assert result.count == len(list((REAL / "content").rglob("*.yaml")))


@pytest.mark.parametrize("url", sorted(EXPECTED))
def test_each_real_post_shows_every_figure_date_and_name(real_site, url):
    site, _ = real_site
    text = article_text(site, url)
    missing = [phrase for phrase in EXPECTED[url] if phrase not in text]
    assert not missing, f"{url}: {missing}"


def test_every_procedure_row_of_the_lists_is_a_page_with_its_agencies(real_site):
    site, _ = real_site
    for path in sorted((REAL / "content" / "thu-tuc").glob("*-[0-9][0-9].yaml")):
        text = article_text(site, f"thu-tuc/{path.stem}")
        source = path.read_text(encoding="utf-8")
        title = source.split("title: ", 1)[1].split("\n", 1)[0].strip('"')
        assert " ".join(title.split()) in text


def test_one_line_per_paragraph_in_a_pasted_body(real_site):
    """Real-doc 10 has one paragraph per line and no blank lines: each line is a paragraph,
    never a `<br>` inside one, and no two lines run together."""
    site, _ = real_site
    html = (site / "hoi-dap/2013/long-phuoc-tiep-xuc-cu-tri/index.html").read_text("utf-8")
    body = BeautifulSoup(html, "html.parser").select_one(".ck-body")
    assert body.find("br") is None
    paragraphs = [" ".join(p.get_text().split()) for p in body.find_all("p")]
    assert paragraphs[0].startswith("Kỳ họp HĐND xã lần thứ V")
    assert paragraphs[1].startswith("Tại các điểm tiếp xúc")
    assert len(paragraphs) == 5


def test_meeting_requests_are_listed_with_their_answerer(real_site):
    site, _ = real_site
    page = BeautifulSoup(
        (site / "hoi-dap/2017/ky-tan-tiep-xuc-cu-tri/index.html").read_text("utf-8"),
        "html.parser",
    )
    headings = [h.get_text(" ", strip=True) for h in page.select("article h3")]
    assert len(headings) == 3
    assert all("Cử tri kho Bo" in h for h in headings)
    # A meeting has no single receipt date: no answering deadline is invented for it.
    assert "Hạn trả lời" not in page.select_one("article").get_text()


@pytest.mark.parametrize("url", sorted(EXPECTED))
def test_facts_are_one_table_ending_with_the_publication_date(real_site, url):
    site, _ = real_site
    page = BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")
    article = page.select_one("article")
    assert "| Ngày đăng |" not in article.get_text(), "a table row leaked as text"
    cells = [td.get_text(strip=True) for td in article.select("table td")]
    assert "Ngày đăng" in cells


def test_a_request_taken_on_board_names_who_answered_it(real_site):
    """Real-doc 07: the chairman took each request on board (tiếp thu) without an answer text;
    his name is the answer's only trace and stays under each request."""
    site, _ = real_site
    page = BeautifulSoup(
        (site / "hoi-dap/2023/tan-ha-tiep-xuc-cu-tri/index.html").read_text("utf-8"),
        "html.parser",
    )
    article = page.select_one("article")
    requests = [h for h in article.select("h3")]
    assert len(requests) == 3
    for heading in requests:
        block = []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            block.append(" ".join(sibling.get_text(" ").split()))
        text = " ".join(block)
        assert "Người, cơ quan trả lời: Ông Vũ Đình Chung - Chủ tịch UBND xã" in text, text
        assert "Tình trạng: Tiếp thu" in text


def test_council_resolutions_without_a_number_publish_with_no_empty_table_or_chart(real_site):
    """Real-docs 01 and 03: a council resolution reported with no number and no figures is
    published as it is; its page has no table of figures and no chart, and says so."""
    site, result = real_site
    errors = [d for d in result.diagnostics if d.is_error and "ngan-sach" in d.file]
    assert not errors, errors
    for url in ("ngan-sach/2023/dieu-chinh-1", "ngan-sach/2020/quyet-toan"):
        page = BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")
        article = page.select_one("article")
        assert not article.select(".ck-budget, svg, figure"), url
        assert "Số None" not in article.get_text() and "None" not in article.get_text()
        assert "Văn bản được đăng không kèm biểu số liệu" in article.get_text()
    # The years without figures are not charted as empty bars: only 2018 has figures.
    listing = BeautifulSoup((site / "ngan-sach/index.html").read_text("utf-8"), "html.parser")
    assert "Năm 2020: dự toán chưa có số liệu" not in listing.get_text()
    year = BeautifulSoup((site / "ngan-sach/2020/index.html").read_text("utf-8"), "html.parser")
    assert "Dự toán và thực hiện theo nhóm" not in year.get_text()


def test_a_news_article_names_its_author_not_a_signer(real_site):
    """Real-doc 02 is the portal's news article, signed by its author."""
    site, _ = real_site
    text = article_text(site, "ngan-sach/2018/6-thang")
    assert "Tác giả: Đỗ Duy Hoàng" in text
    assert "Người ký" not in text


def test_cement_the_state_gave_is_a_receipt_in_kind_with_no_money_made_up(real_site):
    """Real-doc 16: "Nhà nước hỗ trợ 42 tấn xi măng" is a receipt line in tonnes, in the table
    and in the open data, with no amount of đồng invented for it."""
    site, _ = real_site
    page = BeautifulSoup(
        (site / "dong-gop/2020/luc-hanh-duong-be-tong-dong-rom/index.html").read_text("utf-8"),
        "html.parser",
    )
    table = page.select("article table")[-1]
    header = [th.get_text(strip=True) for th in table.select("th")]
    [row] = [[td.get_text(strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]
    cells = dict(zip(header, row, strict=True))
    assert cells["Nội dung"] == "Nhà nước hỗ trợ"
    assert cells["Hiện vật"] == "42 tấn xi măng"
    assert cells["Số tiền (đồng)"] == "" and cells["Giá trị quy đổi (đồng)"] == ""
    data = json.loads((site / "du-lieu/dong-gop.json").read_text("utf-8"))
    [item] = data["items"]
    [line] = item["receipts"]
    assert (line["quantity"], line["unit"], line["goods"], line["amount"]) == (
        42,
        "tấn",
        "xi măng",
        None,
    )
    csv_text = (site / "du-lieu/dong-gop.money-line.csv").read_text("utf-8-sig")
    assert ",Nhà nước hỗ trợ,,42,tấn,xi măng," in csv_text
