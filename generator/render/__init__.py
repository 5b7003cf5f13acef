"""Stage 4: turn records into Markdown pages (Jinja2) and the MkDocs navigation.

The Markdown is ours and deterministic; MkDocs and Material turn it into HTML afterwards. All text
from the YAML goes through `md` or `md_block`, which neutralise raw HTML and Markdown syntax, so a
field can never inject markup into a government page.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import posixpath
import re
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markdown
import nh3

from generator.compliance.evaluate import Report
from generator.compliance.pages import NAV as COMPLIANCE_NAV
from generator.compliance.pages import render_compliance_pages
from generator.render.figures import template_filters as chart_filters
from generator.render.figures import template_globals as chart_globals
from generator.render.open_pages import NAV as OPEN_PAGES_NAV
from generator.render.open_pages import render_open_pages
from generator.render.qa_stats import question_stats
from generator.render.register import NAV as REGISTER_NAV
from generator.render.register import render_register_pages
from generator.types import TYPES, DisclosureType
from generator.types.common import Attachment
from generator.types.du_thao import STATUS_TITLES as DRAFT_STATUS_TITLES
from generator.types.hoi_dap import STATUS_TITLES
from generator.types.ngan_sach import PHASE_TITLES
from generator.types.record import Record
from generator.types.site import SiteConfig
from generator.types.tin_bai import INTERNAL_LINK
from generator.vn.formatting import vn_date, vnd

LATEST_ON_HOME = 10
_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]|!])")
_BLOCK_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")


def md(value: object) -> str:
    """Escape one line of user text for Markdown: no HTML, emphasis, links or table breaks."""
    text = " ".join(str(value).split())
    return _INLINE_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


@jinja2.pass_context
def md_text(context: jinja2.runtime.Context, value: object) -> str:
    """User-written Markdown (an article body) as sanitised HTML, ready to embed in a page.

    The body is converted here with plain Markdown (no attribute syntax), then cleaned by nh3
    (the ammonia sanitiser) against an allow-list of tags, attributes and URL schemes: raw HTML,
    event handlers and script links cannot survive. Links to other items, written as portal
    addresses, become relative links from this page's URL.
    """
    page_url = page_directory(context["page"])
    pages_by_url = context["pages_by_url"]

    def to_page(match: re.Match[str]) -> str:
        url = match.group(1) + "/"
        if url not in pages_by_url:
            return match.group(0)
        return f"]({posixpath.relpath(url, page_url)}/)"

    source = INTERNAL_LINK.sub(to_page, str(value).strip())
    converted = _markdown().reset().convert(source)
    clean = nh3.clean(
        converted,
        tags=_BODY_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener",
    )
    return f'<div class="ck-body">\n{clean}\n</div>'


@functools.cache
def _markdown() -> markdown.Markdown:
    # One converter, reset between bodies: making one compiles some sixty patterns, which cost
    # more than converting a body.
    return markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


_BODY_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def html_text(value: object) -> str:
    """Plain text made safe to place inside HTML, attributes included."""
    return html.escape(" ".join(str(value).split()), quote=True)


def web_link(href: object, text: str) -> str:
    """An HTML link to `href` showing `text`, both escaped. A web address typed in YAML may hold
    `)` or `](` (`https://x/)[Nộp](javascript:…)` is a valid URL), which in a Markdown link would
    end it and start another; in an attribute, with every character Markdown reads written as a
    character reference, it is only the address. Only http(s) and relative addresses make a
    link: anything else is shown as text."""
    url = str(href)
    if urllib.parse.urlsplit(url).scheme.lower() not in ("", "http", "https"):
        return md(text)
    return f'<a href="{html.escape(url).translate(_MARKDOWN_REFERENCES)}">{md(text)}</a>'


_MARKDOWN_REFERENCES = {ord(char): f"&#{ord(char)};" for char in "[]()*_`!\\{}~^=+#|:"}
"""Characters Markdown (with its extensions) may read as syntax, as character references."""


def md_block(value: object) -> str:
    """Escape multi-line user text; paragraphs and line breaks are kept, nothing else."""
    paragraphs = re.split(r"\n\s*\n", str(value).strip())
    out = []
    for paragraph in paragraphs:
        lines = [md(line) for line in paragraph.splitlines() if line.strip()]
        lines = [_BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line) for line in lines]
        out.append("  \n".join(lines))
    return "\n\n".join(out)


def percent(actual: int | None, estimate: int | None) -> str:
    """Execution as a share of the estimate, written the Vietnamese way: `95,3%`."""
    if actual is None or not estimate:
        return "–"
    return f"{actual * 100 / estimate:.1f}%".replace(".", ",")


def yaml_string(value: str) -> str:
    """A JSON string is a valid YAML scalar: safe for front matter whatever the text holds."""
    return json.dumps(value, ensure_ascii=False)


def page_directory(page: str) -> str:
    """The directory a page is served from: `a/b.md` -> `a/b`, `a/index.md` -> `a`."""
    stem = page.removesuffix(".md")
    return posixpath.dirname(stem) if posixpath.basename(stem) == "index" else stem


def relative(from_page: str, to_path: str) -> str:
    """Link from one Markdown page to another docs file, as MkDocs expects (relative .md paths).

    posixpath.relpath's steps without its trip through the working directory (both paths are
    relative to the docs dir): a build asks this some three thousand times."""
    start = [part for part in from_page.split("/")[:-1] if part]
    target = [part for part in to_path.split("/") if part]
    common = len(posixpath.commonprefix([start, target]))
    return "/".join([".."] * (len(start) - common) + target[common:]) or "."


def decimal(value: float | None) -> str:
    """12.5 -> `12,5`, 12.0 -> `12`: a decimal comma, and no decimals that say nothing."""
    if value is None:
        return "–"
    return f"{value:g}".replace(".", ",")


def hectares(value: float) -> str:
    """125.4 -> `125,40`: two decimals with a decimal comma and dotted thousands."""
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


class _Environment(jinja2.Environment):
    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as a dict, read once when it loads: set the environment's before
        rendering (make_environment does).

        Jinja's ChainMap over the environment's globals stays live, but every `{% from %}`
        import compares its keys with the context's in pure Python: 20 µs an import, 1,800
        imports a build. A dict's keys compare in C; each new context copies one faster too."""
        return {**self.globals, **(d or {})}


