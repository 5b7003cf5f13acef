"""Find personal data before it is published: ID numbers, phone numbers, birth dates, accounts.

Every text field of every item is scanned, attachment file names included, with full-width digits
and signs read as the plain ones (NFKC). Fields the schema marks as official contacts (an
office's phone) are not scanned for phone numbers, the commune's own numbers and e-mail
addresses from site_config are always allowed (an office may have only a public-provider
mailbox), and a reviewed exception can be listed on the item (`privacy_allow`). Anything else
that looks like personal data stops the build: a leaked ID number on a government site cannot be
taken back.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from generator.diagnostics import Diagnostic, diagnostic
from generator.diagnostics.positions import FieldPath, format_path
from generator.types.common import OFFICIAL_CONTACT
from generator.types.record import Record
from generator.types.site import SiteConfig


@dataclass(frozen=True)
class Pattern:
    name: str
    regex: re.Pattern[str]
    hint: str
    phone: bool = False
    email: bool = False


_DIGIT_RUN = r"(?:[ .-]?\d)"
PATTERNS = [
    Pattern(
        "số điện thoại di động",
        re.compile(rf"(?<![\d+])(?:\+84 ?|84 ?|0)[35789]{_DIGIT_RUN}{{8}}(?!\d)"),
        "Không công khai số điện thoại của người dân; số của cơ quan thì ghi vào privacy_allow.",
        phone=True,
    ),
    Pattern(
        "số điện thoại cố định",
        re.compile(rf"(?<![\d+])(?:\+84 ?|0)2\d{_DIGIT_RUN}{{7,8}}(?!\d)"),
        "Không công khai số điện thoại của người dân; số của cơ quan thì ghi vào privacy_allow.",
        phone=True,
    ),
    Pattern(
        "số căn cước công dân (12 chữ số)",
        re.compile(r"(?<![\d.,])\d{12}(?![\d.,]?\d)"),
        "Không công khai số CCCD; xoá số này.",
    ),
    Pattern(
        "số chứng minh nhân dân (9 chữ số)",
        re.compile(r"(?<![\d.,])\d{9}(?![\d.,]?\d)"),
        "Không công khai số CMND; nếu đây là số tiền, viết có dấu chấm: 125.000.000.",
    ),
    Pattern(
        "ngày sinh",
        re.compile(
            r"(?i)(?:ngày sinh|sinh ngày|năm sinh|sinh năm|\bNS\b|\bSN\b)\s*:?\s*"
            r"(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*)?(?:19|20)\d{2}"
        ),
        "Không công khai ngày sinh của người dân.",
    ),
    Pattern(
        "số tài khoản ngân hàng",
        re.compile(
            r"(?i)(?:\bSTK\b|số tài khoản|tài khoản số|\bsố TK\b)\s*:?\s*\d(?:[ .-]?\d){5,}"
        ),
        "Không công khai số tài khoản của người dân.",
    ),
    Pattern(
        "địa chỉ thư điện tử cá nhân",
        re.compile(r"[\w.+-]+@(?![\w-]+(?:\.[\w-]+)*\.gov\.vn\b)[\w-]+(?:\.[\w-]+)+"),
        "Chỉ công khai thư điện tử công vụ (.gov.vn); xoá địa chỉ cá nhân.",
        email=True,
    ),
]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text).removeprefix("84")


def scan(record: Record, site: SiteConfig) -> Iterator[Diagnostic]:
    """Diagnostics for every piece of text in the item that looks like personal data."""
    texts: list[tuple[FieldPath, str, bool]] = []
    _suspect_texts(record.item, (), False, texts)
    if not texts:
        return
    allowed = {_folded(entry.text) for entry in record.item.privacy_allow}
    office_numbers: set[str] | None = None  # only when a phone number is found
    office_emails = {e.lower() for e in _site_emails(site)}
    for path, text, official in texts:
        reported: list[range] = []
        for pattern in PATTERNS:
            if pattern.phone and official:
                continue
            for match in pattern.regex.finditer(text):
                found = match.group(0)
                span = range(*match.span())
                # One finding per stretch of text: a phone number is not also an ID number.
                if any(span.start < r.stop and r.start < span.stop for r in reported):
                    continue
                reported.append(span)
                if found in allowed:
                    continue
                if pattern.phone:
                    if office_numbers is None:
                        office_numbers = {_digits(p) for p in _site_phones(site)}
                    if _digits(found) in office_numbers:
                        continue
                if pattern.email and found.lower() in office_emails:
                    continue
                yield diagnostic(
                    "CK130",
                    f"có vẻ là {pattern.name}: “{found}”",
                    record.source.name,
                    record.source.locate(path),
                    field=format_path(path),
                    hint=f"{pattern.hint} Nếu đã xem xét và được phép công khai, thêm vào "
                    f"`privacy_allow` của mục này: text, reason, reviewed_by.",
                )


def _site_phones(site: SiteConfig) -> list[str]:
    return [site.phone, *(c.phone for c in site.contacts if c.phone)]


def _site_emails(site: SiteConfig) -> list[str]:
    return [site.email, *(c.email for c in site.contacts if c.email)]


_CANDIDATE = re.compile(r"[0-9@]")
"""Every pattern needs a digit or an @: text without either is skipped (most of it)."""
_NINE_DIGITS = re.compile(r"\d(?:[ .-]?\d){8}")
"""What the phone and ID patterns all need: nine digits, a space, dot or dash allowed between."""
_YEAR_OR_SIX_DIGITS = re.compile(r"(?:19|20)\d\d|\d(?:[ .-]?\d){5}")
"""What the birth-date pattern (a year) or the account pattern (six digits) needs."""
_WORDS = ("sinh", "ns", "sn", "stk", "tài khoản", "số tk")
"""Each word of the birth-date and account patterns holds one of these, lower-cased."""
_CASE_ODD = frozenset("\u0130\u0131\u017f")
"""Letters that the patterns' case-insensitive matching takes for a letter of those words but
str.lower() does not turn into it (İ, ı, ſ); text holding one is scanned whatever its words."""


def _suspect(text: str) -> bool:
    """Whether any pattern could match `text`: each check below is something a pattern needs,
    and all of them cost less than the patterns (most text with digits holds only a year or an
    amount)."""
    if not _CANDIDATE.search(text):
        return False
    if "@" in text or _NINE_DIGITS.search(text):
        return True
    if not _YEAR_OR_SIX_DIGITS.search(text):
        return False
    if not _CASE_ODD.isdisjoint(text):
        return True
    lowered = text.lower()
    return any(word in lowered for word in _WORDS)


@functools.cache
def _scanned_fields(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """(field, holds an official contact) for each field scanned, once per model class."""
    fields = []
    for name, info in model.model_fields.items():
        if name == "privacy_allow":
            continue
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        fields.append((name, any(extra.get(key) for key in OFFICIAL_CONTACT)))
    return tuple(fields)


def _suspect_texts(
    value: Any, path: FieldPath, official: bool, out: list[tuple[FieldPath, str, bool]]
) -> None:
    """Append (path, text, in an official-contact field) for each text in `value` that some pattern
    could match (_suspect), in field order. Strings, the commonest value, are checked in the loop,
    and a path is built only for what is kept or walked into."""
    if isinstance(value, str):
        if _suspect(text := _folded(value)):
            out.append((path, text, official))
    elif isinstance(value, BaseModel):
        for name, official_field in _scanned_fields(type(value)):
            field = getattr(value, name)
            if isinstance(field, str):
                if _suspect(text := _folded(field)):
                    out.append(((*path, name), text, official_field))
            elif isinstance(field, BaseModel | list | tuple):
                _suspect_texts(field, (*path, name), official_field, out)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            if isinstance(item, str):
                if _suspect(text := _folded(item)):
                    out.append(((*path, index), text, official))
            elif isinstance(item, BaseModel | list | tuple):
                _suspect_texts(item, (*path, index), official, out)


def _folded(text: str) -> str:
    """`text` as the patterns read it: full-width digits and signs (`０９１２`, `＠`), typed with
    some phone and Asian keyboards, and other compatibility forms folded to the plain ones by
    NFKC. Without it a number in full-width digits would pass every pattern unseen."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)
