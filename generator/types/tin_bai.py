"""tin-bai: notices, news and legal dissemination, written in Markdown.

Legal basis: Decree 42/2022 Art. 4 / Decree 224/2026 (news, notices, legal dissemination on the
portal); Law 10/2022 Art. 11 (notices to residents).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from generator.diagnostics.positions import FieldPath
from generator.types.common import Date, Disclosure, Text

# A link to another item, written with the portal address: [text](/van-ban/2026/tb-38/).
INTERNAL_LINK = re.compile(r"\]\(\s*/?([a-z0-9-]+/(?:[0-9]{4}/)?[a-z0-9-]+)/?\s*\)")

CATEGORIES = {
    "thong-bao": "Thông báo",
    "tin-tuc": "Tin tức, sự kiện",
    "tuyen-truyen-phap-luat": "Phổ biến, giáo dục pháp luật",
}


class Article(Disclosure):
    """Thông báo, tin tức, bài tuyên truyền pháp luật."""

    category: Literal["thong-bao", "tin-tuc", "tuyen-truyen-phap-luat"]
    """Chuyên mục: thong-bao, tin-tuc, tuyen-truyen-phap-luat."""
    body: Text
    """Nội dung bài viết bằng Markdown; liên kết đến mục khác: [chữ](/van-ban/2026/tb-38/)."""
    author: Text | None = None
    """Tác giả hoặc nguồn tin."""
    valid_until: Date | None = None
    """Thông báo có giá trị đến ngày (nếu có)."""

    @property
    def category_title(self) -> str:
        return CATEGORIES[self.category]

    def listing_note(self) -> str:
        return self.category_title

    def references(self) -> Iterator[tuple[FieldPath, str]]:
        for match in INTERNAL_LINK.finditer(self.body):
            yield ("body",), match.group(1) + "/"
