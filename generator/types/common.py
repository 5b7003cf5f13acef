"""Field types and the base model shared by every disclosure type."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict

from generator.diagnostics.positions import FieldPath
from generator.vn import phone
from generator.vn.formatting import vn_date

# Strict: YAML already turns 2025-01-15 into a date; a quoted or differently written date must be
# an error rather than silently parsed (pydantic would read 20250115 as a Unix timestamp).
Date = Annotated[dt.date, Strict()]
Year = Annotated[int, Strict(), Field(ge=2000, le=2100)]
# Whole đồng, never floats: `1.250` in YAML is the float 1.25, not one thousand two hundred fifty.
Amount = Annotated[int, Strict(), Field(ge=0)]
MAX_SLUG = 100
"""A slug is the last part of a page's address and the name of its folder in site/."""
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=MAX_SLUG)]
Text = Annotated[str, Field(min_length=1)]
MAX_NAME = 200
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
"""A person's or a village's name: it heads a table row, names a feed (a village's) and its
folder, so it is as short as names are."""
RESERVED_SLUGS = frozenset({"index"})
"""Slugs a page of the portal's own already has: `index` is each folder's (or year's) listing."""


_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _email(value: str) -> str:
    if len(value) > 254 or not _EMAIL.fullmatch(value):
        raise ValueError("không phải địa chỉ thư điện tử (dạng ten@xa.gov.vn)")
    return value


Email = Annotated[
    str, Field(min_length=1, json_schema_extra={"format": "email"}), AfterValidator(_email)
]
"""One e-mail address, nothing else: it is printed in a mailto: link on every page."""


def _phone(value: str) -> str:
    if not phone.has_phone_number(value):
        raise ValueError(
            "không có số điện thoại đầy đủ: số cố định gồm mã vùng (ví dụ 0229 3861 245), số di "
            "động 10 chữ số (ví dụ 0912 345 678)"
        )
    return value


Phone = Annotated[
    str,
    Field(
        min_length=1,
        examples=[phone.EXAMPLE],
        json_schema_extra={"pattern": phone.SCHEMA_PATTERN},
    ),
    AfterValidator(_phone),
]
"""An office's phone, dialled from every page: at least one whole number, words allowed beside
it ("0229 3861 245 (máy lẻ 12)")."""


class StrictModel(BaseModel):
    """A model that rejects unknown fields and takes its field descriptions from docstrings."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        use_attribute_docstrings=True,
        frozen=True,
    )


@dataclass(frozen=True)
class Problem:
    """A cross-field inconsistency found after the schema passed."""

    code: str
    path: FieldPath
    message: str
    hint: str | None = None


class Attachment(StrictModel):
    """Một tệp đính kèm (PDF, ảnh, bảng tính) đặt trong thư mục content/files/. Chữ bên trong
    bảng tính, văn bản Word, PDF có lớp chữ cũng được kiểm tra thông tin cá nhân (PDF bản scan,
    ảnh thì không)."""

    file: Text
    """Đường dẫn tệp tính từ content/files/, ví dụ `ngan-sach/2025/du-toan.pdf`."""
    title: Text
    """Tên tệp hiển thị cho người dân, ví dụ "Quyết định phê duyệt dự toán (bản scan)"."""


class Image(StrictModel):
    """Một hình ảnh (bản đồ, sơ đồ) đặt trong content/files/, có mô tả cho người khiếm thị."""

    file: Text
    """Đường dẫn tệp ảnh tính từ content/files/, ví dụ `dat-dai/ban-do-2030.png`."""
    alt: Annotated[str, Field(min_length=10)]
    """Mô tả nội dung ảnh bằng lời (cho người dùng trình đọc màn hình), ít nhất 10 ký tự."""
    title: Text | None = None
    """Chú thích hiện dưới ảnh."""


OFFICIAL_CONTACT = {"x-official-contact": True}
"""Field marker: an office's public phone or e-mail, published on purpose (not a leak)."""
RESIDENT_LISTS = frozenset({"ho-ngheo", "nghia-vu-quan-su"})
"""Types whose items list residents by name (households, conscripts): their pages ask search
engines not to index or keep them."""
PERSONAL_DATA = {"x-personal-data": True}
"""Field marker: a resident's personal data, published only where the law requires it."""


