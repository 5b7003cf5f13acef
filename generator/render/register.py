"""Two generated pages of Law 10/2022: the quarterly register of what was disclosed (Art. 13(2))
and the annual disclosure plan (Art. 14(1)).

The register is not typed by anyone: every item of a type that holds an Art. 11 group is listed
in the quarter it was published, with the forms it was disclosed in (portal, posting places,
commune radio) and their dates, as recorded on the item. Items taken down since (a call-up list
after the call-up) stay in the register, named without a link: the register records what was
disclosed, not what is still online.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import jinja2

from generator.types import TYPES
from generator.types.record import Record
from generator.types.site import SiteConfig
from generator.vn.formatting import vn_date

REGISTER_PAGE = "cong-khai/theo-quy/index.md"
PLAN_PAGE = "cong-khai/ke-hoach/index.md"
NAV = [{"Công khai theo Luật 10/2022": [{"Danh mục đã công khai theo quý": REGISTER_PAGE},
                                        {"Kế hoạch công khai hằng năm": PLAN_PAGE}]}]  # fmt: skip
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Entry:
    record: Record
    groups: tuple[int, ...]
    forms: list[str]
    withdrawn: dt.date | None
    """The day the item left the portal, when it has."""


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int
    entries: list[Entry]

    @property
    def title(self) -> str:
        return f"Quý {ROMAN[self.number]} năm {self.year}"

    @property
    def anchor(self) -> str:
        return f"quy-{self.number}-{self.year}"


def disclosure_forms(record: Record) -> list[str]:
    """How the item was disclosed, in Vietnamese: portal, posting and radio, with their dates."""
    item = record.item
    forms = [f"Cổng thông tin điện tử ({vn_date(item.published)})"]
    places = "; ".join(getattr(item, "posting_places", None) or [])
    posted_from, posted_to = getattr(item, "posted_from", None), getattr(item, "posted_to", None)
    if posted_from and posted_to:
        forms.append(f"Niêm yết từ {vn_date(posted_from)} đến {vn_date(posted_to)} tại {places}")
    elif places:
        forms.append(f"Niêm yết thường xuyên tại {places}")
    radio_from, radio_to = getattr(item, "radio_from", None), getattr(item, "radio_to", None)
    if radio_from and radio_to:
        forms.append(f"Loa truyền thanh từ {vn_date(radio_from)} đến {vn_date(radio_to)}")
    return forms


def quarters(
    published: Iterable[Record], withdrawn: Iterable[Record], as_of: dt.date
) -> list[Quarter]:
    """The quarters up to `as_of`, newest first, each with the Art. 11 items published in it."""
    by_quarter: dict[tuple[int, int], list[Entry]] = defaultdict(list)
    for records, gone in ((published, False), (withdrawn, True)):
        for record in records:
            if not record.kind.law_groups or record.published > as_of:
                continue
            day = record.published
            by_quarter[(day.year, (day.month - 1) // 3 + 1)].append(
                Entry(
                    record,
                    record.kind.law_groups,
                    disclosure_forms(record),
                    record.item.unpublish_after if gone else None,
                )
            )
    return [
        Quarter(year, number, sorted(entries, key=lambda e: (e.record.published, e.record.url)))
        for (year, number), entries in sorted(by_quarter.items(), reverse=True)
    ]


def render_register_pages(
    env: jinja2.Environment,
    site: SiteConfig,
    published: list[Record],
    withdrawn: list[Record],
    as_of: dt.date,
) -> dict[str, str]:
    """Markdown of the quarterly register and of the annual disclosure plan."""
    from generator.render.environment import relative

    folders_by_group: dict[int, list[str]] = defaultdict(list)
    for kind in TYPES.values():
        for group in kind.law_groups:
            folders_by_group[group].append(kind.folder)
    common = {"site": site, "relative": relative, "types": TYPES, "as_of": as_of}
    return {
        REGISTER_PAGE: env.get_template("cong-khai-theo-quy.md.j2").render(
            page=REGISTER_PAGE, quarters=quarters(published, withdrawn, as_of), **common
        ),
        PLAN_PAGE: env.get_template("ke-hoach-cong-khai.md.j2").render(
            page=PLAN_PAGE,
            plans=site.disclosure_plans,
            folders_by_group=folders_by_group,
            **common,
        ),
    }
