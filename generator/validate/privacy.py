"""Find personal data before it is published: ID numbers, phone numbers, birth dates, accounts.

Every text field of every item and of the site config is scanned, attachment file names
included, as a clerk might have typed it: full-width digits and signs read as the plain ones
(NFKC), zero-width and direction-control characters dropped, tone marks folded (`ngay sinh` is
`ngày sinh`), digits grouped with spaces, dots, dashes, underscores or slashes, a phone's prefix
in brackets, `(at)` for `@`. Fields the schema marks as official contacts (an office's phone) are
not scanned for phone numbers, the commune's own numbers and e-mail addresses from site_config
are always allowed (an office may have only a public-provider mailbox), and a reviewed exception
can be listed on the item (`privacy_allow`), except for ID numbers in a list of residents
(households, conscripts): those are never published. Anything else that looks like personal data
stops the build: a leaked ID number on a government site cannot be taken back.
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
from generator.diagnostics.positions import FieldPath, SourceFile, format_path
from generator.types.common import OFFICIAL_CONTACT, RESIDENT_LISTS
from generator.types.record import Record
from generator.types.site import SiteConfig


@dataclass(frozen=True)
class Pattern:
    name: str
    regex: re.Pattern[str]
    hint: str
    phone: bool = False
    identity: bool = False
    """An ID number (CCCD, CMND): never allowed in a list of residents."""
    email: bool = False


_PHONE_SEP = r"[ .\-_/)]{0,2}"
"""Between a phone's digits: nothing, or a space, dot, dash, underscore, slash, closing bracket
(`(0229) 3861 999`), or two of them."""
_ID_SEP = r"[ .\-_]?"
_NOT_AFTER_DIGIT = r"(?<![\d+])(?<!\d[ .\-_/,])"
_NOT_BEFORE_DIGIT = r"(?![ .\-_/,]?\d)"
_PHONE_PREFIX = r"(?:\(\s*\+?84\s*\)\s*|\+?84[ .\-_]?|\(?0)"
_BANKS = (
    r"agribank|vietcombank|vcb|vietinbank|bidv|techcombank|tcb|mb ?bank|mb|vpbank|acb|sacombank|"
    r"tpbank|vib|shb|hdbank|ocb|msb|seabank|lienvietpostbank|lpbank|eximbank|scb|abbank|"
    r"bac ?a ?bank|nam ?a ?bank|kienlongbank|pvcombank|baovietbank|viet ?a ?bank|oceanbank|"
    r"ngan hang(?: [a-z]+){1,4}?"
)
_PHONE_HINT = (
    "Không công khai số điện thoại của người dân; số của cơ quan thì ghi vào privacy_allow."
)
PATTERNS = [
    Pattern(
        "số điện thoại di động",
        re.compile(
            rf"{_NOT_AFTER_DIGIT}{_PHONE_PREFIX}[35789](?:{_PHONE_SEP}\d){{8}}"
            rf"{_NOT_BEFORE_DIGIT}"
        ),
        _PHONE_HINT,
        phone=True,
    ),
    Pattern(
        "số điện thoại cố định",
        re.compile(
            rf"{_NOT_AFTER_DIGIT}{_PHONE_PREFIX}2\d(?:{_PHONE_SEP}\d){{7,8}}"
            rf"{_NOT_BEFORE_DIGIT}"
        ),
        _PHONE_HINT,
        phone=True,
    ),
    Pattern(
        "số căn cước công dân (12 chữ số)",
        re.compile(rf"{_NOT_AFTER_DIGIT}\d(?:{_ID_SEP}\d){{11}}{_NOT_BEFORE_DIGIT}"),
        "Không công khai số CCCD; xoá số này.",
        identity=True,
    ),
    Pattern(
        "số chứng minh nhân dân (9 chữ số)",
        re.compile(rf"{_NOT_AFTER_DIGIT}\d(?:{_ID_SEP}\d){{8}}{_NOT_BEFORE_DIGIT}"),
        "Không công khai số CMND; nếu đây là số tiền, viết có dấu chấm và đơn vị: "
        "125.000.000 đồng.",
        identity=True,
    ),
    Pattern(
        "ngày sinh",
        re.compile(
            r"(?i)(?:ngay ?sinh|sinh ?ngay|nam ?sinh|sinh ?nam|\bNS\b|\bSN\b)\s*:?\s*(?:ngay\s*)?"
            r"(?:\d{1,2}\s*(?:[/.-]|thang)\s*\d{1,2}\s*,?\s*(?:[/.-]|nam)\s*)?(?:19|20)\d{2}"
        ),
        "Không công khai ngày sinh của người dân.",
    ),
    Pattern(
        "số tài khoản ngân hàng",
        re.compile(
            rf"(?i)(?:\bSTK\b|\bso tai khoan\b|\btai khoan\b(?: so\b)?|\bso TK\b|\bTK\b|"
            rf"\b(?:{_BANKS})\b)(?:\s*(?:-|:|tai|so)?\s*\b(?:{_BANKS})\b)?\s*(?:-|:|so)?\s*"
            rf"\d(?:[ .\-_]?\d){{5,}}"
        ),
        "Không công khai số tài khoản của người dân.",
    ),
    Pattern(
        "địa chỉ thư điện tử cá nhân",
        re.compile(
            r"(?i)[\w.+-]+\s*(?:@|[(\[{]\s*at\s*[)\]}])\s*"
            r"(?![\w-]+(?:\.[\w-]+)*\.gov\.vn\b)"
            r"[\w-]+(?:(?:\.|\s*[(\[{]\s*dot\s*[)\]}]\s*)[\w-]+)+"
        ),
        "Chỉ công khai thư điện tử công vụ (.gov.vn); xoá địa chỉ cá nhân.",
        email=True,
    ),
]


_ID_WORDS = re.compile(r"(?i)(?:cccd|cmnd|can cuoc|chung minh|dinh danh|ho chieu)\W{0,12}$")
"""Written just before a number, these make it an ID number, whatever it looks like."""
_AMOUNT = re.compile(r"[1-9]\d{0,2}([., ])\d{3}(?:\1\d{3})+")
_UNIT = re.compile(r"(?i)\s*(?:dong\b|d\b|vnd\b|trieu\b|nghin\b|ngan\b|ty\b|%|/)")
_DATE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d\d")


def _not_personal(pattern: Pattern, text: str, match: re.Match[str]) -> bool:
    """A match that is something else: an amount written in thousands (`125.000.000 đồng`) is
    not an ID number, a date followed by a time not a phone number."""
    found = match.group(0)
    if pattern.identity:
        if _ID_WORDS.search(text, max(0, match.start() - 24), match.start()):
            return False
        return bool(
            _AMOUNT.fullmatch(found) and (found.endswith("000") or _UNIT.match(text, match.end()))
        )
    return pattern.phone and bool(_DATE.search(found))


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text).removeprefix("84")


def scan(record: Record, site: SiteConfig) -> Iterator[Diagnostic]:
    """Diagnostics for every piece of text in the item that looks like personal data."""
    texts = _suspect_texts(record.item)
    if not texts:
        return
    allowed = {fold(entry.text) for entry in record.item.privacy_allow}
    resident_list = record.kind.folder in RESIDENT_LISTS
    yield from _findings(texts, record.source, site, allowed, resident_list)


def scan_site(site: SiteConfig, source: SourceFile) -> Iterator[Diagnostic]:
    """Diagnostics for personal data in the site config (its contacts are official)."""
    texts = _suspect_texts(site)
    yield from _findings(texts, source, site, set(), resident_list=False)


def scan_data(data: Any, source: SourceFile, site: SiteConfig) -> Iterator[Diagnostic]:
    """Diagnostics for personal data in a parsed file's raw data (a site_config file other than
    site.yaml: the disclosure plan), field by field as written."""
    texts = _suspect_texts(data)
    yield from _findings(texts, source, site, set(), resident_list=False)


def matches(text: str) -> Iterator[tuple[Pattern, int, int]]:
    """(pattern, start, end) for each stretch of `text` that looks like personal data, one per
    stretch, positions in `unicodedata.normalize("NFKC", text)` (the text itself when it is
    ASCII or already NFKC): for text that is not an item's (a spreadsheet's cell, a resident's
    question)."""
    folded = fold(text)
    if not _CANDIDATE.search(folded):
        return
    kept = _kept(text)
    reported: list[range] = []
    for pattern in PATTERNS:
        for match in pattern.regex.finditer(folded):
            span = range(*match.span())
            if any(span.start < r.stop and r.start < span.stop for r in reported):
                continue
            if _not_personal(pattern, folded, match):
                continue
            reported.append(span)
            yield pattern, kept[match.start()], kept[match.end() - 1] + 1


def scan_text(text: str) -> str | None:
    """What in `text` looks like personal data (`có vẻ là …: “…”`), or None."""
    for pattern, start, end in matches(text):
        normal = unicodedata.normalize("NFKC", text)
        return f"có vẻ là {pattern.name}: “{normal[start:end]}”"
    return None


def redact(text: str, mark: str = "[đã xoá]") -> str:
    """`text` (NFKC) with every stretch that looks like personal data replaced by `mark`."""
    normal = unicodedata.normalize("NFKC", text)
    for _, start, end in sorted(matches(text), key=lambda found: -found[1]):
        normal = normal[:start] + mark + normal[end:]
    return normal


def _findings(
    texts: list[tuple[FieldPath, str, bool]],
    source: SourceFile,
    site: SiteConfig,
    allowed: set[str],
    resident_list: bool,
) -> Iterator[Diagnostic]:
    office_numbers: set[str] | None = None  # only when a phone number is found
    office_emails = {e.lower() for e in _site_emails(site)}
    for path, text, official in texts:
        folded = fold(text)
        reported: list[range] = []
        for pattern in PATTERNS:
            if pattern.phone and official:
                continue
            for match in pattern.regex.finditer(folded):
                found = match.group(0)
                span = range(*match.span())
                # One finding per stretch of text: a phone number is not also an ID number.
                if any(span.start < r.stop and r.start < span.stop for r in reported):
                    continue
                if _not_personal(pattern, folded, match):
                    continue
                reported.append(span)
                never = pattern.identity and resident_list
                if found in allowed and not never:
                    continue
                if pattern.phone:
                    if office_numbers is None:
                        office_numbers = {_digits(p) for p in _site_phones(site)}
                    if _digits(found) in office_numbers:
                        continue
                if pattern.email and found.lower() in office_emails:
                    continue
                if never:
                    hint = (
                        "Danh sách hộ gia đình, danh sách gọi nhập ngũ không bao giờ công khai số "
                        "CCCD, CMND của người dân (privacy_allow không áp dụng): xoá số này, chỉ "
                        "ghi họ tên và thôn."
                    )
                else:
                    hint = (
                        f"{pattern.hint} Nếu đã xem xét và được phép công khai, thêm vào "
                        f"`privacy_allow` của mục này: text, reason, reviewed_by."
                    )
                yield diagnostic(
                    "CK130",
                    f"có vẻ là {pattern.name}: “{_shown(text, match)}”",
                    source.name,
                    source.locate(path),
                    field=format_path(path),
                    hint=hint,
                )


def _site_phones(site: SiteConfig) -> list[str]:
    return [site.phone, *(c.phone for c in site.contacts if c.phone)]


def _site_emails(site: SiteConfig) -> list[str]:
    return [site.email, *(c.email for c in site.contacts if c.email)]


_AT = r"[(\[{]\s*at\s*[)\]}]"
_CANDIDATE = re.compile(rf"(?i)[0-9@]|{_AT}")
"""Every pattern needs a digit, an @ or an `(at)`: folded text without any is not scanned (most
text is not)."""


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


def _texts(value: Any, path: FieldPath, official: bool) -> Iterator[tuple[FieldPath, str, bool]]:
    """(path, text, in an official-contact field) for every text in `value`, in field order."""
    if isinstance(value, str):
        yield path, value, official
    elif isinstance(value, BaseModel):
        for name, official_field in _scanned_fields(type(value)):
            yield from _texts(getattr(value, name), (*path, name), official_field)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index), official)
    elif isinstance(value, dict):  # raw data, read before any model (scan_data)
        for key, item in value.items():
            yield from _texts(item, (*path, key), official)


def _suspect_texts(value: Any) -> list[tuple[FieldPath, str, bool]]:
    """The texts in `value` that some pattern could match."""
    return [found for found in _texts(value, (), False) if _CANDIDATE.search(fold(found[1]))]


def _fold_table() -> dict[int, int | None]:
    """Each character the patterns read differently: invisible ones dropped (zero-width spaces
    and joiners, the soft hyphen, direction marks and overrides, the BOM), Latin letters with
    marks as their base letter (`ngày` as `ngay`, `đ` as `d`), lone combining marks dropped."""
    table: dict[int, int | None] = dict.fromkeys(
        [0x00AD, 0x061C, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
         *range(0x2060, 0x2065), *range(0x2066, 0x206A), 0xFEFF, *range(0x0300, 0x0370)]
    )  # fmt: skip
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = ord(base)
    table[ord("đ")], table[ord("Đ")] = ord("d"), ord("D")
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """`text` as the patterns read it: full-width digits and signs (`０９１２`, `＠`), typed with
    some phone and Asian keyboards, and other compatibility forms folded to the plain ones by
    NFKC; then invisible characters dropped and tone marks folded (_fold_table). Every
    character of the result comes from one character of the NFKC text, in order (_shown)."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", text).translate(_FOLD)


def _kept(text: str) -> list[int]:
    """For each character of `fold(text)`, its index in the NFKC text."""
    if text.isascii():
        return list(range(len(text)))
    normal = unicodedata.normalize("NFKC", text)
    return [index for index, char in enumerate(normal) if _FOLD.get(ord(char), 0) is not None]


def _shown(text: str, match: re.Match[str]) -> str:
    """The part of `text` (NFKC, with its marks) that the match in `fold(text)` was found in."""
    if text.isascii():
        return match.group(0)
    kept = _kept(text)
    normal = unicodedata.normalize("NFKC", text)
    return normal[kept[match.start()] : kept[match.end() - 1] + 1]
