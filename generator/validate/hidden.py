"""Text that reads differently from what it holds: direction overrides and zero-width characters.

A right-to-left override makes `Kết quả ‮1202 năm‬` show as `năm 2021`: a figure, a date or a
number in an official notice shown to residents as something else than what is published in
the feeds, the open data and the search index. Zero-width characters split a word or a number
invisibly, so that searching for it misses it. Attachment names refuse them already (CK119);
every text field of an item and of the site config refuses them the same way. They come in by
pasting from a web page or a chat: the fix is to retype the stretch.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from generator.diagnostics import Diagnostic
from generator.diagnostics.positions import SourceFile
from generator.validate.texts import texts
from generator.vn.text import hidden_character, show_hidden

_AROUND = 20
"""Characters shown either side of the hidden one, for the clerk to find it."""


def scan(value: BaseModel, source: SourceFile) -> Iterator[Diagnostic]:
    """A CK131 error for each text field of `value` with a hidden or direction character."""
    for path, text, _ in texts(value):
        index = hidden_character(text)
        if index is None:
            continue
        start, end = max(0, index - _AROUND), index + _AROUND + 1
        around = show_hidden(text[start:end].replace("\n", " ").replace("\r", " "), limit=200)
        yield source.at(
            path,
            "CK131",
            f"có ký tự ẩn hoặc ký tự đổi chiều chữ (U+{ord(text[index]):04X}) ở “{around}”",
            "Gõ lại đoạn này (ký tự ẩn thường theo vào khi dán từ trang web, tin nhắn hoặc "
            "Word): ký tự đổi chiều làm người dân đọc thấy số, ngày khác với nội dung thật; ký tự "
            "không độ rộng làm tìm kiếm bỏ sót.",
        )
