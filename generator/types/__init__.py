"""The disclosure types: one module each, registered here by their content folder name.

A plain dict is the registry (no plugin machinery): adding a type means adding a module, a
template and one entry below.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.types.common import Disclosure
from generator.types.cuu_tro import Relief
from generator.types.dan_chu import DemocracyRules
from generator.types.dat_dai import Land
from generator.types.dong_gop import Fund
from generator.types.du_an import Project
from generator.types.du_thao import Draft
from generator.types.ho_ngheo import PovertyReview
from generator.types.ho_tro import SupportPolicy
from generator.types.hoi_dap import Question
from generator.types.ke_hoach import Plan
from generator.types.ngan_sach import Budget
from generator.types.nghia_vu_quan_su import CallUp
from generator.types.phi_le_phi import FeeSchedule
from generator.types.tai_san_cong import PublicAssets
from generator.types.tam_ngung import Downtime
from generator.types.thanh_tra import Inspection
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
    """Jinja2 template (in generator/render/templates/) that renders one item to Markdown."""
    listing_table: bool = False
    """The listing is a table written by `templates/listing/<folder>.md.j2`, not the plain list."""
    yearless: bool = False
    """Items are not grouped by year (procedures, organisation): URL `/<folder>/<slug>/`."""
    law_groups: tuple[int, ...] = ()
    """The groups (clauses) of Law 10/2022 Art. 11 whose content this type holds; they go in
    the quarterly register of what was disclosed (Art. 13(2))."""


TYPES: dict[str, DisclosureType] = {
    t.folder: t
    for t in (
        DisclosureType(
            "ngan-sach",
            "Ngân sách",
            "Dự toán, tình hình thực hiện theo quý, 6 tháng, cả năm và quyết toán ngân sách xã.",
            Budget,
            "ngan-sach.md.j2",
            law_groups=(2,),
        ),
        DisclosureType(
            "ho-ngheo",
            "Hộ nghèo, cận nghèo",
            "Kết quả rà soát hộ nghèo, hộ cận nghèo và danh sách được niêm yết công khai.",
            PovertyReview,
            "ho-ngheo.md.j2",
            law_groups=(7,),
        ),
        DisclosureType(
            "dat-dai",
            "Đất đai",
            "Quy hoạch, kế hoạch sử dụng đất, phương án bồi thường, tái định cư và bảng giá đất.",
            Land,
            "dat-dai.md.j2",
            law_groups=(3,),
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
            law_groups=(13,),
        ),
        DisclosureType(
            "van-ban",
            "Văn bản",
            "Nghị quyết, quyết định, kế hoạch, thông báo và các văn bản khác của xã.",
            Document,
            "van-ban.md.j2",
            listing_table=True,
            law_groups=(14,),
        ),
        DisclosureType(
            "du-thao",
            "Lấy ý kiến dự thảo",
            "Dự thảo văn bản, đề án đang lấy ý kiến Nhân dân và kết quả tiếp thu.",
            Draft,
            "du-thao.md.j2",
            law_groups=(11,),
        ),
        DisclosureType(
            "ke-hoach",
            "Kế hoạch, chương trình",
            "Kế hoạch phát triển kinh tế - xã hội, chương trình công tác, chuyển đổi số, kết quả.",
            Plan,
            "ke-hoach.md.j2",
            law_groups=(1,),
        ),
        DisclosureType(
            "du-an",
            "Dự án đầu tư",
            "Dự án đầu tư công trên địa bàn xã: nguồn vốn, tiến độ, kết quả lựa chọn nhà thầu.",
            Project,
            "du-an.md.j2",
            law_groups=(3,),
        ),
        DisclosureType(
            "dan-chu",
            "Quy chế dân chủ, quy tắc ứng xử",
            "Quy chế thực hiện dân chủ ở cơ sở, nhiệm vụ của cán bộ, công chức và quy tắc ứng xử.",
            DemocracyRules,
            "dan-chu.md.j2",
            yearless=True,
            law_groups=(4,),
        ),
        DisclosureType(
            "dong-gop",
            "Quỹ, tài trợ, đóng góp",
            "Quản lý, sử dụng các quỹ, nguồn tài trợ và các khoản đóng góp của Nhân dân.",
            Fund,
            "dong-gop.md.j2",
            law_groups=(5,),
        ),
        DisclosureType(
            "tai-san-cong",
            "Tài sản công",
            "Đầu tư, mua sắm, sử dụng, cho thuê, thanh lý tài sản công do xã quản lý.",
            PublicAssets,
            "tai-san-cong.md.j2",
            law_groups=(6,),
        ),
        DisclosureType(
            "ho-tro",
            "Chính sách hỗ trợ, an sinh",
            "Tiêu chí, đối tượng, quy trình bình xét, kết quả trợ cấp, tín dụng, nhà ở, thẻ BHYT.",
            SupportPolicy,
            "ho-tro.md.j2",
            law_groups=(7,),
        ),
        DisclosureType(
            "cuu-tro",
            "Cứu trợ, ủng hộ",
            "Hỗ trợ khắc phục thiên tai, dịch bệnh và quản lý tiền, hàng ủng hộ.",
            Relief,
            "cuu-tro.md.j2",
            law_groups=(8,),
        ),
        DisclosureType(
            "nghia-vu-quan-su",
            "Gọi công dân nhập ngũ",
            "Chỉ tiêu, tiêu chuẩn và danh sách gọi công dân nhập ngũ, tham gia Công an nhân dân.",
            CallUp,
            "nghia-vu-quan-su.md.j2",
            law_groups=(9,),
        ),
        DisclosureType(
            "thanh-tra",
            "Thanh tra, kỷ luật, tín nhiệm",
            "Kết quả thanh tra, kiểm tra, xử lý vi phạm và kết quả lấy phiếu tín nhiệm.",
            Inspection,
            "thanh-tra.md.j2",
            law_groups=(10,),
        ),
        DisclosureType(
            "phi-le-phi",
            "Phí, lệ phí",
            "Đối tượng nộp, mức thu các khoản phí, lệ phí do UBND xã trực tiếp thu.",
            FeeSchedule,
            "phi-le-phi.md.j2",
            yearless=True,
            law_groups=(12,),
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
        DisclosureType(
            "tam-ngung",
            "Thông báo tạm ngừng cổng",
            "Thông báo trước lịch tạm ngừng cung cấp thông tin, dịch vụ trực tuyến của cổng.",
            Downtime,
            "tam-ngung.md.j2",
        ),
    )
}
