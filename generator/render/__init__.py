"""Stage 4, render: records -> Markdown pages (Jinja2) and the MkDocs navigation, in memory.

The Markdown is ours and deterministic; the html stage turns it into HTML afterwards. All text
from the YAML goes through the filters of environment.py (`md`, `md_block`, `md_text`), which
neutralise raw HTML and Markdown syntax, so a field can never inject markup into a government page.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import urllib.parse
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import jinja2

from generator.compliance.evaluate import Report
from generator.compliance.pages import ACCESS_PAGE, render_compliance_pages
from generator.render.environment import human_size, relative
from generator.render.open_pages import render_open_pages
from generator.render.register import render_register_pages
from generator.types import TYPES, DisclosureType
from generator.types.common import RESIDENT_LISTS, Attachment
from generator.types.hoi_dap import STATUS_TITLES
from generator.types.record import Record
from generator.types.site import SiteConfig

LATEST_ON_HOME = 10


@dataclass
class Rendered:
    pages: dict[str, str]
    """Every Markdown page by its path in the docs."""
    nav: list[dict[str, object]]


def render(
    env: jinja2.Environment,
    site: SiteConfig,
    records: Iterable[Record],
    *,
    as_of: dt.date,
    attachments: Mapping[str, int],
    report: Report | None = None,
    withdrawn: Iterable[Record] = (),
) -> Rendered:
    """Every page of the portal, newest items first everywhere: the site-wide pages, then each
    type's listings and items; the compliance report's pages when there is a report."""
    ordered = sorted(records, key=Record.sort_key, reverse=True)
    by_type: dict[str, list[Record]] = defaultdict(list)
    for record in ordered:
        by_type[record.kind.folder].append(record)
    common = {
        "site": site,
        "as_of": as_of,
        "types": TYPES,
        "status_titles": STATUS_TITLES,
        "pages_by_url": {record.url: record.page_path for record in ordered},
        "by_type": by_type,
    }

    def page(path: str, template: str, **values: object) -> dict[str, str]:
        return {path: env.get_template(template).render(page=path, **values, **common)}

    organisation = by_type.get("to-chuc", [])
    about = organisation[0].item if organisation else None
    pages = {
        **render_register_pages(env, site, ordered, list(withdrawn), as_of),
        **render_open_pages(env, site, ordered),
        **page("index.md", "home.md.j2", latest=ordered[:LATEST_ON_HOME]),
        **page("en/index.md", "en.md.j2", organisation=about),
        # The search page: filters for the search box, and links to every listing without
        # JavaScript.
        **page("tim-kiem/index.md", "tim-kiem.md.j2"),
    }
    for kind in TYPES.values():
        items = by_type.get(kind.folder, [])
        pages.update(_listing(env, kind, items, None, common))
        for year in _years(kind, items):
            pages.update(_listing(env, kind, [r for r in items if r.year == year], year, common))
        for record in items:
            pages[record.page_path] = _item_page(env, record, attachments, common)
            if posted(record):
                pages[sheet_path(record)] = _sheet_page(env, record, common)
    if report is not None:
        pages.update(render_compliance_pages(env, site, ordered, report))
    return Rendered(pages, _nav(by_type, with_compliance=report is not None))


EXAMPLE_BANNER = """!!! warning "Nội dung ví dụ"

    Trang này là ví dụ về cách ghi, không phải thông tin thật của {agency}.