class PrivacyException(StrictModel):
    """Một đoạn văn bản trông như thông tin cá nhân nhưng đã được xem xét và cho phép công khai."""

    text: Text
    """Đúng đoạn văn bản được phép, ví dụ "0229 3861 246"."""
    reason: Text
    """Lý do được công khai, ví dụ "Số điện thoại của bộ phận một cửa"."""
    reviewed_by: Text
    """Người đã xem xét (họ tên, chức vụ)."""


class Official(StrictModel):
    """Một cán bộ, công chức (thông tin liên hệ công vụ)."""

    name: Text
    """Họ và tên."""
    title: Text
    """Chức vụ, ví dụ "Chủ tịch UBND xã"."""
    title_en: Text | None = None
    """Chức vụ bằng tiếng Anh, cho trang /en/, ví dụ "Chairman of the People's Committee"."""
    phone: Phone | None = Field(default=None, json_schema_extra=OFFICIAL_CONTACT)
    """Số điện thoại công vụ."""
    email: Email | None = Field(default=None, json_schema_extra=OFFICIAL_CONTACT)
    """Thư điện tử công vụ."""


class Decision(StrictModel):
    """Văn bản (quyết định, nghị quyết) phê duyệt nội dung được công khai."""

    number: Text | None = None
    """Số, ký hiệu văn bản, ví dụ `45/NQ-HĐND`; để trống nếu văn bản được đăng không ghi số
    (nhiều nghị quyết HĐND xã được đưa tin không kèm số)."""
    date: Date
    """Ngày ban hành văn bản (YYYY-MM-DD)."""
    issuer: Text
    """Cơ quan ban hành, ví dụ "HĐND xã Tân Hòa"."""

    def identity(self) -> str:
        """`Số 45/NQ-HĐND ngày 14/09/2023 của HĐND xã Tân Hòa`, or without a number as
        published: `Ngày 14/09/2023 của HĐND xã Tân Hòa`."""
        dated = f"ngày {vn_date(self.date)} của {self.issuer}"
        return f"Số {self.number} {dated}" if self.number else dated[0].upper() + dated[1:]


DOC_KINDS = {
    "thong-bao": "Thông báo",
    "quyet-dinh": "Quyết định",
    "nghi-quyet": "Nghị quyết",
    "ke-hoach": "Kế hoạch",
    "bao-cao": "Báo cáo",
    "bien-ban": "Biên bản",
    "to-trinh": "Tờ trình",
    "cong-van": "Công văn",
    "phuong-an": "Phương án",
    "chi-thi": "Chỉ thị",
    "huong-dan": "Hướng dẫn",
    "quy-che": "Quy chế",
    "bai-viet": "Bài viết, tin",
    "khac": "Văn bản khác",
}

DocKind = Literal[
    "thong-bao", "quyet-dinh", "nghi-quyet", "ke-hoach", "bao-cao", "bien-ban", "to-trinh",
    "cong-van", "phuong-an", "chi-thi", "huong-dan", "quy-che", "bai-viet", "khac",
]  # fmt: skip