def make_environment() -> jinja2.Environment:
    env = _Environment(
        loader=jinja2.PackageLoader("generator.render", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown; escaping is explicit through md/md_block
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # The templates are congkhai's own, fixed for the life of the process: not checked on
        # disk at each of the thousands of times a build asks for one.
        auto_reload=False,
    )
    env.filters.update(
        urlquote=urllib.parse.quote,
        html_text=html_text,
        md=md,
        md_block=md_block,
        md_text=md_text,
        web_link=web_link,
        vnd=vnd,
        hectares=hectares,
        decimal=decimal,
        date=vn_date,
        yaml=yaml_string,
        percent=percent,
    )
    env.globals.update(
        relative=relative,
        budget_phases=PHASE_TITLES,
        draft_status_titles=DRAFT_STATUS_TITLES,
        question_stats=question_stats,
    )
    env.filters.update(chart_filters())
    env.globals.update(chart_globals())
    return env


PagePart = Callable[[], dict[str, str]]
"""Renders one page, or a few that belong together, to Markdown by path."""


@dataclass
class PagePlan:
    """Every page of the portal as parts to render (render_taken), newest items first
    everywhere; the compliance report's pages are added once the check stage has made it."""

    parts: list[PagePart]
    env: jinja2.Environment
    site: SiteConfig
    ordered: list[Record]
    by_type: dict[str, list[Record]]

    def compliance(self, report: Report) -> PagePart:
        return lambda: render_compliance_pages(self.env, self.site, self.ordered, report)

    def nav(self, *, with_compliance: bool) -> list[dict[str, object]]:
        return _nav(self.by_type, with_compliance=with_compliance)


def plan_pages(
    site: SiteConfig,
    records: Iterable[Record],
    as_of: dt.date,
    files_dir: Path,
    env: jinja2.Environment,
    withdrawn: Iterable[Record] = (),
) -> PagePlan:
    """The pages to render. Each part stands alone, so that the parts can be shared between
    processes (pipeline.py renders them by turns with a forked child)."""
    ordered = sorted(records, key=Record.sort_key, reverse=True)
    by_type: dict[str, list[Record]] = defaultdict(list)
    for record in ordered:
        by_type[record.kind.folder].append(record)

    pages_by_url = {record.url: record.page_path for record in ordered}
    common = {
        "site": site,
        "as_of": as_of,
        "types": TYPES,
        "status_titles": STATUS_TITLES,
        "pages_by_url": pages_by_url,
        "by_type": by_type,
    }
    parts = _page_parts(env, site, ordered, by_type, common, files_dir, withdrawn, as_of)
    return PagePlan(parts, env, site, ordered, by_type)


def render_taken(taken: Iterable[tuple[int, PagePart]]) -> dict[int, dict[str, str]]:
    """The parts given (forked.Turns.take) rendered, by their index in the plan."""
    return {index: part() for index, part in taken}


def in_plan_order(rendered: dict[int, dict[str, str]]) -> dict[str, str]:
    """The pages that processes rendered by turns (render_taken), in the plan's order."""
    return {path: text for index in sorted(rendered) for path, text in rendered[index].items()}


def _page_parts(
    env: jinja2.Environment,
    site: SiteConfig,
    ordered: list[Record],
    by_type: dict[str, list[Record]],
    common: dict[str, object],
    files_dir: Path,
    withdrawn: Iterable[Record],
    as_of: dt.date,
) -> list[PagePart]:
    def page(path: str, template: str, **values: object) -> PagePart:
        return lambda: {path: env.get_template(template).render(page=path, **values, **common)}

    # The site-wide pages, the longest to render, first: when processes take parts by turns
    # (forked.Turns), the last ones taken are short and they finish together.
    withdrawn = list(withdrawn)
    organisation = by_type.get("to-chuc", [])
    about = organisation[0].item if organisation else None
    parts = [
        lambda: render_register_pages(env, site, ordered, withdrawn, as_of),
        lambda: render_open_pages(env, site, ordered),
        page("index.md", "home.md.j2", latest=ordered[:LATEST_ON_HOME]),
        page("en/index.md", "en.md.j2", organisation=about),
        # The search page: filters for the search box, and links to every listing without
        # JavaScript.
        page("tim-kiem/index.md", "tim-kiem.md.j2"),
    ]
    for kind in TYPES.values():
        items = by_type.get(kind.folder, [])
        parts.append(_listing_part(env, kind, items, None, common))
        for year in _years(kind, items):
            year_items = [r for r in items if r.year == year]
            parts.append(_listing_part(env, kind, year_items, year, common))
        parts += (_item_part(env, record, files_dir, common) for record in items)
    return parts


def _item_part(
    env: jinja2.Environment, record: Record, files_dir: Path, common: dict[str, object]
) -> PagePart:
    def part() -> dict[str, str]:
        path = record.page_path
        return {
            path: env.get_template(record.kind.template).render(
                page=path,
                record=record,
                item=record.item,
                attachments=_links(path, record.item.attachments, files_dir),
                links=functools.partial(_links, path, files_dir=files_dir),
                **common,
            )
        }

    return part


def _nav(by_type: dict[str, list[Record]], *, with_compliance: bool) -> list[dict[str, object]]:
    nav: list[dict[str, object]] = [{"Trang chủ": "index.md"}]
    for kind in TYPES.values():
        section: list[object] = [f"{kind.folder}/index.md"]
        for year in _years(kind, by_type.get(kind.folder, [])):
            section.append({f"Năm {year}": f"{kind.folder}/{year}/index.md"})
        nav.append({kind.title: section})
    nav.append({"English": "en/index.md"})
    nav += OPEN_PAGES_NAV + REGISTER_NAV
    if with_compliance:
        nav += COMPLIANCE_NAV
    return nav


def _years(kind: DisclosureType, items: list[Record]) -> list[int]:
    return [] if kind.yearless else sorted({r.year for r in items}, reverse=True)


def _listing_part(
    env: jinja2.Environment,
    kind: DisclosureType,
    items: list[Record],
    year: int | None,
    common: dict[str, object],
) -> PagePart:
    path = f"{kind.folder}/{year}/index.md" if year else f"{kind.folder}/index.md"
    return lambda: {path: _listing(env, kind, items, path, year, common)}


def _listing(env, kind: DisclosureType, items, page: str, year: int | None, common) -> str:
    """A type's listing (or one year of it): grouped by year, newest first, or for types without
    years by their own group (a procedure's field), alphabetically."""
    grouped: dict[str, list[Record]] = defaultdict(list)
    if kind.yearless:
        for record in sorted(items, key=lambda r: (r.item.listing_group(), r.item.title)):
            grouped[record.item.listing_group()].append(record)
        groups = sorted(grouped.items())
    else:
        for record in items:
            grouped[f"Năm {record.year}"].append(record)
        groups = sorted(grouped.items(), key=lambda g: g[1][0].year, reverse=True)
    return env.get_template("listing.md.j2").render(
        page=page, kind=kind, year=year, groups=groups, items=items, **common
    )


@dataclass(frozen=True)
class AttachmentLink:
    title: str
    href: str
    kind: str
    size: str


def _links(page: str, attachments: Iterable[Attachment], files_dir: Path) -> list[AttachmentLink]:
    """Download links for files under content/files/, with their type and size."""
    links = []
    for attachment in attachments:
        path = files_dir / attachment.file
        links.append(
            AttachmentLink(
                title=attachment.title,
                # Quoted, so a file name can never end the Markdown link and start markup.
                href=urllib.parse.quote(relative(page, f"files/{attachment.file}")),
                kind=path.suffix.lstrip(".").upper() or "Tệp",
                size=human_size(path.stat().st_size),
            )
        )
    return links


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} kB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
