"""Personal data inside an item's attachments: the cells, paragraphs and pages the load stage
read (load/attachment_text.py), scanned with the patterns of validate/privacy.py.

The rules are those of the item's own text: an ID number (CCCD, CMND, passport, insurance)
always stops the build; anything else can be let through by the item's `privacy_allow`, and the
commune's own phone numbers and e-mail addresses from site_config always are. A signed budget's
tables list amounts grouped in thousands without a unit (`162.345.678`): outside a list of
residents (households, conscripts) they are amounts, not CMND numbers. A cell is read with its
column's heading (`Số CCCD`, `Ngày sinh`), as a resident reads it: a bare date under `Ngày sinh`
is a birth date. Each attachment gives one finding per kind of data, at its first place, with
how many places more.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from generator.diagnostics import Diagnostic
from generator.diagnostics.positions import FieldPath
from generator.load.attachment_text import AttachmentText, Chunk
from generator.types.common import RESIDENT_LISTS
from generator.types.record import Record
from generator.types.site import SiteConfig
from generator.validate.privacy import OfficeContacts, Pattern, fold, matches


@dataclass
class _Finding:
    pattern: Pattern
    where: str
    shown: str
    count: int = 1


def scan_attachments(
    record: Record, site: SiteConfig, texts: Mapping[str, AttachmentText]
) -> Iterator[Diagnostic]:
    """Diagnostics for personal data inside the item's attachments, and for an attachment whose
    text could not be read (a warning: it is published unchecked)."""
    allowed = {fold(entry.text) for entry in record.item.privacy_allow}
    resident_list = record.kind.folder in RESIDENT_LISTS
    office = OfficeContacts(site)
    for at, name in record.item.files():
        text = texts.get(posixpath.normpath(name))
        if text is None:
            continue
        if text.problem or text.truncated:
            yield _unchecked(record, at, name, text)
        findings = _findings(text.chunks, allowed, resident_list, office)
        for finding in findings.values():
            yield _diagnostic(record, at, name, finding)


def _findings(
    chunks: list[Chunk], allowed: set[str], resident_list: bool, office: OfficeContacts
) -> dict[str, _Finding]:
    """The first place of each kind of personal data in the chunks, with how many there are."""
    found: dict[str, _Finding] = {}
    for chunk in chunks:
        for pattern, shown, before in _matches(chunk):
            if not resident_list and _amount_in_a_table(pattern, shown, before):
                continue
            never = pattern.identity  # as for the item's text: no privacy_allow
            if not never and (fold(shown) in allowed or office.owns(pattern, shown)):
                continue
            kept = found.get(pattern.name)
            if kept is None:
                found[pattern.name] = _Finding(pattern, chunk.where, shown)
            else:
                kept.count += 1
    return found


def _matches(chunk: Chunk) -> Iterator[tuple[Pattern, str, str]]:
    """(pattern, text found, the text just before it) in a chunk read after its column's
    heading: `Số CCCD: 0123…`. A match inside the heading alone is the heading's own cell's,
    found there."""
    if not _may_hold_personal_data(chunk.text):
        return
    prefix = f"{chunk.label}: " if chunk.label else ""
    combined = prefix + chunk.text
    normal = unicodedata.normalize("NFKC", combined)
    offset = len(unicodedata.normalize("NFKC", prefix))
    for pattern, start, end in matches(combined):
        if end <= offset:
            continue
        yield pattern, normal[max(start, offset) : end].strip(), normal[max(0, start - 24) : start]


def _may_hold_personal_data(text: str) -> bool:
    """Whether any pattern could find something in `text`: each needs a year or a longer number
    (four digits at least), or an e-mail's `@` (or `at`). Most cells of a list (a row number, a
    name, a village, a count) have neither, and are not scanned: a list has thousands."""
    return _FOUR_DIGITS.search(text) is not None or _AT.search(text) is not None


_FOUR_DIGITS = re.compile(r"\d(?:\D*\d){3}")
_AT = re.compile(r"(?i)[@＠]|at")


_GROUPED = re.compile(r"[1-9]\d{0,2}([.,])\d{3}(?:\1\d{3})+")
_ID_WORDS = re.compile(r"(?i)cccd|cmnd|can cuoc|chung minh|dinh danh|ho chieu")


def _amount_in_a_table(pattern: Pattern, shown: str, before: str) -> bool:
    """A number grouped in thousands (`162.345.678`) is an amount: a signed budget or a
    report lists hundreds of them in its tables, with the unit once in the heading (`Đơn vị:
    đồng`), and the attachment is published as signed. A resident's ID number is not written so
    (a CCCD starts with 0), unless an ID word is just before it."""
    return (
        pattern.identity
        and _GROUPED.fullmatch(shown) is not None
        and not _ID_WORDS.search(fold(before))
    )


def _diagnostic(record: Record, at: FieldPath, name: str, finding: _Finding) -> Diagnostic:
    more = f" (và {finding.count - 1} chỗ khác)" if finding.count > 1 else ""
    pattern = finding.pattern
    if pattern.identity:
        hint = (
            "Không bao giờ công khai số CCCD, CMND, hộ chiếu, BHXH, BHYT của người dân "
            "(privacy_allow không áp dụng): xoá cột số giấy tờ trong tệp (hoặc xuất lại danh "
            "sách không có cột này), chỉ giữ họ tên và thôn, rồi đặt lại tệp vào content/files/."
        )
    else:
        hint = (
            f"{pattern.hint} Sửa trong tệp đính kèm (xoá cột hoặc đoạn đó, hoặc xuất lại tệp "
            f"không có nó) rồi đặt lại vào content/files/. Nếu đã xem xét và được phép công "
            f"khai, thêm vào `privacy_allow` của mục này: text, reason, reviewed_by."
        )
    return record.source.at(
        at,
        "CK130",
        f"tệp đính kèm `{name}`, {finding.where}: có vẻ là {pattern.name}: “{finding.shown}”{more}",
        hint,
    )


def _unchecked(record: Record, at: FieldPath, name: str, text: AttachmentText) -> Diagnostic:
    if text.problem:
        message = f"không kiểm tra được thông tin cá nhân trong tệp đính kèm `{name}`: "
        message += text.problem
        hint = (
            "Mở tệp bằng Excel, Word hoặc trình đọc PDF kiểm tra lại; lưu lại đúng định dạng "
            "(không đặt mật khẩu) rồi đặt vào content/files/. Tệp hỏng thì người dân cũng không "
            "mở được; tệp vẫn được đăng như hiện có."
        )
    else:
        message = f"tệp đính kèm `{name}` lớn, chỉ kiểm tra được thông tin cá nhân ở phần đầu tệp"
        hint = (
            "Tự rà soát phần còn lại của tệp (số CCCD, điện thoại, ngày sinh), hoặc tách thành "
            "các tệp nhỏ hơn."
        )
    return record.source.at(
        at,
        "CK208",
        message,
        hint,
    )
