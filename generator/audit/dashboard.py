"""Write the audit as a static dashboard: HTML pages, a stylesheet, a small script, CSV and JSON.

Plain Jinja2 HTML rather than a second MkDocs build: the matrix needs markup Markdown tables cannot
carry (a header cell per rule with its title, a class and a sort value per cell), a province's
150 communes × 50 rules builds in well under a second, and the folder opens from a file share or
any web server with nothing else installed. It keeps the portal's look (its red, its type scale)
in one stylesheet, reads fully without JavaScript, and the script only adds sorting and filters.
Everything a portal sent is escaped, and only http(s) links from it are made clickable.
"""

from __future__ import annotations

import datetime as dt
import shutil
from importlib import resources
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from generator.audit.export import audit_csv, audit_json
from generator.audit.matrix import (
    CELL_MARKS,
    CELL_TITLES,
    JUDGED,
    WORST_FIRST,
    Audit,
    Cell,
    CommuneResult,
)
from generator.audit.registry import official_data_version
from generator.render.charts import Chart, vn_percent
from generator.render.figures import audit_rule_chart, audit_trend_chart
from generator.vn.formatting import vn_date

INDEX = "index.html"
RULES_PAGE = "quy-tac.html"
COMMUNE_DIR = "xa"
ASSETS = ("audit.css", "audit.js")


def commune_page(code: str) -> str:
    return f"{COMMUNE_DIR}/{code}.html"


def write_dashboard(audit: Audit, out: Path) -> list[Path]:
    """Write every page and file under `out` (created if needed); returns what was written."""
    env = _environment()
    written = [
        _write(out / INDEX, env.get_template("index.html.j2").render(audit=audit, root="")),
        _write(out / RULES_PAGE, env.get_template("rules.html.j2").render(audit=audit, root="")),
    ]
    page = env.get_template("commune.html.j2")
    for result in audit.communes:
        text = page.render(audit=audit, result=result, root="../")
        written.append(_write(out / commune_page(result.portal.commune.code), text))
    written.append(_write(out / "matrix.json", audit_json(audit)))
    written.append(_write(out / "matrix.csv", audit_csv(audit)))
    assets = resources.files("generator.audit") / "assets"
    for name in ASSETS:
        with resources.as_file(assets / name) as source:
            target = out / "assets" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            written.append(target)
    stale = out / COMMUNE_DIR
    keep = {out / commune_page(r.portal.commune.code) for r in audit.communes}
    for old in stale.glob("*.html"):
        if old not in keep:
            old.unlink()
    return written


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator.audit", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["vn_date"] = lambda d: vn_date(d) if d else ""
    env.filters["percent"] = lambda x: "" if x is None else f"{round(x * 100)} %"
    env.globals.update(
        Cell=Cell,
        CELL_TITLES=CELL_TITLES,
        CELL_MARKS=CELL_MARKS,
        ORDER={cell.value: i for i, cell in enumerate(WORST_FIRST)},
        commune_page=commune_page,
        evidence_link=evidence_link,
        safe_link=safe_link,
        official_version=official_data_version(),
        rule_chart=rule_chart,
        trend_points=trend_points,
        trend_chart=trend_chart,
    )
    env.filters["share"] = vn_percent
    return env


def rule_chart(audit: Audit) -> Chart | None:
    """The share of communes that comply with each rule, numbered as in the matrix."""
    rows = []
    for number, rule in enumerate(audit.rules, start=1):
        figures = audit.figures(rule)
        rows.append(
            (f"{number}. {rule.title}", figures[Cell.PASS], sum(figures[c] for c in JUDGED))
        )
    return audit_rule_chart(rows)


def trend_points(audit: Audit, result: CommuneResult) -> list[tuple[str, float]]:
    """The commune's share of rules passed at each audit, oldest first, dated the Vietnamese way."""
    return [(_date(when), share) for when, share in audit.trend(result)]


def trend_chart(audit: Audit, result: CommuneResult) -> Chart | None:
    """Drawn from the second audit on (`--previous`)."""
    commune = result.portal.commune
    return audit_trend_chart(
        commune.name, trend_points(audit, result), key=f"xu-huong-{commune.code}"
    )


def _date(iso: str) -> str:
    try:
        return vn_date(dt.date.fromisoformat(iso))
    except ValueError:
        return iso


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
