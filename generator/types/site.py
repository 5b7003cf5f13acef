"""site_config/site.yaml: the commune's identity, shown on every page and in every feed."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, HttpUrl, model_validator

from generator.types.common import OFFICIAL_CONTACT, Date, Email, Phone, StrictModel, Text
from generator.types.plan import DisclosurePlan


class Contact(StrictModel):
    """Một đầu mối liên hệ."""

    role: Text
    """Chức danh hoặc bộ phận, ví dụ "Bộ phận tiếp nhận và trả kết quả"."""
    name: Text | None = None
    """Họ tên (nếu công khai)."""
    phone: Phone | None = Field(default=None, json_schema_extra=OFFICIAL_CONTACT)
    """Số điện thoại cơ quan."""
    email: Email | None = Field(default=None, json_schema_extra=OFFICIAL_CONTACT)
    """Thư điện tử công vụ."""


class Link(StrictModel):
    """Liên kết đến một cổng thông tin khác của Nhà nước."""

    title: Text
    """Tên hiển thị, ví dụ "Cổng Dịch vụ công quốc gia"."""
    url: HttpUrl
    """Địa chỉ đầy đủ, bắt đầu bằng https://."""


class InfoDocument(StrictModel):
    """Một mẫu phiếu hoặc văn bản hướng dẫn: tệp trong content/files/ hoặc địa chỉ web."""

    title: Text
    """Tên hiển thị, ví dụ "Phiếu yêu cầu cung cấp thông tin (Mẫu số 01)"."""
    file: Text | None = None
    """Đường dẫn tệp tính từ content/files/, ví dụ `tiep-can-thong-tin/mau-01.pdf`."""
    url: HttpUrl | None = None
    """Hoặc địa chỉ web đầy đủ của tệp."""

    @model_validator(mode="after")
    def _file_or_url(self) -> InfoDocument:
        if (self.file is None) == (self.url is None):
            raise ValueError("ghi đúng một trong hai: file hoặc url")
        return self


class InfoAccess(StrictModel):
    """Chuyên mục "Tiếp cận thông tin" (Luật Tiếp cận thông tin Điều 19, NĐ 13/2018 Điều 11)."""

    focal_point: Contact | None = None
    """Đầu mối cung cấp thông tin; để trống thì lấy `info_focal_point` của trang tổ chức."""
    request_email: Email | None = Field(default=None, json_schema_extra=OFFICIAL_CONTACT)
    """Thư điện tử nhận yêu cầu cung cấp thông tin và phản ánh, khiếu nại về tiếp cận thông tin."""
    request_url: HttpUrl | None = None
    """Trang nhận yêu cầu cung cấp thông tin trực tuyến, nếu có."""
    forms: list[InfoDocument] = []
    """Mẫu phiếu yêu cầu cung cấp thông tin."""
    guides: list[InfoDocument] = []
    """Văn bản hướng dẫn người yêu cầu cung cấp thông tin."""
    download_url: HttpUrl | None = None
    """Địa chỉ tải thông tin (cổng dữ liệu), nếu có."""


class IntakeService(StrictModel):
    """Dịch vụ tiếp nhận câu hỏi và đánh giá trang do tỉnh vận hành (`congkhai intake serve`)."""

    url: HttpUrl
    """Địa chỉ của dịch vụ, ví dụ https://tiepnhan.ninhbinh.gov.vn/."""
    commune_code: Annotated[str, Field(pattern=r"^\d{5}$")]
    """Mã đơn vị hành chính cấp xã (5 chữ số, ghi trong ngoặc kép), ví dụ "14464"."""

    def endpoint(self, name: str) -> str:
        """`cau-hoi` -> https://tiepnhan.ninhbinh.gov.vn/cau-hoi"""
        return f"{str(self.url).rstrip('/')}/{name}"


