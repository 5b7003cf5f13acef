"""The Jinja2 environment the pages are rendered in, and its filters: everything that turns a
value from the YAML into Markdown or HTML text, escaped for where it goes."""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
import urllib.parse

import jinja2
import markdown
import nh3

from generator.render.contact_links import link_phones, mailto, map_link, tel
from generator.render.escape import md
from generator.render.figures import template_filters as chart_filters
from generator.render.figures import template_globals as chart_globals
from generator.render.qa_stats import question_stats
from generator.render.qr import page_address, qr_svg
from generator.types.du_thao import STATUS_TITLES as DRAFT_STATUS_TITLES
from generator.types.ngan_sach import PHASE_TITLES
from generator.types.tin_bai import INTERNAL_LINK
from generator.vn.formatting import vn_date, vnd

_BLOCK_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")


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

    source = paragraph_lines(INTERNAL_LINK.sub(to_page, str(value).strip()))
    converted = _markdown().reset().convert(source)
    clean = nh3.clean(
        converted,
        tags=_BODY_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener",
    )
    return f'<div class="ck-body">\n{clean}\n</div>'


_STRUCTURE = re.compile(r"^(\s{4}|\s*([-*+]\s|\d+[.)]\s|\||#|>|```|~~~))")


def paragraph_lines(source: str) -> str:
    """Each plain line of a body its own paragraph, as the clerk sees it in the signed text.

    Markdown joins consecutive lines into one paragraph; a notice pasted from its document has
    one point per line and would run together. Lists, tables, headings, quotes, code and lines
    ending in a Markdown hard break keep their Markdown meaning."""
    lines = source.splitlines()
    out: list[str] = []
    fenced = False
    for index, line in enumerate(lines):
        out.append(line)
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        following = lines[index + 1] if index + 1 < len(lines) else ""
        plain = not fenced and line.strip() and following.strip() and not line.endswith("  ")
        if plain and not _STRUCTURE.match(line) and not _STRUCTURE.match(following):
            out.append("")
    return "\n".join(out)


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
    """Escape multi-line user text into paragraphs, nothing else; phone numbers dial when tapped.

    A blank line always starts a paragraph. A single line break does too, unless the next line
    carries on the sentence (_continues): text wrapped by hand in the YAML reads as one
    paragraph, with no break mid-sentence, while one line per point stays one paragraph per
    point. Every template's multi-line text goes through here."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", str(value).strip()):
        lines: list[str] = []
        for line in (part.strip() for part in block.splitlines()):
            if not line:
                continue
            if lines and not _continues(lines[-1], line):
                paragraphs.append(" ".join(lines))
                lines = []
            lines.append(line)
        if lines:
            paragraphs.append(" ".join(lines))
    escaped = (md(p) for p in paragraphs)
    return "\n\n".join(
        link_phones(_BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), p)) for p in escaped
    )


def _continues(previous: str, line: str) -> bool:
    """Whether `line` carries on the sentence of the line before: that line ends no sentence and
    is no heading, and either this one starts in lower case, or the line before is as long as
    lines wrapped by hand are. Vietnamese capitalises names mid-sentence (Cổng Dịch vụ công,
    Quỹ, thôn Đông), so a capital alone does not start a paragraph; a list of short points
    ("Thôn Đông", "Thôn Trung") still keeps a line each."""
    if _SENTENCE_END.search(previous) or previous.isupper():
        return False
    return line[0].islower() or len(previous) >= WRAPPED


_SENTENCE_END = re.compile(r"[.!?:;…]['\"”’)]*$")
WRAPPED = 60
"""Characters from which a line not ending a sentence is taken for one wrapped by hand."""


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


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
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
        web_link=web_link,
        md_text=md_text,
        vnd=vnd,
        hectares=hectares,
        decimal=decimal,
        date=vn_date,
        yaml=yaml_string,
        percent=percent,
        tel=tel,
        mailto=mailto,
        map_link=map_link,
    )
    env.globals.update(
        relative=relative,
        budget_phases=PHASE_TITLES,
        draft_status_titles=DRAFT_STATUS_TITLES,
        question_stats=question_stats,
        page_address=page_address,
        qr_svg=qr_svg,
    )
    env.filters.update(chart_filters())
    env.globals.update(chart_globals())
    return env


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} kB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
