"""Find personal data before it is published: ID numbers, phone numbers, birth dates, accounts.

Every text field of every item and of the site config is scanned, attachment file names and the
item's own file name (it becomes the page's address) included, as a clerk might have typed it:
full-width digits and signs read as the plain ones (NFKC), zero-width and direction-control
characters dropped, tone marks folded (`ngay sinh` is `ngày sinh`), digits grouped with spaces,
dots, dashes, underscores, commas or slashes, a phone's prefix in brackets, `(at)` for `@`, two
numbers pasted side by side (two columns of a sheet in one cell), a birth date after a name or
in a `Ngày sinh` column. Numbers that are the commune's own (a State Treasury account, a dossier
code, a land certificate's book number, an amount in đồng) are told apart by the words around
them (each pattern's guard). Fields the schema marks as official contacts (an office's phone)
are not scanned for phone numbers, the commune's own numbers and e-mail addresses from
site_config are always allowed (an office may have only a public-provider mailbox), and a
reviewed exception can be listed on the item (`privacy_allow`), except for ID numbers (CCCD,
CMND, passport, insurance): no disclosure needs a resident's, and a page listing people (support
paid, relief, a voters' meeting) is where one would be copied from. Anything else that looks like
personal data stops the build: a leaked ID number on a government site cannot be taken back.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Diagnostic, diagnostic
from generator.diagnostics.positions import SourceFile
from generator.types.record import Record
from generator.types.site import SiteConfig
from generator.validate.texts import Text, texts

Guard = Callable[[str, int, int], bool]
"""(folded text, start, end) -> whether the match is something else than personal data."""


@dataclass(frozen=True)
class Pattern:
    name: str
    regex: re.Pattern[str]
    hint: str
    phone: bool = False
    identity: bool = False
    """An ID number (CCCD, CMND, passport, insurance): never allowed by privacy_allow."""
    email: bool = False
    guard: Guard | None = None
    """What else text of this shape can be (an amount, an office's account): see each guard."""


# Every number pattern starts on a digit not glued to another (`(?<!\d)`) and ends on one
# (`(?!\d)`); a neighbour across a separator is judged by _part_of_longer_number, in Python,
# because whether it continues the number depends on the separators inside the match.
_PHONE_SEP = r"(?: (?:[.\-_/),] ?| )?|[.\-_/),] ?)?"
"""Between a phone's digits: nothing; a space, dot, dash, underscore, slash, comma or closing
bracket (`(0229) 3861 999`, `0912,345,678`); such a sign with a space after it or around it
(`0912 - 345 - 678`); two spaces. Written so that each gap reads one way only: a failed match
never retries the same gap two ways."""
_ID_SEP = r"[ .\-_]?"
_NUMBER_START = r"(?<![\d+])"
_NUMBER_END = r"(?!\d)"
_PHONE_PREFIX = r"(?:\(\s*\+?84\s*\)\s*|\+?84[ .\-_]?|\(?0)"
_BANKS = (
    r"agribank|vietcombank|vcb|vietinbank|bidv|techcombank|tcb|mb ?bank|mb|vpbank|acb|sacombank|"
    r"tpbank|vib|shb|hdbank|ocb|msb|seabank|lienvietpostbank|lpbank|eximbank|scb|abbank|"
    r"bac ?a ?bank|nam ?a ?bank|kienlongbank|pvcombank|baovietbank|viet ?a ?bank|oceanbank|"
    r"ngan hang(?: [a-z]+){1,4}?"
)
_OWNER = r"(?:so|la|cua|toi|em|minh|ong|ba|anh|chi|tai|o|mo tai)"
"""Words a clerk or resident writes between `STK` and the number: `STK của tôi là 1903…`."""
_SURNAMES = (
    r"Nguyen|Tran|Le|Pham|Hoang|Huynh|Phan|Vu|Vo|Dang|Bui|Do|Ho|Ngo|Duong|Ly|Dinh|Truong|"
    r"Doan|Mai|Trinh|Lam|Luong|Ha|Cao|Ta|Kieu|Quach|Luu|Thai|Tong|Chu|Lai|Vuong|Trieu|Giang|"
    r"Nong|Lo|Hua|Mac|Khuat|Tieu|Diep|Ton|La|Lu|Thach|Danh|Be"
)
_PLACES = r"Ha (?:Noi|Tinh|Nam|Giang)|Lam Dong|Cao Bang|Thai (?:Binh|Nguyen)|Ho Chi Minh"
"""Provinces that start like a surname: `Hà Nội, 12/03/2015` is where a paper was signed."""
_PERSON = rf"(?<![\w])(?!(?:{_PLACES})\b)(?:{_SURNAMES})(?: [A-Z][a-z]*){{1,4}}"
"""A person's name, tone marks folded: a common surname and up to four capitalised words. The
surname is what tells a name from a capitalised heading (`Kế Hoạch`), or a place."""
_BIRTH_YEAR = r"(?:19\d\d|20[01]\d)"
"""A year a living resident was born in. A date of 2020 or later next to a name is more likely
the date a paper was signed."""
_COMPOUNDS_OF_SINH = (
    "hoc", "phat", "ve", "hy", "thi", "tai", "giang", "an", "dan", "so", "nay", "san", "hoi",
    "ky", "noi", "song", "khai", "sat",
)  # fmt: skip
_NOT_A_BIRTH = "".join(f"(?<!{word} )" for word in _COMPOUNDS_OF_SINH)
"""`sinh` alone means born, except as the second half of these words (học sinh 2025, phát sinh
2025, hy sinh 1968, khai sinh): they name pupils, costs, martyrs, certificates, not a birth."""
_HINT_ID = "Không công khai số giấy tờ tuỳ thân của người dân (hộ chiếu, BHXH, BHYT); xoá số này."
_PHONE_HINT = (
    "Không công khai số điện thoại của người dân; số của cơ quan thì ghi vào privacy_allow."
)


def _part_of_longer_number(text: str, start: int, end: int) -> bool:
    """The match is a piece of a longer number: the digit just across a separator continues it
    when the match uses that separator itself (`12.345.678.901 đồng` holds no CMND
    `345.678.901`). Another separator starts another number: a clerk pastes two columns into one
    cell as `CCCD 001085012345 0912345678`, `0912345678,0987654321`,
    `0912.345.678-0987.654.321`."""
    first = next((i for i in range(start, end) if text[i].isdigit()), start)
    inside = set(re.sub(r"\d", "", text[first:end]))
    before, after = text[max(0, first - 2) : first], text[end : end + 2]
    return (len(before) == 2 and before[0].isdigit() and before[1] in inside) or (
        len(after) == 2 and after[1].isdigit() and after[0] in inside
    )


_DATE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d\d")


def _phone_guard(text: str, start: int, end: int) -> bool:
    """A piece of a longer number, or a date followed by a time (`05/12/2025 09`), is not a
    phone number."""
    return _part_of_longer_number(text, start, end) or bool(_DATE.search(text, start, end))


_ID_WORDS = re.compile(r"(?i)(?:cccd|cmnd|can cuoc|chung minh|dinh danh|ho chieu)\W{0,12}$")
"""Written just before a number, these make it an ID number, whatever it looks like."""
_OFFICIAL_WORDS = re.compile(
    r"(?i)\b(?:kbnn|kho bac|ma ho so|so ho so|so vao so|vao so cap|gcn|giay chung nhan|"
    r"qhns|dvqhns|so seri)\b"
)
"""Near a number, these make it an office's: the commune's State Treasury account (`tài khoản
9523.1.1045678 tại Kho bạc`), an online-service dossier code, a land certificate's book number.
A clerk must be able to publish where residents pay a contribution."""
_GROUPED = re.compile(r"[1-9]\d{0,2}([., ])\d{3}(?:\1\d{3})+")
_MONEY = r"(?:dong\b(?!\s+(?:y|chi)\b)|vnd\b|d\b|trieu\b|nghin\b|ngan\b|ty\b)"
"""`đồng` the currency, not `đồng ý` (agree) or `đồng chí` (comrade)."""
_UNIT = re.compile(rf"(?i)[.,]\d{{1,3}}(?!\d)|\s*\(?(?:{_MONEY}|%|/)")
"""After a number in thousands: its decimals (`162.345.678,5`), a currency, a percentage, a rate."""
_PLAIN_UNIT = re.compile(rf"(?i)\s*\(?{_MONEY}")


def _amount(text: str, start: int, end: int) -> bool:
    """An amount: in thousands (`125.000.000`, `162.345.678 đồng`, `162.345.678,5`) or
    plain digits with the currency after them (`125000000 đồng`). An ID number starts with 0,
    an amount never does."""
    first = next((i for i in range(start, end) if text[i].isdigit()), start)
    number = text[first:end]
    if _GROUPED.fullmatch(number):
        return number.endswith("000") or bool(_UNIT.match(text, end))
    return number[0] != "0" and number.isdigit() and bool(_PLAIN_UNIT.match(text, end))


def _official_nearby(text: str, start: int, end: int) -> bool:
    return bool(_OFFICIAL_WORDS.search(text[max(0, start - 40) : end + 40]))


def _id_guard(text: str, start: int, end: int) -> bool:
    """Not a CMND number: a piece of a longer number; else, unless an ID word is just before
    it, an office's number (_OFFICIAL_WORDS: `số vào sổ cấp GCN: CH 012345678`) or an amount
    (`125000000 đồng`)."""
    if _part_of_longer_number(text, start, end):
        return True
    if _ID_WORDS.search(text, max(0, start - 24), start):
        return False
    return _official_nearby(text, start, end) or _amount(text, start, end)


def _document_guard(text: str, start: int, end: int) -> bool:
    """`Mức đóng BHXH 1.500.000 đồng` is an amount, not an insurance number."""
    return _amount(text, start, end)


_BUSINESS = re.compile(
    r"(?i)\b(?:cong ty|doanh nghiep|hop tac xa|htx|tnhh|co phan|dntn|chi nhanh|nha thau|"
    r"ubnd|uy ban|co quan|cua xa|kho bac|kbnn)\b"
)


def _tax_guard(text: str, start: int, end: int) -> bool:
    """A company's or an office's tax code (a contractor on a project page, `mã số thuế của
    xã`) is public; a person's is not. The words before the number on its line tell."""
    line_start = text.rfind("\n", 0, start) + 1
    first = next(i for i in range(start, end) if text[i].isdigit())
    return bool(_BUSINESS.search(text, max(line_start, start - 80), first))


def _account_guard(text: str, start: int, end: int) -> bool:
    """The commune's own account at the State Treasury, and an amount paid into an account
    (`nộp vào tài khoản 1.500.000 đồng`), are not a resident's account."""
    return _official_nearby(text, start, end) or _amount(text, start, end)


_A_DATE = (
    r"(?:\d{1,2}\s*(?:[/.-]|(?i:thang))\s*\d{1,2}\s*,?\s*(?:[/.-]|(?i:nam))\s*)?(?:19|20)\d{2}"
)
_BIRTH_WORDS = (
    rf"(?i:ngay ?sinh|sinh ?ngay|nam ?sinh|sinh ?nam|\bNS\b|\bSN\b|{_NOT_A_BIRTH}\bsinh\b)"
)
_EMAIL_TLD = r"(?:com|vn|net|org|edu|info)\b"

PATTERNS = [
    Pattern(
        "số điện thoại di động",
        # 10 digits (09x, 03x, 05x, 07x, 08x), or the 11 of the old 01xx numbers still in
        # residents' records (`0168 912 3456`).
        re.compile(
            rf"{_NUMBER_START}{_PHONE_PREFIX}"
            rf"(?:[35789](?:{_PHONE_SEP}\d){{8}}|1(?:2\d|6[2-9]|8[68]|99)(?:{_PHONE_SEP}\d){{7}})"
            rf"{_NUMBER_END}"
        ),
        _PHONE_HINT,
        phone=True,
        guard=_phone_guard,
    ),
    Pattern(
        "số điện thoại cố định",
        re.compile(rf"{_NUMBER_START}{_PHONE_PREFIX}2\d(?:{_PHONE_SEP}\d){{7,8}}{_NUMBER_END}"),
        _PHONE_HINT,
        phone=True,
        guard=_phone_guard,
    ),
    Pattern(
        "số căn cước công dân (12 chữ số)",
        # The first three digits are the province of birth, 001 to 096: always a leading 0,
        # which no amount, treasury account or dossier code has, so only a longer number
        # explains it away.
        re.compile(rf"{_NUMBER_START}0(?:{_ID_SEP}\d){{11}}{_NUMBER_END}"),
        "Không công khai số CCCD; xoá số này.",
        identity=True,
        guard=_part_of_longer_number,
    ),
    Pattern(
        "số chứng minh nhân dân (9 chữ số)",
        re.compile(rf"{_NUMBER_START}\d(?:{_ID_SEP}\d){{8}}{_NUMBER_END}"),
        "Không công khai số CMND; nếu đây là số tiền, viết có dấu chấm và đơn vị: "
        "125.000.000 đồng.",
        identity=True,
        guard=_id_guard,
    ),
    Pattern(
        "số giấy tờ tuỳ thân (CCCD, hộ chiếu, BHXH, BHYT)",
        # Named by its word, a number of any length: a passport (C1234567), a social insurance
        # book (10 digits), a health insurance card (HN4010123456789), a CCCD typed with a
        # digit too many or too few.
        re.compile(
            r"(?i)\b(?:ho chieu|passport|bhxh|bhyt|cccd|cmnd|can cuoc(?: cong dan)?|"
            r"chung minh(?: nhan dan)?|dinh danh(?: ca nhan)?)\b"
            r"(?:\s*(?:so\b|ma\b|the\b|la\b|:|-)){0,3}\s*[a-z]{0,2} ?\d(?:[ .\-_]?\d){6,14}"
            rf"{_NUMBER_END}"
        ),
        _HINT_ID,
        identity=True,
        guard=_document_guard,
    ),
    Pattern(
        "mã số thuế cá nhân",
        # A person's tax code is 10 digits, or their CCCD number since 2025.
        re.compile(
            r"(?i)(?:\bMST\b|\bma so thue\b|\bma thue\b)(?:\s+(?:ca nhan|cua \w+|la))?\s*:?\s*"
            rf"\d(?:[ .\-_]?\d){{9,11}}(?:-\d{{3}})?{_NUMBER_END}"
        ),
        "Không công khai mã số thuế của người dân; mã số thuế của công ty, cơ quan thì ghi "
        "tên đơn vị ngay trước (Công ty…, HTX…).",
        guard=_tax_guard,
    ),
    Pattern(
        "ngày sinh",
        re.compile(
            # `sinh ngày 12/3/1985`, `SN: 1985`, `sinh 1985`
            rf"{_BIRTH_WORDS}\s*:?\s*(?i:ngay\s*)?{_A_DATE}"
            # `Lê Thị E 12/03/1970`, `| Nguyễn Văn A | 12-03-1985 |`, `Nguyễn Văn A (1985)`: a
            # date right after a name in a list row is the person's birth date.
            rf"|{_PERSON}\s*(?:[,(\-:|]\s*)?\d{{1,2}}[/.-]\d{{1,2}}[/.-]{_BIRTH_YEAR}"
            rf"|{_PERSON}\s*\(\s*{_BIRTH_YEAR}\s*\)"
        ),
        "Không công khai ngày sinh của người dân.",
    ),
    Pattern(
        "số tài khoản ngân hàng",
        re.compile(
            # `STK của tôi 1903…`, `TK Agribank 3300…`, `Vietcombank - 0071…`
            rf"(?i)(?:\bSTK\b|\bso tai khoan\b|\btai khoan\b|\bso TK\b|\bTK\b|\b(?:{_BANKS})\b)"
            rf"(?:[\s:,-]+(?:{_OWNER}|{_BANKS})\b){{0,4}}[\s:-]*\d(?:[ .\-_]?\d){{5,}}"
            # `1903567890123 Techcombank`, `… tại Ngân hàng Agribank`: the bank after it. The
            # number is read once (possessive) from the start of its run only: a long run of
            # digits without a bank costs one pass, not one per digit.
            rf"|(?<!\d)(?<!\d[ .\-_])\d(?:[ .\-_]?\d){{7,}}+\s*[-,(]?\s*(?:(?:tai|o)\s+)?"
            rf"\b(?:{_BANKS})\b"
        ),
        "Không công khai số tài khoản của người dân.",
        guard=_account_guard,
    ),
    Pattern(
        "địa chỉ thư điện tử cá nhân",
        re.compile(
            # The name starts where a word starts: tried once per word, not once per letter.
            r"(?i)(?<![\w.+-])[\w.+-]+"
            r"(?:\s*@\s*|\s*[(\[{]\s*(?:at|a|@)\s*[)\]}]\s*|\s+at\s+)"
            r"(?![\w-]+(?:\.[\w-]+)*\.gov\.vn\b)[\w-]+"
            # `.com`, `[dot] com`, and spaced out: `gmail . com`, `gmail dot com`.
            r"(?:\.[\w-]+|\s*[(\[{]\s*dot\s*[)\]}]\s*[\w-]+"
            rf"|\s+\.\s*{_EMAIL_TLD}|\.\s+{_EMAIL_TLD}|\s+(?:dot|cham)\s+{_EMAIL_TLD})+"
        ),
        "Chỉ công khai thư điện tử công vụ (.gov.vn); xoá địa chỉ cá nhân.",
        email=True,
    ),
]
_BIRTH = next(pattern for pattern in PATTERNS if pattern.name == "ngày sinh")


_TABLE_LINE = re.compile(r"^[ \t]*\|.*$", re.MULTILINE)
_BIRTH_HEADER = re.compile(
    r"(?i)\s*(?:ngay,? ?thang,? ?nam sinh|ngay sinh|nam sinh|sinh ngay|NS|SN)\s*"
)


def _birth_column(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each cell with a digit under a `Ngày sinh` or `Năm sinh` header of a
    Markdown table: a list of people with their birth dates, however each date is written."""
    column, previous_end = None, -2
    for line in _TABLE_LINE.finditer(text):
        if line.start() != previous_end + 1:  # a new table
            column = None
        previous_end = line.end()
        cells = _cells(text, line.start(), line.end())
        if column is None:
            column = next(
                (i for i, (s, e) in enumerate(cells) if _BIRTH_HEADER.fullmatch(text, s, e)), None
            )
        elif column < len(cells):
            start, end = cells[column]
            if any(char.isdigit() for char in text[start:end]):
                yield start, end


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each cell of the table row text[start:end], spaces around it dropped."""
    bars = [i for i in range(start, end) if text[i] == "|"]
    cells = []
    for left, right in itertools.pairwise(bars):
        cell = text[left + 1 : right]
        stripped = cell.strip()
        if stripped:
            offset = left + 1 + cell.index(stripped)
            cells.append((offset, offset + len(stripped)))
        else:
            cells.append((left + 1, left + 1))
    return cells


def _found(folded: str, phones: bool = True) -> Iterator[tuple[Pattern, int, int]]:
    """(pattern, start, end) in `folded` for each stretch that looks like personal data, one per
    stretch (a phone number is not also an ID number)."""
    reported: list[tuple[int, int]] = []  # sorted, none overlapping

    def new(start: int, end: int) -> bool:
        at = bisect.bisect(reported, (start, end))
        if (at and reported[at - 1][1] > start) or (at < len(reported) and reported[at][0] < end):
            return False
        reported.insert(at, (start, end))
        return True

    for pattern in PATTERNS:
        if pattern.phone and not phones:
            continue
        for start, end in _spans(pattern, folded):
            if new(start, end):
                yield pattern, start, end
    if "|" in folded:
        for start, end in _birth_column(folded):
            if new(start, end):
                yield _BIRTH, start, end


def _spans(pattern: Pattern, text: str) -> Iterator[tuple[int, int]]:
    """Where `pattern` matches and its guard does not explain the match away. After a match
    explained away the search goes on from its second character, not its end: in
    `12 0912345678` a rejected match may hide a phone number that starts inside it."""
    position = 0
    while (match := pattern.regex.search(text, position)) is not None:
        start, end = match.span()
        if pattern.guard is not None and pattern.guard(text, start, end):
            position = start + 1
            continue
        yield start, end
        position = max(end, start + 1)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", str(text)).removeprefix("84")


def scan(record: Record, site: SiteConfig) -> Iterator[Diagnostic]:
    """Diagnostics for every piece of text in the item that looks like personal data."""
    if not record.item.slug:
        yield from _file_name_findings(record)
    suspects = _suspect_texts(record.item)
    if not suspects:
        return
    allowed = {fold(entry.text) for entry in record.item.privacy_allow}
    yield from _findings(suspects, record.source, site, allowed)


def scan_site(site: SiteConfig, source: SourceFile) -> Iterator[Diagnostic]:
    """Diagnostics for personal data in the site config (its contacts are official)."""
    yield from _findings(_suspect_texts(site), source, site, set())


def scan_data(data: Any, source: SourceFile, site: SiteConfig) -> Iterator[Diagnostic]:
    """Diagnostics for personal data in a parsed file's raw data (a site_config file other than
    site.yaml: the disclosure plan), field by field as written."""
    yield from _findings(_suspect_texts(data), source, site, set())


def matches(text: str) -> Iterator[tuple[Pattern, int, int]]:
    """(pattern, start, end) for each stretch of `text` that looks like personal data, one per
    stretch, positions in `unicodedata.normalize("NFKC", text)` (the text itself when it is
    ASCII or already NFKC): for text that is not an item's (a spreadsheet's cell, a resident's
    question)."""
    folded = fold(text)
    if not _CANDIDATE.search(folded):
        return
    kept = _kept(text)
    for pattern, start, end in _found(folded):
        yield pattern, kept[start], kept[end - 1] + 1


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
    suspects: list[Text],
    source: SourceFile,
    site: SiteConfig,
    allowed: set[str],
) -> Iterator[Diagnostic]:
    office = OfficeContacts(site)
    for path, text, official in suspects:
        folded = fold(text)
        for pattern, start, end in _found(folded, phones=not official):
            found = folded[start:end]
            never = pattern.identity
            if found in allowed and not never:
                continue
            if office.owns(pattern, found):
                continue
            yield source.at(
                path,
                "CK130",
                f"có vẻ là {pattern.name}: “{_shown(text, start, end)}”",
                _NEVER_HINT if never else _allow_hint(pattern),
            )


_NEVER_HINT = (
    "Không bao giờ công khai số CCCD, CMND, hộ chiếu, BHXH, BHYT của người dân (privacy_allow "
    "không áp dụng): xoá số này; trong danh sách chỉ ghi họ tên và thôn."
)


def _allow_hint(pattern: Pattern) -> str:
    return (
        f"{pattern.hint} Nếu đã xem xét và được phép công khai, thêm vào `privacy_allow` của "
        f"mục này: text, reason, reviewed_by."
    )


def _file_name_findings(record: Record) -> Iterator[Diagnostic]:
    """The file name becomes the page's address when the item sets no `slug`: it is published
    in the sitemap, the feeds, the search index. Read with its dashes as spaces (`sinh-1985`
    is `sinh 1985`); no `privacy_allow` applies: the fix is another file name."""
    slug = record.slug
    for pattern, start, end in _found(slug.replace("-", " ")):
        yield diagnostic(
            "CK130",
            f"tên tệp `{record.source.path.name}` (địa chỉ trang /{record.url}) có vẻ là "
            f"{pattern.name}: “{slug[start:end]}”",
            record.source.name,
            record.source.locate(()),
            hint="Đổi tên tệp cho không còn thông tin cá nhân (ví dụ `2026-ho-tro-nha-o.yaml`), "
            "hoặc ghi `slug:` ngắn gọn: địa chỉ trang hiện trong sơ đồ trang, RSS và kết quả "
            "tìm kiếm.",
        )


class OfficeContacts:
    """The commune's own phone numbers and e-mail addresses (site_config): an office may have
    only a public-provider mailbox, and its numbers are published on purpose, never a leak."""

    def __init__(self, site: SiteConfig) -> None:
        phones = [site.phone, *(c.phone for c in site.contacts if c.phone)]
        emails = [site.email, *(c.email for c in site.contacts if c.email)]
        self.phones = {_digits(p) for p in phones if p}
        self.emails = {str(e).lower() for e in emails if e}

    def owns(self, pattern: Pattern, found: str) -> bool:
        """Whether `found`, which `pattern` matched, is one of the office's own."""
        if pattern.phone:
            return _digits(found) in self.phones
        return pattern.email and found.lower() in self.emails


_CANDIDATE = re.compile(r"(?i)[0-9@]|[(\[{]\s*a|\bat\b")
"""Every pattern needs a digit, an @, an `(at)` or `[a]`, or the word `at`: folded text without
any is not scanned (most text is not)."""


def _suspect_texts(value: Any) -> list[Text]:
    """The texts in `value` that some pattern could match."""
    return [found for found in texts(value) if _CANDIDATE.search(fold(found.text))]


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


def _shown(text: str, start: int, end: int) -> str:
    """The part of `text` (NFKC, with its marks) that text[start:end] of `fold(text)` came from."""
    if text.isascii():
        return text[start:end]
    kept = _kept(text)
    normal = unicodedata.normalize("NFKC", text)
    return normal[kept[start] : kept[end - 1] + 1]
