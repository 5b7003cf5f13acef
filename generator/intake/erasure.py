"""Removing personal data from what a resident wrote: a question's text, a rating's comment.

What the build's scanner (generator.validate.privacy) would stop is removed, and beside it the
resident's own name and contact however they typed them again (any letter case, spacing, tone
marks, digit grouping), and what an erasure can afford to remove more widely than a build can
refuse: any number of eight digits or more (ID, phone, account, tax and insurance numbers pasted
side by side), a full date more than ten years old or written after `sinh` (a birth date), an
e-mail address written with spaces or words for its signs. A question or comment needs none of
these to be answered; removing one too many costs a word, leaving one costs the resident.

Each stretch removed becomes `[đã xoá]`, and its kind is reported, so staff can tell the resident
what was erased and the clerk knows what a draft lost.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.validate.privacy import matches

MARK = "[đã xoá]"
NAME = "họ tên"
CONTACT = "cách liên hệ"
LONG_NUMBER = "dãy số dài (số giấy tờ, điện thoại, tài khoản, mã số thuế)"
BIRTH_DATE = "ngày sinh"
EMAIL = "địa chỉ thư điện tử"

BIRTH_YEARS_AGO = 10
"""A full date at least this many years old is read as a birth date: what a resident asks about
(a dossier, a meeting, a payment) is recent."""

_SEP = r"[\s.\-_/,()]{0,3}"
"""Between a contact's digits as a resident may type them again: `0912 - 345 - 678`."""
_NUMBER = re.compile(r"(?<!\d)\d(?:(?:\s?[.\-_/,]\s?|\s)?\d)+(?!\d)")
_YEAR = re.compile(r"(?:19|20)\d\d")
_DATE = re.compile(r"(\d{1,2})\s?[/.\-]\s?(\d{1,2})\s?[/.\-]\s?((?:19|20)\d\d)")
_AMOUNT_UNIT = re.compile(r"\s*(?:dong|d|vnd|trieu|nghin|ngan|ty)\b")
_DOCUMENT = re.compile(r"/[a-z]")
"""After a number, `/QĐ-UBND` makes it a document's number (`1234/2025/QĐ-UBND`)."""
_BORN = re.compile(r"\bsinh\b\s*(?:ngay|nam)?\s*:?\s*(?:\d{1,2}\s?[/.\-]\s?){0,2}(?:19|20)\d\d\b")
_TLD = r"(?:com|vn|net|org|edu|gov|info|me|io)"
_AT = r"(?:@|[(\[{]\s*a(?:t)?\s*[)\]}]|\s(?:at|a cong)\s)"
_DOT = r"(?:\.|[(\[{]\s*dot\s*[)\]}]|\sdot\s|\scham\s)"
_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w.+-]+\s*{_AT}\s*[\w-]+(?:\s*{_DOT}\s*[\w-]+)*\s*{_DOT}\s*{_TLD}\b"
)


@dataclass(frozen=True)
class Erased:
    text: str
    removed: tuple[str, ...]
    """The kind of each stretch removed, in the order of the text (a stretch where two overlapped,
    such as a phone number run into an ID number, counts for both)."""

    @property
    def changed(self) -> bool:
        return bool(self.removed)


def erase(
    text: str,
    names: Iterable[str | None] = (),
    contacts: Iterable[str | None] = (),
    today: dt.date | None = None,
) -> Erased:
    """`text` (NFKC, as the scanner reads it) with the resident's `names` and `contacts` and
    everything that looks like personal data replaced by `[đã xoá]`."""
    normal = unicodedata.normalize("NFKC", text)
    folded = fold(normal)
    spans: list[tuple[int, int, str]] = []
    for name in filter(None, names):
        spans += list(_name_spans(name, normal, folded))
    for contact in filter(None, contacts):
        for regex in _contact_regexes(contact):
            spans += [(*m.span(), CONTACT) for m in regex.finditer(folded)]
    spans += [(start, end, pattern.name) for pattern, start, end in matches(text)]
    spans += list(_wider(folded, today or dt.date.today()))
    kept = _merged(spans)
    for start, end, _ in reversed(kept):
        normal = normal[:start] + MARK + normal[end:]
    return Erased(normal, tuple(kind for _, _, kinds in kept for kind in kinds))


def summary(removed: Iterable[str]) -> str:
    """`số điện thoại di động (2), họ tên người hỏi`: each kind once, with its count."""
    counts: dict[str, int] = {}
    for kind in removed:
        counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(f"{kind} ({n})" if n > 1 else kind for kind, n in counts.items())