class SignedDocument(StrictModel):
    """Văn bản đã ký mà mục công khai đăng lại: loại, số, ngày, cơ quan ban hành, người ký.

    Chỉ `kind` là bắt buộc; ghi những gì có trên văn bản (nhiều bài đăng của xã không có số)."""

    kind: DocKind
    """Loại văn bản: thong-bao, quyet-dinh, nghi-quyet, ke-hoach, bao-cao, bien-ban, to-trinh,
    cong-van, phuong-an, chi-thi, huong-dan, quy-che, bai-viet (tin, bài không có số), khac."""
    number: Text | None = None
    """Số, ký hiệu, ví dụ `566/TB-UBND`."""
    date: Date | None = None
    """Ngày ký, ban hành (YYYY-MM-DD)."""
    issuer: Text | None = None
    """Cơ quan ban hành, ví dụ "UBND xã Cẩm Duệ"."""
    signer: Text | None = None
    """Người ký (họ tên, chức vụ), ví dụ "Nguyễn Văn A, Phó Chủ tịch"; với tin, bài
    (`bai-viet`) là tác giả, và trang ghi "Tác giả"."""
    subject: Text | None = None
    """Trích yếu, ví dụ "Về việc niêm yết công khai danh sách hộ nghèo, hộ cận nghèo năm 2022"."""

    @property
    def kind_title(self) -> str:
        return DOC_KINDS[self.kind]

    @property
    def signer_label(self) -> str:
        """A news article is not signed: the name under it is its author's."""
        return "Tác giả" if self.kind == "bai-viet" else "Người ký"

    def identity(self) -> str:
        """The way a Vietnamese text cites it: `Thông báo số 566/TB-UBND ngày 24/10/2022 của
        UBND xã Cẩm Duệ` (the parts the document has)."""
        parts = [self.kind_title]
        if self.number:
            parts.append(f"số {self.number}")
        if self.date:
            parts.append(f"ngày {vn_date(self.date)}")
        if self.issuer:
            parts.append(f"của {self.issuer}")
        return " ".join(parts)


