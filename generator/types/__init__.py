"""The disclosure types: one module each, registered here by their content folder name.

A plain dict is the registry (no plugin machinery): adding a type means adding a module, a
template and one entry below.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.types.common import Disclosure
from generator.types.dat_dai import Land
from generator.types.du_an import Project
from generator.types.du_thao import Draft
from generator.types.ho_ngheo import PovertyReview
from generator.types.hoi_dap import Question
from generator.types.ke_hoach import Plan
from generator.types.ngan_sach import Budget
from generator.types.thu_tuc import Procedure
from generator.types.tin_bai import Article
from generator.types.to_chuc import Organisation
from generator.types.van_ban import Document


@dataclass(frozen=True)
class DisclosureType:
    folder: str
    """Content folder and first URL segment, e.g. `ngan-sach`."""
    title: str
    """Vietnamese name shown in the navigation and listings."""
    description: str
    """One sentence for residents at the top of the listing page."""
    model: type[Disclosure]
    template: str
    """Jinja2 template (in generator/templates/) that renders one item to Markdown."""
    listing_table: bool = False
    """The listing is a table written by `templates/listing/<folder>.md.j2`, not the plain list."""
    yearless: bool = False
    """Items are not grouped by year (procedures, organisation): URL `/<folder>/<slug>/`."""


TYPES: dict[str, DisclosureType] = {
    t.folder: t
    for t in (
        DisclosureType(
            "ngan-sach",
            "Ngân sách",
            "Dự toán, tình hình thực hiện theo quý, 6 tháng, cả năm và quyết toán ngân sách xã.",
            Budget,
            "ngan-sach.md.j2",
        ),
        DisclosureType(
            "ho-ngheo",
            "Hộ nghèo, cận nghèo",
            "Kết quả rà soát hộ nghèo, hộ cận nghèo và danh sách được niêm yết công khai.",
            PovertyReview,
            "ho-ngheo.md.j2",
        ),
        DisclosureType(
            "dat-dai",
            "Đất đai",
            "Quy hoạch, kế hoạch sử dụng đất, phương án bồi thường, tái định cư và bảng giá đất.",
            Land,
            "dat-dai.md.j2",
        ),
        DisclosureType(
            "hoi-dap",
            "Hỏi đáp",
            "Câu hỏi, kiến nghị của người dân và câu trả lời của UBND xã.",
            Question,
            "hoi-dap.md.j2",
        ),
        DisclosureType(
            "thu-tuc",
            "Thủ tục hành chính",
            "Thủ tục giải quyết tại xã: hồ sơ, các bước, thời hạn, phí và mẫu đơn để tải về.",
            Procedure,
            "thu-tuc.md.j2",
            yearless=True,
        ),
        DisclosureType(
            "van-ban",
            "Văn bản",
            "Nghị quyết, quyết định, kế hoạch, thông báo và các văn bản khác của xã.",
            Document,
            "van-ban.md.j2",
            listing_table=True,
        ),
        DisclosureType(
            "du-thao",
            "Lấy ý kiến dự thảo",
            "Dự thảo văn bản, đề án đang lấy ý kiến Nhân dân và kết quả tiếp thu.",
            Draft,
            "du-thao.md.j2",
        ),
        DisclosureType(
            "ke-hoach",
            "Kế hoạch, chương trình",
            "Kế hoạch phát triển kinh tế - xã hội, chương trình công tác, chuyển đổi số, kết quả.",
            Plan,
            "ke-hoach.md.j2",
        ),
        DisclosureType(
            "du-an",
            "Dự án đầu tư",
            "Dự án đầu tư công trên địa bàn xã: nguồn vốn, tiến độ, kết quả lựa chọn nhà thầu.",
            Project,
            "du-an.md.j2",
        ),
        DisclosureType(
            "tin-bai",
            "Thông báo, tin tức",
            "Thông báo của UBND xã, tin tức và bài phổ biến, giáo dục pháp luật.",
            Article,
            "tin-bai.md.j2",
        ),
        DisclosureType(
            "to-chuc",
            "Giới thiệu, tổ chức",
            "Chức năng, nhiệm vụ, cơ cấu tổ chức và thông tin liên hệ của UBND xã.",
            Organisation,
            "to-chuc.md.j2",
            yearless=True,
        ),
    )
}