def fold(text: str) -> str:
    """`text` lowered with tone marks and `đ` folded, one character for each of `text`'s, so a
    match in it is a match at the same place in `text` (NFKC, composed)."""
    return "".join(_fold_char(char) for char in text)


def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[0]
    return (base if base.isascii() and base.isalpha() else char).lower()[:1] or char


def _name_spans(name: str, normal: str, folded: str) -> Iterator[tuple[int, int, str]]:
    """Where `name` is in the text, in any case, spacing, tone marks or normal form
    (`NGUYỄN  VĂN A`, `nguyen van a`). A name of one word is found only as written, capitalised:
    `An` is also a word (`an toàn`)."""
    words = unicodedata.normalize("NFKC", name).split()
    if len(words) == 1:
        found = re.compile(rf"(?<!\w){re.escape(words[0])}(?!\w)").finditer(normal)
    else:
        words = [re.escape(fold(word)) for word in words]
        found = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)").finditer(folded)
    for match in found:
        yield match.start(), match.end(), NAME


def _contact_regexes(contact: str) -> list[re.Pattern[str]]:
    """Regexes for a contact in the folded text: each phone number in it by its digits (any
    grouping, `+84` for `0`), each e-mail address with its signs spelled or spaced, anything
    else as words in any case and spacing."""
    normal = fold(unicodedata.normalize("NFKC", contact))
    found: list[re.Pattern[str]] = []
    for email in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", normal):
        local, domain = email.split("@", 1)
        parts = [re.escape(part) for part in domain.split(".")]
        spelled = rf"\s*{_DOT}\s*".join(parts)
        found.append(re.compile(rf"(?<![\w.+-]){re.escape(local)}\s*{_AT}\s*{spelled}"))
    rest = re.sub(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", " ", normal)
    for number in re.findall(r"\+?\d[\d\s.\-_/()]*\d", rest):
        digits = re.sub(r"\D", "", number)
        if len(digits) < 6:
            continue
        national = digits[2:] if digits.startswith("84") else digits.removeprefix("0")
        body = _SEP.join(re.escape(d) for d in national)
        found.append(re.compile(rf"(?<!\d)(?:0|\(?\s*\+?\s*84\s*\)?)?{_SEP}{body}(?!\d)"))
    if not found and rest.strip():
        words = rest.split()
        found.append(re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"))
    return found


def _wider(folded: str, today: dt.date) -> Iterator[tuple[int, int, str]]:
    """What an erasure removes beyond the scanner's patterns (see the module's docstring)."""
    for match in _BORN.finditer(folded):
        yield match.start(), match.end(), BIRTH_DATE
    for match in _DATE.finditer(folded):
        day, month, year = (int(part) for part in match.groups())
        if 1 <= day <= 31 and 1 <= month <= 12 and year <= today.year - BIRTH_YEARS_AGO:
            yield match.start(), match.end(), BIRTH_DATE
    for match in _NUMBER.finditer(folded):
        if _ordinary_number(folded, match):
            continue
        yield match.start(), match.end(), LONG_NUMBER
    for match in _EMAIL.finditer(folded):
        yield match.start(), match.end(), EMAIL


def _ordinary_number(folded: str, match: re.Match[str]) -> bool:
    """A run of digits that is not about a person: short, a date, a list or range of years, an
    amount of money, a document's number."""
    found = match.group(0)
    groups = re.findall(r"\d+", found)
    if sum(len(g) for g in groups) < 8 or _DATE.fullmatch(found):
        return True
    if all(_YEAR.fullmatch(g) for g in groups):
        return True
    return bool(_AMOUNT_UNIT.match(folded, match.end()) or _DOCUMENT.match(folded, match.end()))


def _merged(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Spans without overlaps, in text order: overlapping ones are removed as one. Its kinds are
    those of the spans that reach further into the text, and the resident's own name or contact
    inside it (`001085012345 0912345678`: a long number and their contact); where several found
    the same stretch, the first found names it (name, contact, the scanner's patterns, the
    wider ones)."""
    ordered = sorted(enumerate(spans), key=lambda item: (item[1][0], -item[1][1], item[0]))
    kept: list[tuple[int, int, tuple[str, ...]]] = []
    for _, (start, end, kind) in ordered:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, (kind,)))
            continue
        first, last, kinds = kept[-1]
        if (end > last or kind in (NAME, CONTACT)) and kind not in kinds:
            kinds = (*kinds, kind)
        kept[-1] = (first, max(last, end), kinds)
    return kept