"""


def with_example_banner(markdown: str, agency: str) -> str:
    """The page with the example banner first, after its front matter (`---` ... `---`)."""
    head, sep, body = markdown.partition("\n---\n")
    if not sep or not head.startswith("---"):
        return EXAMPLE_BANNER.format(agency=agency) + markdown
    return f"{head}{sep}\n{EXAMPLE_BANNER.format(agency=agency)}{body}"


def _item_page(
    env: jinja2.Environment,
    record: Record,
    attachments: Mapping[str, int],
    common: dict[str, object],
) -> str:
    path = record.page_path

    def links(items: Iterable[Attachment]) -> list[AttachmentLink]:
        return attachment_links(path, items, attachments)

    text = env.get_template(record.kind.template).render(
        page=path,
        record=record,
        item=record.item,
        robots=robots(record),
        attachments=links(record.item.attachments),
        links=links,
        **common,
    )
    if record.item.example:
        text = with_example_banner(text, common["site"].agency)  # type: ignore[attr-defined]
    return text


def robots(record: Record) -> str | None:
    """What search engines are asked of an item's page: a list naming residents (poor
    households, call-up lists) is posted for the commune, not for a search engine's index; a page
    with a removal date is dropped from their results on that date."""
    rules = ["noindex", "noarchive"] if record.kind.folder in RESIDENT_LISTS else []
    if record.item.unpublish_after is not None:
        # Google's unavailable_after takes an RFC 850 date, or ISO 8601, as here.
        rules.append(f"unavailable_after: {record.item.unpublish_after.isoformat()}")
    return ", ".join(rules) or None


def posted(record: Record) -> bool:
    """Whether the item is one posted on the notice board (its type records a posting window):
    it then gets a printable A4 sheet at `<its address>niem-yet/`."""
    return hasattr(record.item, "posted_from")


def sheet_path(record: Record) -> str:
    return record.url + "niem-yet.md"


def _sheet_page(env: jinja2.Environment, record: Record, common: dict[str, object]) -> str:
    return env.get_template("niem-yet.md.j2").render(
        page=sheet_path(record), record=record, item=record.item, **common
    )


def _nav(by_type: dict[str, list[Record]], *, with_compliance: bool) -> list[dict[str, object]]:
    """The sections only, one link each (a section's page links its years): about twenty links
    that fit a phone's menu and a desktop's side column. The open data, feeds, registers, the
    completeness report and the English page are linked from every page's footer
    (theme partials/copyright.html)."""
    nav: list[dict[str, object]] = [{"Trang chủ": "index.md"}]
    nav += [{kind.title: f"{kind.folder}/index.md"} for kind in TYPES.values()]
    if with_compliance:
        nav.append({"Tiếp cận thông tin": ACCESS_PAGE})
    return nav


def _years(kind: DisclosureType, items: list[Record]) -> list[int]:
    return [] if kind.yearless else sorted({r.year for r in items}, reverse=True)


def _listing(
    env: jinja2.Environment,
    kind: DisclosureType,
    items: list[Record],
    year: int | None,
    common: dict[str, object],
) -> dict[str, str]:
    """A type's listing (or one year of it): grouped by year, newest first, or for types without
    years by their own group (a procedure's field), alphabetically."""
    page = f"{kind.folder}/{year}/index.md" if year else f"{kind.folder}/index.md"
    grouped: dict[str, list[Record]] = defaultdict(list)
    if kind.yearless:
        for record in sorted(items, key=lambda r: (r.item.listing_group(), r.item.title)):
            grouped[record.item.listing_group()].append(record)
        groups = sorted(grouped.items())
    else:
        for record in items:
            grouped[f"Năm {record.year}"].append(record)
        groups = sorted(grouped.items(), key=lambda g: g[1][0].year, reverse=True)
    return {
        page: env.get_template("listing.md.j2").render(
            page=page, kind=kind, year=year, groups=groups, items=items, **common
        )
    }


@dataclass(frozen=True)
class AttachmentLink:
    title: str
    href: str
    kind: str
    size: str


def attachment_links(
    page: str, items: Iterable[Attachment], attachments: Mapping[str, int]
) -> list[AttachmentLink]:
    """Download links for files under content/files/, with their type and size."""
    links = []
    for attachment in items:
        links.append(
            AttachmentLink(
                title=attachment.title,
                # Quoted, so a file name can never end the Markdown link and start markup.
                href=urllib.parse.quote(relative(page, f"files/{attachment.file}")),
                kind=posixpath.splitext(attachment.file)[1].lstrip(".").upper() or "Tệp",
                size=human_size(attachments[posixpath.normpath(attachment.file)]),
            )
        )
    return links
