"""The text inside attachments, for the privacy check: the cells of a spreadsheet (.xlsx, .ods,
.csv), the paragraphs and table cells of a document (.docx, .odt), the text layer of a PDF.

A commune's list of poor households or of conscripts usually reaches the portal as the Excel
file the review meeting signed, with whatever columns it had (ID number, birth date, phone).
The load stage reads that text here; the validate stage scans it (validate/attachment_privacy.py).

What is not read: images, and PDFs without a text layer (a scanned page is an image: it is
published as it is, unchecked) or that cannot be parsed or opened without a password, the old
binary formats (.doc, .xls), presentations, archives.
Only the first part of a large file is read (MAX_CELLS cells, MAX_XML_BYTES of a document's
XML, MAX_PAGES pages, MAX_TEXT characters), and `truncated` says so.

Reading a workbook costs far more than a build's other steps, so the text is kept in the user's
cache directory (caching.cache_dir()), by a hash of the file's bytes: an unchanged attachment is
never read again, whatever its path or modification time.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from generator.caching import cache_dir

MAX_CELLS = 200_000
"""Cells read from one workbook (a list of 5,000 households with 20 columns is 100,000)."""
MAX_WORKBOOK_BYTES = 200_000_000
"""Bytes a workbook may unpack to (a list of 5,000 households is a few MB)."""
MAX_XML_BYTES = 20 * 1024 * 1024
"""Bytes of a document's XML read (the text of a few thousand pages)."""
MAX_PAGES = 300
"""Pages of a PDF read."""
MAX_TEXT = 5_000_000
"""Characters kept from one file."""

READ_SUFFIXES = frozenset({".xlsx", ".csv", ".docx", ".odt", ".ods", ".pdf"})
"""The attachments whose text is read; every other kind is published unread."""

FORMAT_VERSION = 1
"""Part of the cache key: a change to what is extracted makes every cached text stale."""


@dataclass(frozen=True)
class Chunk:
    where: str
    """Where in the file, as a clerk finds it: `trang tính DS, ô E7`, `trang 3`, `đoạn 12`."""
    text: str
    label: str = ""
    """The heading of the cell's column, when it is in a table (`Số CCCD`): the context that
    makes a bare number an ID number or a date a birth date."""


