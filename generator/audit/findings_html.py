"""A commune's findings, rule by rule, as HTML: the bulk of its page.

Written in Python rather than in the Jinja template because it runs for every rule, period and
evidence item of every commune (thousands of elements a page, thousands of pages a national
audit), and plain string building with one escape per value is several times faster than the
template's per-attribute lookups. The markup is the one the template had; every value a portal
sent is escaped, and only http(s) links are made.
"""

from __future__ import annotations

import datetime as dt
import functools
from urllib.parse import urljoin, urlsplit

from markupsafe import Markup, escape

from generator.audit.matrix import CELL_MARKS, CELL_TITLES, FAILING, CommuneResult
from generator.compliance.rules import Rule
from generator.vn.formatting import vn_date


def safe_link(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) address, else None: a portal's data decides what it
    links to, and a `javascript:` address must never become a link."""
    if not url:
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def evidence_link(url: str, portal: str | None) -> str | None:
    """Where an evidence item can be opened: its own address, or one relative to the portal."""
    if safe_link(url):
        return url
    if portal and safe_link(portal):
        return safe_link(urljoin(portal, url.lstrip("/")))
    return None


@functools.lru_cache(maxsize=4096)
def _date(day: object) -> str:
    return vn_date(day)  # type: ignore[arg-type]


@functools.lru_cache(maxsize=1024)
def _rule_line(rule_id: str, group: str, basis: str) -> str:
    return (
        f'<p class="ck-muted">{escape(group)} · <code>{escape(rule_id)}</code> · '
        f"Căn cứ: {escape(basis)}</p>"
    )


_BASIS: dict[tuple[str, dt.date], str] = {}


def findings(
    rules: list[Rule], result: CommuneResult, portal: str | None, as_of: dt.date
) -> Markup:
    parts: list[str] = []
    add = parts.append
    for rule in rules:
        cell = result.cells[rule.id]
        value = cell.cell.value
        rule_id = escape(rule.id)
        basis = _BASIS.get((rule.id, as_of))
        if basis is None:
            basis = _BASIS[rule.id, as_of] = rule.basis_on(as_of)
        advisory = (
            ' <span class="ck-muted">(chỉ cảnh báo)</span>'
            if cell.advisory and cell.cell in FAILING
            else ""
        )
        add(
            f'<section class="ck-finding" id="{rule_id}" data-rule="{rule_id}" '
            f'data-cell="{value}">\n'
            f'  <h3><span class="ck-cell ck-{value}" aria-hidden="true">{CELL_MARKS[cell.cell]}'
            f"</span> {escape(rule.title)}: "
            f'<span class="ck-status">{CELL_TITLES[cell.cell]}</span>{advisory}</h3>\n'
            f"  {_rule_line(rule.id, rule.group, basis)}\n  <ul>\n"
        )
        for period in cell.periods:
            name = f"<strong>{escape(period.period)}</strong>: " if period.period else ""
            add(
                f'    <li class="ck-period" data-cell="{period.cell.value}">{name}'
                f"{CELL_TITLES[period.cell]} — {escape(period.detail)}\n"
            )
            if period.evidence:
                add('      <ul class="ck-evidence">\n')
                for item in period.evidence:
                    href = evidence_link(item.url, portal)
                    title = escape(item.title)
                    if href:
                        add(f'        <li><a href="{escape(href)}">{title}</a>')
                    else:
                        path = escape(item.url.lstrip("/"))
                        add(f'        <li>{title} <span class="ck-muted">(/{path})</span>')
                    if item.published:
                        add(f", đăng ngày {_date(item.published)}")
                    add("</li>\n")
                add("      </ul>\n")
            add("    </li>\n")
        add("  </ul>\n</section>\n")
    return Markup("".join(parts))
