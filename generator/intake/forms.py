"""What a portal's form may send, checked field by field, with a message residents understand."""

from __future__ import annotations

import json
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass

from generator.intake.erasure import erase
from generator.intake.registry import RegisteredCommune, Registry
from generator.intake.store import NewQuestion, NewRating

HONEYPOT = "website"
"""A field hidden from people; only a robot fills it in."""

MAX_FIELDS = 20
TOPIC_MAX = 100
QUESTION_MIN, QUESTION_MAX = 10, 5000
NAME_MAX = 100
CONTACT_MAX = 200
COMMENT_MAX = 1000
PAGE_MAX = 300
_PAGE = re.compile(r"^(?:[a-z0-9][a-z0-9._-]*/)*(?:[a-z0-9][a-z0-9._-]*)?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
YES = {"co", "có", "1", "true", "on", "yes"}
NO = {"khong", "không", "0", "false", "no"}


@dataclass(frozen=True)
class Rejected(Exception):
    """A bad request: the HTTP status and what to tell the resident."""

    status: int
    message: str
    reason: str
    """A short English label for the metrics."""


def parse_body(body: bytes, content_type: str) -> dict[str, str]:
    media = content_type.split(";")[0].strip().lower()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Rejected(
            400, "Dữ liệu gửi lên không đọc được (không phải UTF-8).", "encoding"
        ) from None
    if media == "application/json":
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            # ValueError: bad syntax, or a number over 4,300 digits; RecursionError: nesting
            # deeper than the parser goes.
            raise Rejected(400, "Dữ liệu JSON gửi lên không đúng cú pháp.", "json") from None
        if not isinstance(data, dict) or len(data) > MAX_FIELDS:
            raise Rejected(400, "Dữ liệu JSON phải là một bảng các trường.", "json")
        values: dict[str, str] = {}
        for key, value in data.items():
            if not isinstance(value, str | int | float | bool | None):
                raise Rejected(
                    400, f"Trường `{_shown(key)}` phải là văn bản, không phải danh sách.", "json"
                )
            values[key] = "" if value is None else str(value)
        if any(_SURROGATE.search(part) for pair in values.items() for part in pair):
            # `\ud800` alone is valid JSON but no text: it cannot be stored or shown.
            raise Rejected(400, "Dữ liệu gửi lên có ký tự không hợp lệ.", "encoding")
        return values
    if media in ("application/x-www-form-urlencoded", ""):
        try:
            pairs = urllib.parse.parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS)
        except ValueError:
            raise Rejected(400, "Biểu mẫu gửi lên có quá nhiều trường.", "fields") from None
        fields: dict[str, str] = {}
        for key, value in pairs:
            fields.setdefault(key, value)
        return fields
    raise Rejected(
        415,
        "Định dạng dữ liệu không được hỗ trợ: hãy gửi biểu mẫu thông thường "
        "(application/x-www-form-urlencoded) hoặc JSON.",
        "media-type",
    )


def _shown(key: str) -> str:
    return _SURROGATE.sub("?", key)[:40]


def clean(value: str | None) -> str:
    """NFC text without control characters (line breaks kept), trimmed."""
    text = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def _text(fields: dict[str, str], name: str, label: str, maximum: int, minimum: int = 0) -> str:
    value = clean(fields.get(name))
    if minimum and len(value) < minimum:
        if not value:
            raise Rejected(400, f"Chưa nhập {label}.", f"missing-{name}")
        raise Rejected(400, f"{label.capitalize()} quá ngắn: cần ít nhất {minimum} ký tự.", name)
    if len(value) > maximum:
        raise Rejected(
            400,
            f"{label.capitalize()} quá dài: tối đa {maximum} ký tự (đang có {len(value)}).",
            name,
        )
    return value


def check_honeypot(fields: dict[str, str]) -> None:
    if fields.get(HONEYPOT, "").strip():
        raise Rejected(
            400,
            "Biểu mẫu có một ô ẩn đã được điền, nên bị coi là gửi tự động và không được nhận. "
            "Nếu bạn là người gửi, hãy tải lại trang và gửi lại.",
            "honeypot",
        )


def commune_of(fields: dict[str, str], registry: Registry) -> RegisteredCommune:
    code = clean(fields.get("commune"))
    if not code:
        raise Rejected(400, "Thiếu mã xã (trường `commune`) trong biểu mẫu.", "missing-commune")
    commune = registry.get(code)
    if commune is None:
        raise Rejected(
            400, f"Mã xã “{code[:40]}” không có trong danh sách xã của tỉnh.", "unknown-commune"
        )
    return commune


def page_of(fields: dict[str, str], required: bool) -> str:
    """The portal page, as its site-relative URL (`van-ban/2025/nq-12/`)."""
    page = clean(fields.get("page")).lstrip("/")
    if not page and required:
        raise Rejected(400, "Thiếu địa chỉ trang được đánh giá (trường `page`).", "missing-page")
    if len(page) > PAGE_MAX or not _PAGE.match(page) or ".." in page:
        raise Rejected(400, "Địa chỉ trang (trường `page`) không hợp lệ.", "page")
    return page


def question_from(fields: dict[str, str], commune: RegisteredCommune) -> NewQuestion:
    text = _text(fields, "question", "nội dung câu hỏi", QUESTION_MAX, QUESTION_MIN)
    topic = _text(fields, "topic", "lĩnh vực", TOPIC_MAX) or "Khác"
    name = _text(fields, "name", "họ tên", NAME_MAX) or None
    contact = _text(fields, "contact", "cách liên hệ", CONTACT_MAX) or None
    consent = clean(fields.get("consent")).lower() in YES
    if (name or contact) and not consent:
        raise Rejected(
            400,
            "Bạn đã ghi họ tên hoặc cách liên hệ nhưng chưa đánh dấu ô đồng ý cho UBND xã lưu "
            "các thông tin này. Hãy đánh dấu ô đồng ý, hoặc xoá họ tên và cách liên hệ để hỏi "
            "không ghi tên.",
            "consent",
        )
    return NewQuestion(commune.code, topic, text, name, contact, consent)


def rating_from(fields: dict[str, str], commune: RegisteredCommune) -> NewRating:
    page = page_of(fields, required=True)
    answer = clean(fields.get("useful")).lower()
    if answer not in YES | NO:
        raise Rejected(
            400, "Hãy chọn thông tin trên trang có hữu ích hay không (Có hoặc Không).", "useful"
        )
    comment = _text(fields, "comment", "góp ý", COMMENT_MAX) or None
    if comment is not None:
        # A rating is anonymous and its comment is read only as feedback: a phone or ID number
        # typed into it is never needed, so it is not kept (docs/tiep-nhan.md §5).
        erased = erase(comment)
        comment = erased.text if erased.changed else comment
    return NewRating(commune.code, page, answer in YES, comment)
