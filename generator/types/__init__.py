"""The disclosure types: one module each, registered here by their content folder name.

A plain dict is the registry (no plugin machinery): adding a type means adding a module, a
template and one entry below.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.types.common import Disclosure
from generator.types.ho_ngheo import PovertyReview
from generator.types.hoi_dap import Question
from generator.types.ngan_sach import Budget


@dataclass(frozen=True)
class DisclosureType:
    folder: str
    """Content folder and first URL segment, e.g. `ngan-sach`."""
    title: str
    """Vietnamese name shown in the navigation and listings."""
    description: str
    """One sentence for residents at the top of the listing page."""
    model: type[Disclosure]
    template: str
    """Jinja2 template (in generator/templates/) that renders one item to Markdown."""


TYPES: dict[str, DisclosureType] = {
    t.folder: t
    for t in (
        DisclosureType(
            "ngan-sach",
            "Ngân sách",
            "Dự toán, tình hình thực hiện theo quý, 6 tháng, cả năm và quyết toán ngân sách xã.",
            Budget,
            "ngan-sach.md.j2",
        ),
        DisclosureType(
            "ho-ngheo",
            "Hộ nghèo, cận nghèo",
            "Kết quả rà soát hộ nghèo, hộ cận nghèo và danh sách được niêm yết công khai.",
            PovertyReview,
            "ho-ngheo.md.j2",
        ),
        DisclosureType(
            "hoi-dap",
            "Hỏi đáp",
            "Câu hỏi, kiến nghị của người dân và câu trả lời của UBND xã.",
            Question,
            "hoi-dap.md.j2",
        ),
    )
}