@dataclass
class AttachmentText:
    chunks: list[Chunk] = field(default_factory=list)
    problem: str = ""
    """Why the file could not be read (Vietnamese, for a warning); empty when it was."""
    truncated: bool = False
    """Only the first part of the file was read (MAX_CELLS, MAX_XML_BYTES, MAX_PAGES,
    MAX_TEXT)."""

    def to_json(self) -> dict[str, object]:
        return {
            "chunks": [[c.where, c.text, c.label] for c in self.chunks],
            "problem": self.problem,
            "truncated": self.truncated,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> AttachmentText:
        chunks = data.get("chunks")
        if not isinstance(chunks, list):
            raise ValueError("chunks")
        return cls(
            chunks=[Chunk(str(w), str(t), str(label)) for w, t, label in chunks],
            problem=str(data.get("problem", "")),
            truncated=bool(data.get("truncated", False)),
        )


def readable(name: str) -> bool:
    """Whether the text of the attachment `name` is read (by its suffix)."""
    return PurePosixPath(name).suffix.lower() in READ_SUFFIXES


def attachment_texts(files_dir: Path, names: Iterable[str]) -> dict[str, AttachmentText]:
    """The text of each attachment in `names` (paths under `files_dir`) whose kind is read, from
    the cache when its bytes were read before."""
    store = _store()
    texts = {}
    for name in sorted(set(names)):
        if readable(name):
            texts[name] = cached_text(files_dir / name, store)
    return texts


def cached_text(path: Path, store: Path | None) -> AttachmentText:
    """The text of the file at `path`, kept in `store` by its bytes' hash (no store: read it)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return AttachmentText(problem=f"không mở được tệp ({error.strerror or error})")
    suffix = path.suffix.lower()
    if store is None:
        return extract(data, suffix)
    digest = hashlib.blake2b(data, digest_size=20).hexdigest()
    entry = store / f"{digest}{suffix}.json"
    try:
        return AttachmentText.from_json(json.loads(entry.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        pass  # not read before, or a damaged entry: read the file
    text = extract(data, suffix)
    _write(entry, json.dumps(text.to_json(), ensure_ascii=False))
    return text


def cache_entry(path: Path) -> Path | None:
    """Where the text of the file at `path` is kept (for tests and `bench/`), or None when the
    cache directory cannot be written."""
    store = _store()
    if store is None:
        return None
    digest = hashlib.blake2b(path.read_bytes(), digest_size=20).hexdigest()
    return store / f"{digest}{path.suffix.lower()}.json"


def extract(data: bytes, suffix: str) -> AttachmentText:
    """The text of a file of kind `suffix` with these bytes; a file that cannot be read gives a
    `problem`, never an exception."""
    reader = _READERS.get(suffix)
    if reader is None:
        return AttachmentText()
    text = AttachmentText()
    try:
        for chunk in reader(data, text):
            text.chunks.append(chunk)
    except _Unreadable as error:
        text.chunks, text.problem = [], str(error)
    except Exception:  # a damaged file makes openpyxl, pypdf or the XML parser raise anything
        text.chunks, text.problem = [], _DAMAGED.get(suffix, "")
    return text


class _Unreadable(Exception):
    """A file that is well formed but cannot be read for a reason worth telling."""


_DAMAGED = {
    ".xlsx": "tệp Excel bị hỏng hoặc không phải định dạng .xlsx, không đọc được",
    ".ods": "bảng tính .ods bị hỏng, không đọc được",
    ".csv": "tệp CSV không đọc được",
    ".docx": "tệp Word bị hỏng hoặc không phải định dạng .docx, không đọc được",
    ".odt": "văn bản .odt bị hỏng, không đọc được",
}
"""Why a file of each kind could not be read. A PDF that cannot be read is not reported: like a
scanned one, it has no text to check, and readers open many PDFs that are not well formed."""


def _store() -> Path | None:
    folder = cache_dir() / "attachment-text" / f"v{FORMAT_VERSION}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


def _write(entry: Path, content: str) -> None:
    """Write atomically (two builds may share the cache); a cache that cannot be written only
    means the file is read again next time."""
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=entry.parent, delete=False, suffix=".tmp"
        ) as file:
            file.write(content)
        Path(file.name).replace(entry)
    except OSError:
        return


class _Budget:
    """Counts what is read from one file against MAX_CELLS and MAX_TEXT."""

    def __init__(self, text: AttachmentText) -> None:
        self.text = text
        self.cells = 0
        self.chars = 0

    def take(self, value: str) -> bool:
        """Whether `value` may still be read; marks the file truncated once it may not."""
        self.cells += 1
        self.chars += len(value)
        if self.cells > MAX_CELLS or self.chars > MAX_TEXT:
            self.text.truncated = True
            return False
        return True


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA, as spreadsheets name columns."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Labels:
    """The heading of each column of a table: the last cell above with letters in it. Title
    rows, merged two-row headers and column-number rows (1, 2, 3) are passed over naturally:
    the row nearest the data wins, and a row of numbers has no letters."""

    def __init__(self) -> None:
        self.by_column: dict[int, str] = {}

    def see(self, column: int, value: str) -> str:
        """The label for a cell of `column` holding `value` (before this cell counts)."""
        label = self.by_column.get(column, "")
        if _LETTERS.search(value) and len(value) <= 80:
            self.by_column[column] = value
        return label


_LETTERS = re.compile(r"[^\W\d_]")


# Spreadsheets


def _xlsx(data: bytes, text: AttachmentText) -> Iterator[Chunk]:
    import openpyxl  # only when a workbook is attached: it is slow to import

    archive = _check_zip(data, "xl/workbook.xml", ".xlsx")
    # openpyxl reads a workbook's shared strings whole, before any sheet: a file that unpacks to
    # more than this (a ZIP bomb, or no clerk's list) is not opened.
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_WORKBOOK_BYTES:
        raise _Unreadable(
            f"bảng tính quá lớn để kiểm tra ({unpacked // 1_000_000} MB khi giải nén, tối đa "
            f"{MAX_WORKBOOK_BYTES // 1_000_000} MB)"
        )
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    budget = _Budget(text)
    try:
        for sheet in workbook.worksheets:
            labels = _Labels()
            for row_index, row in enumerate(sheet.iter_rows(), start=1):
                for column, cell in enumerate(row, start=1):
                    value = _cell_text(cell.value, getattr(cell, "number_format", "General"))
                    if not value:
                        continue
                    if not budget.take(value):
                        return
                    label = labels.see(column, value)
                    where = f"trang tính `{sheet.title}`, ô {column_letter(column)}{row_index}"
                    if not isinstance(cell.value, int | float):
                        yield Chunk(where, value, label)
                        continue
                    number_format = getattr(cell, "number_format", "") or ""
                    chunk = _numeric_chunk(
                        where, cell.value, value, label, bool(_ZEROS.fullmatch(number_format))
                    )
                    if chunk is not None:
                        yield chunk
    finally:
        workbook.close()


def _cell_text(value: object, number_format: str) -> str:
    """A cell's value as the sheet shows it: an ID number typed as a number and shown with its
    leading zero by a `000000000000` format is read with that zero."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, int):
        digits = str(value)
        if _ZEROS.fullmatch(number_format or ""):
            digits = digits.zfill(len(number_format))
        return digits
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


_ZEROS = re.compile(r"0+")


def _plain(text: str) -> str:
    """Lower case, without tone marks: `Số CCCD` -> `so cccd`."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_ID_LABEL = re.compile(r"cccd|cmnd|can cuoc|chung minh|dinh danh|ho chieu")
_PHONE_LABEL = re.compile(r"dien thoai|\bsdt\b|\bdt\b|di dong")
_PERSONAL_LABEL = re.compile(
    rf"{_ID_LABEL.pattern}|{_PHONE_LABEL.pattern}|ngay sinh|nam sinh|\bns\b|tai khoan|\bstk\b"
)
"""A column whose cells are a resident's ID, phone, birth date or account, by its heading."""


def _numeric_chunk(
    where: str, raw: object, value: str, label: str, shown_zeros: bool
) -> Chunk | None:
    """A number typed into a cell is an amount, a count or a code, unless its column's heading
    says it is a resident's ID, phone, birth year or account (or the sheet shows it with leading
    zeros): a budget form's 162345678 đồng is not a CMND number. In an ID or phone column, a
    number that lost its leading zero when Excel stored it (`012345678901` became
    12345678901) gets it back."""
    plain = _plain(label)
    if not shown_zeros and not _PERSONAL_LABEL.search(plain):
        return None
    if isinstance(raw, int | float) and value.isdigit():
        value = _with_lost_zeros(plain, value)
    return Chunk(where, value, label)


def _with_lost_zeros(plain_label: str, digits: str) -> str:
    """An ID number or phone number stored as a number, with the zeros it starts with back: a
    CCCD begins with its province's code, 001 to 096 (12 digits), a CMND has 9 digits, a phone
    number 10 (mobile) or 11 (landline) starting with 0."""
    if _ID_LABEL.search(plain_label):
        if len(digits) in (10, 11):
            return digits.zfill(12)
        if len(digits) == 8:
            return digits.zfill(9)
    elif _PHONE_LABEL.search(plain_label) and len(digits) in (9, 10):
        return "0" + digits
    return digits


def _csv(data: bytes, text: AttachmentText) -> Iterator[Chunk]:
    content = _decode(data[: MAX_XML_BYTES + 1])
    if len(data) > MAX_XML_BYTES:
        text.truncated = True
    try:
        dialect = csv.Sniffer().sniff(content[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    budget = _Budget(text)
    labels = _Labels()
    for row_index, row in enumerate(csv.reader(io.StringIO(content), dialect), start=1):
        for column, raw in enumerate(row, start=1):
            value = raw.strip()
            if not value:
                continue
            if not budget.take(value):
                return
            label = labels.see(column, value)
            yield Chunk(f"ô {column_letter(column)}{row_index}", value, label)


def _decode(data: bytes) -> str:
    """CSV as Excel saves it: UTF-8 (with or without its mark), UTF-16 (`Unicode Text`), or an
    old Vietnamese code page (digits and @ read the same in all of them)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


# Documents: OOXML (.docx) and OpenDocument (.odt, .ods), read as streamed XML

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _docx(data: bytes, text: AttachmentText) -> Iterator[Chunk]:
    archive = _check_zip(data, "word/document.xml", ".docx")
    tags = _Tags(paragraph=f"{_W}p", text=f"{_W}t", table=f"{_W}tbl", row=f"{_W}tr")
    tags.cell, tags.tab, tags.brk = f"{_W}tc", f"{_W}tab", f"{_W}br"
    yield from _document(archive, "word/document.xml", tags, text, sheets=False)


def _odt(data: bytes, text: AttachmentText) -> Iterator[Chunk]:
    archive = _check_zip(data, "content.xml", ".odt")
    yield from _document(archive, "content.xml", _odf_tags(), text, sheets=False)


def _ods(data: bytes, text: AttachmentText) -> Iterator[Chunk]:
    archive = _check_zip(data, "content.xml", ".ods")
    yield from _document(archive, "content.xml", _odf_tags(), text, sheets=True)


def _odf_tags() -> _Tags:
    tags = _Tags(paragraph=f"{_TEXT}p", text="", table=f"{_TABLE}table", row=f"{_TABLE}table-row")
    tags.cell, tags.tab, tags.brk = f"{_TABLE}table-cell", f"{_TEXT}tab", f"{_TEXT}line-break"
    tags.heading, tags.space = f"{_TEXT}h", f"{_TEXT}s"
    return tags


@dataclass
class _Tags:
    paragraph: str
    text: str
    """The element whose text is the document's (Word's `w:t`); empty: every element's text
    and tail inside a paragraph is (OpenDocument)."""
    table: str
    row: str
    cell: str = ""
    tab: str = ""
    brk: str = ""
    heading: str = ""
    space: str = ""


def _check_zip(data: bytes, member: str, suffix: str) -> zipfile.ZipFile:
    archive = zipfile.ZipFile(io.BytesIO(data))
    if member not in archive.namelist():
        raise _Unreadable(f"{_DAMAGED[suffix]} (thiếu phần `{member}`)")
    if archive.getinfo(member).flag_bits & 0x1:
        raise _Unreadable("tệp được đặt mật khẩu, không đọc được nội dung")
    return archive


class _Walk:
    """Where the streamed XML is: which paragraph, table, row and cell."""

    def __init__(self) -> None:
        self.paragraphs = 0
        self.tables = 0
        self.rows = 0
        self.column = 0
        self.depth = 0  # tables inside tables: only the outermost is counted
        self.sheet = ""
        self.labels = _Labels()
        self.cell_parts: list[str] = []


def _document(
    archive: zipfile.ZipFile, member: str, tags: _Tags, text: AttachmentText, *, sheets: bool
) -> Iterator[Chunk]:
    """Paragraphs outside tables as `đoạn N`; table cells as `bảng N, dòng R, cột C` (in a
    spreadsheet, `trang tính X, ô C5`), each cell's text whole, with its column's heading."""
    parser = ElementTree.XMLPullParser(events=("start", "end"))
    walk = _Walk()
    budget = _Budget(text)
    read = 0
    with archive.open(member) as stream:
        while block := stream.read(1 << 16):
            read += len(block)
            if read > MAX_XML_BYTES:
                text.truncated = True
                return
            parser.feed(block)
            for event, element in parser.read_events():
                for chunk in _on(event, element, tags, walk, sheets):
                    if not budget.take(chunk.text):
                        return
                    yield chunk
    parser.close()


def _on(
    event: str, element: ElementTree.Element, tags: _Tags, walk: _Walk, sheets: bool
) -> Iterator[Chunk]:
    tag = element.tag
    if event == "start":
        _start(tag, element, tags, walk)
        return
    # An end event: the element and everything inside it are parsed.
    if tag in (tags.paragraph, tags.heading):
        paragraph = _paragraph_text(element, tags).strip()
        element.clear()
        if walk.depth:
            if paragraph:
                walk.cell_parts.append(paragraph)
            return
        walk.paragraphs += 1
        if paragraph:
            yield Chunk(f"đoạn {walk.paragraphs}", paragraph)
    elif tag == tags.cell and walk.depth == 1:
        value = " ".join(walk.cell_parts)
        if value:
            label = walk.labels.see(walk.column, value)
            yield Chunk(_cell_where(walk, sheets), value, label)
        # A repeated cell (an empty one fills a sheet's row to its end) is counted, not read.
        walk.column += _repeated(element, "number-columns-repeated", 16_384) - 1
        element.clear()
    elif tag == tags.table:
        walk.depth -= 1
        element.clear()
    elif tag == tags.row and walk.depth == 1:
        walk.rows += _repeated(element, "number-rows-repeated", 1_048_576) - 1
        element.clear()


def _start(tag: str, element: ElementTree.Element, tags: _Tags, walk: _Walk) -> None:
    if tag == tags.table:
        walk.depth += 1
        if walk.depth == 1:
            walk.tables += 1
            walk.rows = 0
            walk.labels = _Labels()
            walk.sheet = element.get(f"{_TABLE}name", "")
    elif tag == tags.row and walk.depth == 1:
        walk.rows += 1
        walk.column = 0
    elif tag == tags.cell and walk.depth == 1:
        walk.column += 1
        walk.cell_parts = []


def _repeated(element: ElementTree.Element, attribute: str, most: int) -> int:
    value = element.get(f"{_TABLE}{attribute}", "1")
    return min(int(value), most) if value.isdigit() and int(value) > 0 else 1


def _paragraph_text(element: ElementTree.Element, tags: _Tags) -> str:
    """The text of a whole paragraph: Word's `w:t` runs, or (OpenDocument) every element's
    text and tail; tabs, line breaks and OpenDocument's runs of spaces as themselves."""
    parts: list[str] = []

    def walk(node: ElementTree.Element) -> None:
        tag = node.tag
        if tag == tags.tab:
            parts.append("\t")
        elif tag == tags.brk:
            parts.append("\n")
        elif tag == tags.space:
            parts.append(" " * _repeated_spaces(node))
        elif not tags.text or tag == tags.text:
            parts.append(node.text or "")
        for child in node:
            walk(child)
            if not tags.text:
                parts.append(child.tail or "")

    walk(element)
    return "".join(parts)


def _repeated_spaces(node: ElementTree.Element) -> int:
    value = node.get(f"{_TEXT}c", "1")
    return min(int(value), 100) if value.isdigit() else 1


def _cell_where(walk: _Walk, sheets: bool) -> str:
    if sheets:
        return f"trang tính `{walk.sheet}`, ô {column_letter(walk.column)}{walk.rows}"
    return f"bảng {walk.tables}, dòng {walk.rows}, cột {walk.column}"


# PDF


def _pdf(data: bytes, text: AttachmentText) -> Iterator[Chunk]:
    import logging

    import pypdf  # only when a PDF is attached

    # pypdf logs every oddity of a real-world PDF; the build reports what matters itself.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")  # many PDFs are "encrypted" with an empty password: readable
    budget = _Budget(text)
    for index, page in enumerate(reader.pages, start=1):
        if index > MAX_PAGES:
            text.truncated = True
            return
        content = (page.extract_text() or "").strip()
        if not content:
            continue
        if not budget.take(content):
            return
        yield Chunk(f"trang {index}", content)


_READERS = {
    ".xlsx": _xlsx,
    ".csv": _csv,
    ".docx": _docx,
    ".odt": _odt,
    ".ods": _ods,
    ".pdf": _pdf,
}