class SiteConfig(StrictModel):
    """Thông tin về xã và cơ quan chủ quản cổng thông tin."""

    commune: Text
    """Tên xã, phường, đặc khu, ví dụ "Xã Tân Hòa"."""
    province: Text
    """Tên tỉnh, thành phố, ví dụ "Tỉnh Ninh Bình"."""
    agency: Text
    """Cơ quan chủ quản cổng, ví dụ "Ủy ban nhân dân xã Tân Hòa"."""
    address: Text
    """Địa chỉ trụ sở."""
    phone: Phone = Field(json_schema_extra=OFFICIAL_CONTACT)
    """Số điện thoại của văn phòng."""
    email: Email = Field(json_schema_extra=OFFICIAL_CONTACT)
    """Thư điện tử của văn phòng."""
    office_hours: Text | None = None
    """Giờ làm việc, tiếp dân của trụ sở và bộ phận một cửa, ví dụ "Sáng 7 giờ 30 – 11 giờ 30,
    chiều 13 giờ 30 – 17 giờ, thứ Hai đến thứ Sáu"; hiện ở trang Hỏi đáp."""
    site_url: HttpUrl | None = None
    """Địa chỉ của cổng khi đã xuất bản, ví dụ https://tanhoa.ninhbinh.gov.vn/."""
    responsible: Text | None = None
    """Người chịu trách nhiệm nội dung cổng (họ tên, chức vụ)."""
    contacts: list[Contact] = []
    """Các đầu mối liên hệ khác."""
    links: list[Link] = []
    """Liên kết đến các cổng thông tin khác của Nhà nước."""
    feedback_url: HttpUrl | None = None
    """Hệ thống tiếp nhận phản ánh, kiến nghị của tỉnh (nếu có), hiện ở trang Hỏi đáp."""
    question_endpoint: HttpUrl | None = None
    """Địa chỉ nhận câu hỏi gửi từ biểu mẫu trên cổng; để trống (và không có dịch vụ tiếp nhận)
    thì trang Hỏi đáp không có biểu mẫu mà hướng dẫn gọi điện, gửi thư điện tử hoặc đến trụ sở."""
    intake: IntakeService | None = None
    """Dịch vụ tiếp nhận của tỉnh: có thì trang Hỏi đáp nhận câu hỏi và mỗi trang có ô đánh giá."""
    qa_answer_working_days: Annotated[int, Field(ge=1, le=60)] = 15
    """Số ngày làm việc UBND xã tự đặt để trả lời câu hỏi (quy chế nội bộ, không phải luật)."""
    info_access: InfoAccess | None = None
    """Chuyên mục tiếp cận thông tin: đầu mối, nơi nhận yêu cầu, mẫu phiếu, hướng dẫn."""
    parent_portal: HttpUrl | None = None
    """Cổng thông tin điện tử của tỉnh mà cổng của xã là thành phần (từ 01/07/2026)."""
    compliance_from: Date | None = None
    """Ngày bắt đầu tự kiểm tra mức độ công khai; mặc định là ngày đăng sớm nhất."""
    state_audit: bool = False
    """Xã có kiến nghị của Kiểm toán nhà nước phải công khai kết quả thực hiện."""
    has_dx_plan: bool = False
    """Không còn dùng: quy tắc công khai kế hoạch chuyển đổi số áp dụng khi xã đăng kế hoạch
    (`ke-hoach` với `plan_kind: chuyen-doi-so`); giữ để tệp cũ vẫn đọc được."""
    commune_radio: bool = False
    """Xã có hệ thống loa truyền thanh (nội dung nhóm 7–12 của Luật 10/2022 Điều 11 phải được
    thông báo trên loa ít nhất 3 ngày liên tục)."""
    disclosure_plans: list[DisclosurePlan] = []
    """Kế hoạch công khai hằng năm (Luật 10/2022 Điều 14); thường ghi trong tệp riêng
    site_config/ke-hoach-cong-khai.yaml, được đọc cùng tệp này."""

    @property
    def site_name(self) -> str:
        return f"Cổng thông tin công khai {self.commune}"

    def files(self) -> list[str]:
        """Files under content/files/ that the site's own pages link to."""
        if self.info_access is None:
            return []
        documents = [*self.info_access.forms, *self.info_access.guides]
        return [document.file for document in documents if document.file]