class Disclosure(StrictModel):
    """Các trường chung của mọi mục công khai."""

    # The type's own fields an item needs when it does not publish a signed document (`signed`)
    # or a body of its own: with the document, a clerk publishes today and adds the figures later.
    needs_without_document: ClassVar[tuple[str, ...]] = ()
    # The type's own fields are the signed document's identity (van-ban): no `signed` block.
    own_identity: ClassVar[bool] = False

    title: Text
    """Tiêu đề hiển thị của mục công khai."""
    published: Date
    """Ngày đăng lên cổng (YYYY-MM-DD). Dùng để kiểm tra đúng hạn và cho nguồn tin RSS."""
    updated: Date | None = None
    """Ngày cập nhật gần nhất, nếu nội dung đã được sửa sau khi đăng."""
    change_note: Text | None = None
    """Ghi chú nội dung thay đổi; bắt buộc khi có `updated`."""
    correction_requested: Date | None = None
    """Ngày nhận kiến nghị đính chính thông tin đã công khai (trả lời trong 10 ngày)."""
    summary: Text | None = None
    """Tóm tắt ngắn (một hai câu) hiện ở danh sách và trang chủ."""
    slug: Slug | None = None
    """Phần cuối địa chỉ trang (chữ thường không dấu, gạch ngang); mặc định lấy từ tên tệp."""
    signed: SignedDocument | None = None
    """Văn bản đã ký được đăng (thông báo, quyết định, nghị quyết...): loại, số, ngày, cơ quan
    ban hành, người ký. Có văn bản và tệp đính kèm là đủ để đăng; số liệu chi tiết ghi thêm sau."""
    attachments: list[Attachment] = []
    """Các tệp đính kèm: bản ký, bản scan, danh sách, bảng tính (PDF, ảnh, Excel)."""
    body: Text | None = None
    """Nội dung văn bản hoặc bài đăng, viết bằng Markdown (mỗi dòng trống tách một đoạn)."""
    unpublish_after: Date | None = None
    """Sau ngày này mục được gỡ khỏi cổng, nguồn tin và dữ liệu mở (vẫn giữ trong kho dữ liệu)."""
    privacy_allow: list[PrivacyException] = []
    """Những đoạn (trong nội dung hoặc trong tệp đính kèm) trông như thông tin cá nhân nhưng đã
    được xem xét và cho phép công khai."""
    example: bool = False
    """Mục ví dụ do `congkhai init` tạo, không phải nội dung thật: hiện kèm khung "Nội dung ví
    dụ", không được tính khi kiểm tra mức độ công khai, và `congkhai build --strict` không xuất
    bản khi còn. Xoá mọi mục ví dụ: `congkhai examples remove`."""

    def withdrawn(self, as_of: dt.date) -> bool:
        """Whether the item has been taken down by `as_of` (it stays in the repository)."""
        return self.unpublish_after is not None and as_of > self.unpublish_after

    def period_year(self) -> int:
        """The year that groups the item in listings and URLs."""
        return self.published.year

    @property
    def last_modified(self) -> dt.date:
        return self.updated or self.published

    def files(self) -> Iterator[tuple[FieldPath, str]]:
        """Every file the item refers to, with its field path (checked to exist)."""
        for index, attachment in enumerate(self.attachments):
            yield ("attachments", index, "file"), attachment.file

    def references(self) -> Iterator[tuple[FieldPath, str]]:
        """Links to other items, as their URL (`van-ban/2025/nq-12/`); checked to resolve."""
        return iter(())

    def has_document(self) -> bool:
        """Whether the item publishes a signed document or a text of its own."""
        return self.signed_document() is not None or self.body is not None

    def publishes_document(self) -> bool:
        """Whether the item publishes the document as the commune signed it: its identity, its
        text, or its file. That is enough to publish; the structured figures come later."""
        return self.has_document() or bool(self.attachments)

    def signed_document(self) -> SignedDocument | None:
        """The signed document the item publishes, shown first on its page."""
        return self.signed

    def listing_group(self) -> str:
        """Heading the item is listed under on its type page when the type has no years."""
        return ""

    def listing_note(self) -> str | None:
        """A short label shown next to the item in listings (phase, topic, posting period)."""
        return None

    def default_slug(self, stem: str) -> str:
        """Slug used when the file does not set one: the file name without a leading year."""
        from generator.vn.text import slugify

        slug = slugify(stem)
        prefix = f"{self.period_year()}-"
        return slug[len(prefix) :] if slug.startswith(prefix) and len(slug) > len(prefix) else slug

    def problems(self) -> Iterator[Problem]:
        """Cross-field checks the schema cannot express; each type extends this."""
        if self.updated and self.updated < self.published:
            yield Problem("CK111", ("updated",), "ngày cập nhật trước ngày đăng")
        if self.change_note and not self.updated:
            yield Problem(
                "CK114",
                ("change_note",),
                "có ghi chú thay đổi nhưng thiếu ngày cập nhật `updated`",
                "Thêm `updated: YYYY-MM-DD` là ngày sửa nội dung.",
            )
        if not self.publishes_document():
            for name in self.needs_without_document:
                if getattr(self, name) in (None, [], ""):
                    yield Problem(
                        "CK101",
                        (name,),
                        f"thiếu trường `{name}`",
                        f"Ghi `{name}`, hoặc đăng văn bản đã ký: `signed:` (loại, số, ngày, cơ "
                        "quan ban hành) kèm `attachments:`, rồi bổ sung số liệu sau.",
                    )
        signed = self.signed_document()
        if signed and signed.date and signed.date > self.published:
            yield Problem(
                "CK111",
                ("signed", "date"),
                "ngày ký văn bản sau ngày đăng lên cổng",
                "Kiểm tra lại ngày ký `signed.date` và ngày đăng `published`.",
            )
        if self.updated and not self.change_note:
            yield Problem(
                "CK114",
                ("updated",),
                "có ngày cập nhật nhưng thiếu ghi chú thay đổi `change_note`",
                "Thêm `change_note:` nói ngắn gọn đã sửa gì, để người dân biết.",
            )
