"""Write the audit as a static dashboard: HTML pages, a stylesheet, a small script, CSV and JSON.

Plain Jinja2 HTML rather than a second MkDocs build: the matrix needs markup Markdown tables cannot
carry (a header cell per rule with its title, a class per cell), and the folder opens from a file
share or any web server with nothing else installed. It keeps the portal's look (its red, its type
scale) in one stylesheet, reads fully without JavaScript, and the script only adds sorting and
filters. Everything a portal sent is escaped, and only http(s) links from it are made clickable.

Pages are split so that none grows with the whole country: the first page lists the provinces, a
province's page holds its communes' matrix (at most about 170 communes), and each commune has its
own page, written as soon as the commune is audited.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from generator.audit import details
from generator.audit.export import commune_json, write_csv, write_json
from generator.audit.findings_html import evidence_link, findings, safe_link
from generator.audit.matrix import (
    CELL_MARKS,
    CELL_TITLES,
    FAILING,
    JUDGED,
    Audit,
    Cell,
    CommuneResult,
    CommuneSummary,
    Province,
)
from generator.audit.registry import official_data_version
from generator.compliance.rules import Rule
from generator.render.charts import Chart, vn_percent
from generator.render.figures import audit_rule_chart, audit_trend_chart
from generator.vn.formatting import vn_date

INDEX = "index.html"
RULES_PAGE = "quy-tac.html"
COMMUNE_DIR = "xa"
PROVINCE_DIR = "tinh"
ASSETS = ("audit.css", "audit.js")


def commune_page(code: str) -> str:
    return f"{COMMUNE_DIR}/{code}.html"


def province_page(code: str) -> str:
    return f"{PROVINCE_DIR}/{code}.html"


def write_commune(out: Path, frame: Audit, result: CommuneResult, summary: CommuneSummary) -> None:
    """The commune's page and JSON, from its full result (every period and its evidence)."""
    page = environment().get_template("commune.html.j2")
    code = summary.commune.code
    text = page.render(audit=frame, result=result, summary=summary, root="../")
    _write(out / commune_page(code), text.encode("utf-8"))
    summary.detail = details.append(out, commune_json(result, summary))


def write_dashboard(audit: Audit, out: Path) -> list[Path]:
    """Write the pages over all communes, CSV, JSON and assets under `out`, and remove the
    commune and province pages of an earlier audit that this one no longer has."""
    env = environment()
    provinces = audit.provinces()
    written = [
        _write(out / INDEX, _render(env, "index.html.j2", audit, "", provinces=provinces)),
        _write(out / RULES_PAGE, _render(env, "rules.html.j2", audit, "")),
    ]
    template = env.get_template("province.html.j2")
    for province in provinces:
        text = template.render(audit=audit, province=province, root="../")
        written.append(_write(out / province_page(province.code), text.encode("utf-8")))
    written.append(write_json(audit, out / "matrix.json"))
    written.append(write_csv(audit, out / "matrix.csv"))
    if details.pending(out):
        written.append(details.assemble(out, [c.detail for c in audit.communes]))
    assets = resources.files("generator.audit") / "assets"
    for name in ASSETS:
        with resources.as_file(assets / name) as source:
            target = out / "assets" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            written.append(target)
    codes = {r.commune.code for r in audit.communes}
    for old in (out / COMMUNE_DIR).glob("*.html"):
        if old.stem not in codes:
            old.unlink()
    kept = {p.code for p in provinces}
    for old in (out / PROVINCE_DIR).glob("*.html"):
        if old.stem not in kept:
            old.unlink()
    return written


def _render(env: Environment, name: str, audit: Audit, root: str, **extra: object) -> bytes:
    return env.get_template(name).render(audit=audit, root=root, **extra).encode("utf-8")


def _write(path: Path, data: bytes) -> Path:
    """Write through a temporary file, so that a reader of the folder (a web server serving the
    last audit) never sees half a page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


@functools.cache
def environment() -> Environment:
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
    env.filters["share"] = vn_percent
    env.globals.update(
        Cell=Cell,
        CELL_TITLES=CELL_TITLES,
        CELL_MARKS=CELL_MARKS,
        FAILING=FAILING,
        commune_page=commune_page,
        province_page=province_page,
        evidence_link=evidence_link,
        findings=findings,
        safe_link=safe_link,
        official_version=official_data_version(),
        rule_chart=rule_chart,
        trend_points=trend_points,
        trend_chart=trend_chart,
        matrix_cells=matrix_cells,
        failing_communes=failing_communes,
    )
    return env


CELL_CODES = {
    Cell.MISSING: "m",
    Cell.INCOMPLETE: "i",
    Cell.LATE: "l",
    Cell.UNKNOWN: "u",
    Cell.PASS: "p",
    Cell.NOT_DUE: "d",
    Cell.NOT_APPLICABLE: "n",
}
"""A matrix cell's class, `k-<letter>` (audit.css colours it, audit.js sorts and filters by it)."""


@functools.cache
def _cell_markup(cell: Cell, flagged: bool) -> Markup:
    # The mark for the eye, the words (visually hidden) for screen readers and search, a one-letter
    # class for the colour and the script: the province pages hold 168 × 96 cells at most, and
    # every byte of a cell is 16 kB there.
    star = "<sup>*</sup>" if flagged else ""
    return Markup(
        f"<td class=k-{CELL_CODES[cell]}>{CELL_MARKS[cell]}<b>{escape(CELL_TITLES[cell])}</b>"
        f"{star}</td>"
    )


def matrix_cells(result: CommuneSummary, rules: list[Rule]) -> Markup:
    """A commune's row of cells, one per rule in order."""
    cells = result.cells
    return Markup("".join([_cell_markup(cells[r.id].cell, cells[r.id].flagged) for r in rules]))


def failing_communes(province: Province, cell: Cell) -> int:
    """How many of the province's communes have at least one rule in this state."""
    return sum(1 for r in province.communes if any(c.cell is cell for c in r.cells.values()))


def rule_chart(audit: Audit) -> Chart | None:
    """The share of communes that comply with each rule, numbered as in the matrix."""
    rows = []
    for number, rule in enumerate(audit.rules, start=1):
        figures = audit.figures(rule)
        rows.append(
            (f"{number}. {rule.title}", figures[Cell.PASS], sum(figures[c] for c in JUDGED))
        )
    return audit_rule_chart(rows)


def trend_points(summary: CommuneSummary) -> list[tuple[str, float]]:
    """The commune's share of rules passed at each audit, oldest first, dated the Vietnamese way."""
    return [(_date(when), share) for when, share in summary.history]


def trend_chart(summary: CommuneSummary) -> Chart | None:
    """Drawn from the second audit on (`--previous`)."""
    commune = summary.commune
    return audit_trend_chart(commune.name, trend_points(summary), key=f"xu-huong-{commune.code}")


def _date(iso: str) -> str:
    try:
        return vn_date(dt.date.fromisoformat(iso))
    except ValueError:
        return iso
