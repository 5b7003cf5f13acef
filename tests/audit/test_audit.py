"""congkhai audit: many communes' portals, read from built sites, content checkouts and HTTP.

Every commune here is made by congkhai itself: two are full builds (one read from its site
directory, one served over HTTP on 127.0.0.1), one is a content checkout, and twenty more carry
the manifest the publish stage writes. Hostile servers (down, slow, dripping, redirecting in a
loop, huge, broken JSON, off-schema JSON, failing with 500) sit beside them in the same registry.
"""

from __future__ import annotations

import csv
import datetime as dt
import http.server
import io
import json
import shutil
import socket
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from fixtures import (
    APPROVED,
    AS_OF,
    REPO,
    audit_budget,
    commune_files,
    dedent,
    make_commune,
    manifest_of,
    write_manifest,
)

from generator.audit.dashboard import CELL_CODES
from generator.audit.manifest_records import parse_manifest
from generator.audit.matrix import CELL_TITLES, Cell
from generator.audit.registry import load_registry
from generator.audit.run import run_audit
from generator.build import build
from generator.cli import main
from generator.project import Project
from generator.publish.manifest import MANIFEST_PATH
from generator.render.charts import vn_percent

QUARTERLY = "dcco.a11.k2.budget_quarterly"
SIX_MONTHS = "dcco.a11.k2.budget_6m"
CONTACTS = "ltctt.a19.agency_contacts"
OWNER = "nd42.a3.owner"

# Codes of real communes of Ninh Bình (province 37) in the official list.
OFFICIAL = {
    "14464": "Xã Gia Viễn",
    "14500": "Xã Đại Hoàng",
    "14482": "Xã Gia Hưng",
    "14524": "Xã Gia Phong",
    "14488": "Xã Gia Vân",
    "14494": "Xã Gia Trấn",
    "14428": "Xã Nho Quan",
    "14389": "Xã Gia Lâm",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves built sites from a folder, plus a few hostile portals."""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        name = self.path.strip("/").split("/")[0]
        if name == "slow":
            time.sleep(3)
        elif name == "drip":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
            return
        elif name == "loop":
            self.send_response(302)
            self.send_header("Location", self.path)
            self.end_headers()
            return
        elif name == "js":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        elif name == "huge":
            self.send_response(200)
            self.end_headers()
            try:
                for _ in range(64):
                    self.wfile.write(b"[" * 65536)
            except OSError:
                pass
            return
        elif name == "error":
            self.send_response(500)
            self.end_headers()
            return
        super().do_GET()


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the audit hung up on a hostile handler on purpose


@pytest.fixture(scope="module")
def server_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("served")


@pytest.fixture(scope="module")
def server(server_root: Path) -> Iterator[str]:
    handler = partial(Handler, directory=str(server_root))
    httpd = QuietServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory, server: str, server_root: Path):
    """The registry and what each commune was made to show."""
    root = tmp_path_factory.mktemp("province")
    expected: dict[str, dict[str, str]] = {}
    entries: list[str] = []

    # A full build, read from its site directory.
    built = make_commune(
        root / "built",
        commune_files("pass", quarter_1=True, site_url="https://giavien.example.vn/"),
    )
    assert build(built, as_of=AS_OF).published
    entries.append(f'  - {{code: "14464", site: {built.site_dir}}}')
    expected["14464"] = {APPROVED: "pass", QUARTERLY: "missing", SIX_MONTHS: "missing"}

    # A content checkout, read and validated like a build would.
    checkout = make_commune(root / "checkout", commune_files("late", quarter_1=False))
    entries.append(f'  - {{code: "14500", content: {checkout.root}}}')
    expected["14500"] = {APPROVED: "late", QUARTERLY: "missing", SIX_MONTHS: "missing"}

    # A full build served over HTTP.
    served = make_commune(root / "served", commune_files("missing", quarter_1=True))
    assert build(served, as_of=AS_OF).published
    shutil.copytree(served.site_dir, server_root / "served")
    entries.append(f'  - {{code: "14482", url: "{server}served/"}}')
    expected["14482"] = {APPROVED: "missing", QUARTERLY: "missing", SIX_MONTHS: "missing"}

    # Twenty more with varied gaps, half from directories and half over HTTP.
    for n in range(20):
        approved = ("pass", "late", "missing")[n % 3]
        project = make_commune(root / f"gen-{n}", commune_files(approved, quarter_1=n % 2 == 0))
        code = f"9{n:04d}"
        if n % 2:
            write_manifest(root / f"gen-site-{n}", manifest_of(project))
            entries.append(f'  - {{code: "{code}", name: Xã Số {n}, site: gen-site-{n}}}')
        else:
            write_manifest(server_root / f"gen-{n}", manifest_of(project))
            entries.append(f'  - {{code: "{code}", name: Xã Số {n}, url: "{server}gen-{n}"}}')
        expected[code] = {APPROVED: approved, QUARTERLY: "missing", SIX_MONTHS: "missing"}

    # Portals that cannot be read, each for its own reason.
    write_manifest(root / "broken-site", b"{not json")
    off_schema = json.loads(manifest_of(built))
    del off_schema["items"][0]["published"]
    write_manifest(server_root / "invalid", json.dumps(off_schema).encode())
    bad_content = make_commune(root / "bad-content", {"site_config/site.yaml": "commune: [\n"})
    failing = {
        "14524": ("CK710", f'url: "http://127.0.0.1:{closed_port()}/"'),
        "14488": ("CK715", f'url: "{server}slow/"'),
        "14494": ("CK715", f'url: "{server}drip/"'),
        "14428": ("CK714", f'url: "{server}loop/"'),
        "14389": ("CK713", f'url: "{server}huge/"'),
        "14401": ("CK711", "site: broken-site"),
        "14407": ("CK712", f'url: "{server}invalid/"'),
        "14404": ("CK716", f"content: {bad_content.root}"),
        "14458": ("CK710", f'url: "{server}error/"'),
        "14434": ("CK714", f'url: "{server}js/"'),
        "14452": ("CK717", f"site: {root / 'checkout'}"),
    }
    for code, (_, source) in failing.items():
        entries.append(f'  - {{code: "{code}", {source}}}')

    registry = root / "registry.yaml"
    registry.write_text(
        "title: Kiểm tra thử\n"
        "checked_from: 2025-01-01\n"
        'province: {code: "37"}\n'
        "timeout: 1.5\n"
        "max_bytes: 1000000\n"
        "communes:\n" + "\n".join(entries) + "\n",
        encoding="utf-8",
    )
    return {
        "root": root,
        "registry": registry,
        "expected": expected,
        "failing": failing,
        "server": server,
    }


@pytest.fixture(scope="module")
def audited(province):
    out = province["root"] / "out"
    started = time.perf_counter()
    run = run_audit(province["registry"], as_of=AS_OF, out=out, jobs=8, cache=None)
    run.seconds = time.perf_counter() - started  # type: ignore[attr-defined]
    assert run.audit is not None, [str(d) for d in run.diagnostics]
    return run, out


def cells_of(run) -> dict[str, dict[str, str]]:
    return {
        r.commune.code: {rule: cell.cell.value for rule, cell in r.cells.items()}
        for r in run.audit.communes
    }


def test_matrix_holds_each_communes_gaps(province, audited) -> None:
    run, _ = audited
    cells = cells_of(run)
    for code, wanted in province["expected"].items():
        got = {rule: cells[code][rule] for rule in wanted}
        assert got == wanted, code
        # Every commune states its address, phone and e-mail in site_config.
        assert cells[code][CONTACTS] == "pass", code
    # A rule reading what a manifest does not carry (the responsible official) is unknown
    # there, and judged from a content checkout.
    assert cells["14464"][OWNER] == "unknown"
    assert cells["14500"][OWNER] == "incomplete"


def test_unreadable_portals_are_reported_and_the_audit_goes_on(province, audited) -> None:
    run, _ = audited
    by_code = {r.commune.code: r for r in run.audit.communes}
    for code, (problem, _) in province["failing"].items():
        result = by_code[code]
        assert not result.reachable
        assert result.problem is not None
        assert result.problem.code == problem, (code, result.problem.message)
        assert result.cells == {}
    assert sum(r.reachable for r in run.audit.communes) == 23
    # Slow servers were cut off by the time audit_budget: the audit did not wait for them.
    assert max(r.seconds for r in run.audit.communes) < 5
    assert {d.code for d in run.diagnostics} >= {p for p, _ in province["failing"].values()}
    assert not any(d.is_error for d in run.diagnostics)


def test_names_come_from_the_official_list(audited) -> None:
    run, _ = audited
    names = {r.commune.code: r.commune.name for r in run.audit.communes}
    for code, name in OFFICIAL.items():
        assert names[code] == name


def test_csv_and_json_hold_the_whole_matrix(province, audited) -> None:
    run, out = audited
    raw = (out / "matrix.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    rules = len(run.audit.rules)
    assert len(rows) == 23 * rules + len(province["failing"])
    approved = {r["ma_xa"]: r["ket_qua"] for r in rows if r["ma_quy_tac"] == APPROVED}
    assert approved == {code: wanted[APPROVED] for code, wanted in province["expected"].items()}
    down = [r for r in rows if r["ma_xa"] == "14524"]
    assert len(down) == 1 and down[0]["doc_duoc"] == "khong" and "không kết nối" in down[0]["ly_do"]

    data = json.loads((out / "matrix.json").read_text(encoding="utf-8"))
    assert data["as_of"] == "2025-12-01"
    assert [r["id"] for r in data["rules"]] == [r.id for r in run.audit.rules]
    communes = {c["code"]: c for c in data["communes"]}
    for code, wanted in province["expected"].items():
        for rule, status in wanted.items():
            assert communes[code]["cells"][rule]["status"] == status
    assert communes["14407"]["problem"]["code"] == "CK712"
    # Each commune's periods and evidence: a line of chi-tiet.jsonl, in matrix.json's order.
    lines = [json.loads(line) for line in (out / "chi-tiet.jsonl").read_bytes().splitlines()]
    assert [c["code"] for c in lines] == [c["code"] for c in data["communes"]]
    for detail in lines:
        summary = communes[detail["code"]]
        assert {r: c["status"] for r, c in detail["cells"].items()} == {
            r: c["status"] for r, c in summary["cells"].items()
        }
    approved = next(c for c in lines if c["code"] == "14464")["cells"][APPROVED]
    (period,) = approved["periods"]
    assert period["status"] == "pass" and period["evidence"][0]["published"] == "2025-01-10"
    figures = next(r["figures"] for r in data["rules"] if r["id"] == APPROVED)
    counts = {s: list(w[APPROVED] for w in province["expected"].values()).count(s) for s in figures}
    assert figures == counts


def test_dashboard_pages(province, audited) -> None:
    run, out = audited
    # The first page lists the provinces; every commune here is of Ninh Bình (37), the
    # registry's province for codes not in the official list.
    index = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    (row,) = index.find("table", id="ck-provinces").tbody.find_all("tr")
    assert row["data-province"] == "37" and "Ninh Bình" in row.th.get_text()
    numbers = [int(td.get_text()) for td in row.find_all("td", class_="ck-num")]
    missing = sum(1 for w in province["expected"].values() if "missing" in w.values())
    assert numbers[:3] == [len(run.audit.communes), 23, missing]
    assert row.th.a["href"] == "tinh/37.html"

    page = BeautifulSoup((out / "tinh" / "37.html").read_text(encoding="utf-8"), "html.parser")
    rows = page.find("table", id="ck-matrix").tbody.find_all("tr")
    assert len(rows) == len(run.audit.communes)
    column = [r.id for r in run.audit.rules].index(APPROVED)
    for row in rows:
        code = row.find("td").get_text()
        cells = row.find_all("td")[1:]
        if code in province["expected"]:
            status = province["expected"][code][APPROVED]
            assert cells[column]["class"] == [f"k-{CELL_CODES[Cell(status)]}"]
            # Readable without colour or script: the status is in the text.
            assert cells[column].b.get_text() == CELL_TITLES[Cell(status)]
        else:
            assert "Không đọc được cổng" in row.get_text()
    assert page.find(id="ck-controls").has_attr("hidden")  # shown by the script only
    figures_row = page.find("table", id="ck-province-figures").find("tr", {"data-rule": APPROVED})
    counted = {
        td["data-cell"]: int(td.get_text())
        for td in figures_row.find_all("td", class_="ck-num")
        if td.has_attr("data-cell")
    }
    wanted = [w[APPROVED] for w in province["expected"].values()]
    assert counted["pass"] == wanted.count("pass") and counted["late"] == wanted.count("late")

    # Evidence links to the commune's portal, by its site_url.
    page = BeautifulSoup((out / "xa" / "14464.html").read_text(encoding="utf-8"), "html.parser")
    section = page.find("section", id=APPROVED)
    assert section["data-cell"] == "pass"
    links = [a["href"] for a in section.find_all("a")]
    assert len(links) == 1 and links[0].startswith("https://giavien.example.vn/ngan-sach/2025/")

    # A commune read over HTTP without site_url: links relative to the registry's address, to
    # the page the build really wrote.
    page = BeautifulSoup((out / "xa" / "14482.html").read_text(encoding="utf-8"), "html.parser")
    quarter = page.find("section", id=QUARTERLY)
    assert quarter["data-cell"] == "missing"
    periods = {li["data-cell"] for li in quarter.find_all("li", class_="ck-period")}
    assert periods == {"pass", "missing"}
    (href,) = [a["href"] for a in quarter.find_all("a")]
    assert href.startswith(province["server"] + "served/ngan-sach/2025/")
    with urllib.request.urlopen(href, timeout=5) as response:
        assert "Ngân sách quy-1 năm 2025" in response.read().decode("utf-8")
    down = BeautifulSoup((out / "xa" / "14488.html").read_text(encoding="utf-8"), "html.parser")
    assert "CK715" in down.find(class_="ck-problem").get_text()

    figures = BeautifulSoup((out / "quy-tac.html").read_text(encoding="utf-8"), "html.parser")
    row = figures.find("tr", id=APPROVED)
    numbers = {
        td["data-cell"]: int(td.get_text())
        for td in row.find_all("td", class_="ck-num")
        if td.has_attr("data-cell")
    }
    wanted = [w[APPROVED] for w in province["expected"].values()]
    assert numbers["pass"] == wanted.count("pass") and numbers["missing"] == wanted.count("missing")
    rate = row.find("td", class_="ck-rate").get_text()
    assert rate == f"{round(100 * wanted.count('pass') / len(wanted))} %"

    # The chart above the table: a bar per rule, its length the share of communes that comply.
    (svg,) = [ET.fromstring(str(s)) for s in figures.select("figure.ck-chart svg")]
    title, description = chart_name(svg)
    assert title == "Tỷ lệ xã đạt theo từng quy định"
    number = [r.id for r in run.audit.rules].index(APPROVED) + 1
    approved = next(r for r in run.audit.rules if r.id == APPROVED)
    passed = wanted.count("pass")
    judged = sum(wanted.count(c) for c in ("pass", "late", "missing", "incomplete"))
    assert f"{number}. {approved.title}: {passed}/{judged} xã đạt" in description
    words = chart_texts(svg)
    # A long name wraps onto lines of its own; read together they give the name.
    assert f"{number}. {approved.title}" in " ".join(words)
    assert f"{round(100 * passed / judged)}%" in words
    bars = [float(r.get("width")) for r in svg.iter(f"{SVG}rect") if r.get("fill") == "#0072B2"]
    assert len(bars) == len([r for r in run.audit.rules if run.audit.pass_rate(r) is not None])
    assert_self_contained(svg)


SVG = "{http://www.w3.org/2000/svg}"


def chart_name(svg: ET.Element) -> tuple[str, str]:
    """The accessible name and description the chart gives itself."""
    assert svg.get("role") == "img"
    by_id = {e.get("id"): "".join(e.itertext()) for e in svg.iter() if e.get("id")}
    return by_id[svg.get("aria-labelledby")], by_id[svg.get("aria-describedby")]


def chart_texts(svg: ET.Element) -> list[str]:
    return [" ".join(" ".join(t.itertext()).split()) for t in svg.iter(f"{SVG}text")]


def assert_self_contained(svg: ET.Element) -> None:
    """Under 30 kB, no script or style, nothing fetched."""
    assert len(ET.tostring(svg)) < 30_000
    tags = {e.tag.removeprefix(SVG) for e in svg.iter()}
    assert not tags & {"script", "style", "image", "use", "a", "foreignObject"}
    for element in svg.iter():
        for name, value in element.attrib.items():
            assert "href" not in name and not name.startswith("on")
            assert "://" not in value and "url(" not in value


def test_evidence_links_for_a_content_checkout(province, audited) -> None:
    _, out = audited
    page = BeautifulSoup((out / "xa" / "14500.html").read_text(encoding="utf-8"), "html.parser")
    section = page.find("section", id=APPROVED)
    assert section["data-cell"] == "late"
    # No site_url and no portal in the registry: the item is named, with its path, not linked.
    assert section.find("a") is None
    assert "/ngan-sach/2025/" in section.get_text()


def test_previous_audit_shows_what_improved_and_regressed(province, audited, tmp_path) -> None:
    _, out = audited
    previous = tmp_path / "previous.json"
    shutil.copy(out / "matrix.json", previous)
    root = province["root"]
    # The checkout publishes its six-month report in time; a commune read from a directory loses
    # its approved estimate (its portal was rebuilt without it).
    added = root / "checkout" / "content/ngan-sach/2025-6-thang.yaml"
    added.write_text(audit_budget("6-thang", "2025-07-10"), encoding="utf-8")
    gen = Project(root / "gen-1")
    estimate = gen.root / "content/ngan-sach/2025-du-toan.yaml"
    kept = estimate.read_text(encoding="utf-8")
    estimate.unlink()
    write_manifest(root / "gen-site-1", manifest_of(gen))
    try:
        later = run_audit(
            province["registry"], as_of=AS_OF, out=tmp_path / "out", previous=previous
        )
    finally:
        added.unlink()
        estimate.write_text(kept, encoding="utf-8")
        write_manifest(root / "gen-site-1", manifest_of(gen))
    assert later.audit is not None and later.audit.compared
    changes = {c.commune.code: c.changes for c in later.audit.communes}
    assert [(c.rule_id, c.before, c.after, c.direction) for c in changes["14500"]] == [
        (SIX_MONTHS, "missing", "pass", "improved")
    ]
    # The estimate carried no posting dates (Law 10/2022 Art. 13(2)): with it gone, that rule
    # has nothing left to check.
    assert [(c.rule_id, c.before, c.after, c.direction) for c in changes["90001"]] == [
        (APPROVED, "late", "missing", "regressed"),
        ("dcco.a13.posting.ngan_sach", "incomplete", "na", "changed"),
    ]
    assert changes["14464"] == []
    page = BeautifulSoup(
        (tmp_path / "out" / "xa" / "14500.html").read_text(encoding="utf-8"), "html.parser"
    )
    item = page.find("ul", class_="ck-changes").find("li")
    assert item["data-direction"] == "improved" and item["data-rule"] == SIX_MONTHS
    index = BeautifulSoup(
        (tmp_path / "out" / "tinh" / "37.html").read_text(encoding="utf-8"), "html.parser"
    )
    row = next(r for r in index.find("tbody").find_all("tr") if r.find("td").get_text() == "90001")
    assert "↓1" in row.get_text()

    # The commune's trend across the two audits, and matrix.json carries it to the next audit.
    first = {c["code"]: c for c in json.loads(previous.read_text(encoding="utf-8"))["communes"]}
    second = json.loads((tmp_path / "out" / "matrix.json").read_text(encoding="utf-8"))
    history = {c["code"]: c["history"] for c in second["communes"]}
    before = first["14500"]["history"][0]["share"]
    after = next(r for r in later.audit.communes if r.commune.code == "14500").history[-1][1]
    assert after > before
    assert [p["share"] for p in history["14500"]] == [before, after]
    page = BeautifulSoup(
        (tmp_path / "out" / "xa" / "14500.html").read_text(encoding="utf-8"), "html.parser"
    )
    (svg,) = [ET.fromstring(str(s)) for s in page.select("figure.ck-chart svg")]
    title, description = chart_name(svg)
    assert title.endswith(": tỷ lệ quy định đạt qua các lần kiểm tra")
    day = AS_OF.strftime("%d/%m/%Y")
    assert f"{day}: {vn_percent(before)}." in description
    assert {day, f"{round(before * 100)}%", f"{round(after * 100)}%"} <= set(chart_texts(svg))
    rows = [
        [c.get_text() for c in r.find_all(["th", "td"])] for r in page.select(".ck-trend tbody tr")
    ]
    assert rows == [[day, vn_percent(before)], [day, vn_percent(after)]]
    assert_self_contained(svg)
    # A third audit reads the history back: three points.
    third = run_audit(
        province["registry"],
        as_of=AS_OF,
        out=tmp_path / "third",
        previous=tmp_path / "out" / "matrix.json",
    )
    assert third.audit is not None
    code = "14500"
    result = next(r for r in third.audit.communes if r.commune.code == code)
    assert [share for _, share in result.history][:2] == [before, after]
    assert len(result.history) == 3
    # A first audit draws no trend: one point.
    first_page = (out / "xa" / "14500.html").read_text(encoding="utf-8")
    assert "ck-chart" not in first_page


def test_manifest_and_content_agree_on_the_demo_commune(tmp_path) -> None:
    """The same rules over the demo's content and over its manifest give the same cells,
    except where the manifest does not carry what a rule reads."""
    demo = Project(REPO)
    as_of = dt.date(2026, 11, 20)
    write_manifest(tmp_path / "site", manifest_of(demo, as_of))
    registry = tmp_path / "registry.yaml"
    registry.write_text(
        "checked_from: 2025-01-01\ncommunes:\n"
        f'  - {{code: "14464", content: {REPO}}}\n'
        f'  - {{code: "14500", site: {tmp_path / "site"}}}\n',
        encoding="utf-8",
    )
    run = run_audit(registry, as_of=as_of, out=None)
    assert run.audit is not None
    content, manifest = run.audit.communes
    judged = [r.id for r in run.audit.rules if manifest.cells[r.id].cell is not Cell.UNKNOWN]
    assert len(judged) > len(run.audit.rules) / 2
    assert {r: manifest.cells[r].cell for r in judged} == {r: content.cells[r].cell for r in judged}
    assert {c.cell for c in content.cells.values()} > {Cell.PASS, Cell.LATE, Cell.MISSING}


def test_hostile_manifest_text_is_escaped_and_bad_links_dropped(tmp_path, audited) -> None:
    _, out = audited
    data = json.loads((out.parent / "built" / "site" / MANIFEST_PATH).read_text(encoding="utf-8"))
    data["items"][0]["title"] = '<script>alert("x")</script>'
    data["items"][0]["url"] = "javascript:alert(1)"
    data["site"]["url"] = "javascript:alert(2)"
    write_manifest(tmp_path / "site", json.dumps(data).encode())
    parse_manifest(json.dumps(data).encode())  # still a valid manifest
    registry = tmp_path / "registry.yaml"
    registry.write_text(
        f'checked_from: 2025-01-01\ncommunes:\n  - {{code: "14464", site: {tmp_path / "site"}}}\n'
    )
    hostile = run_audit(registry, as_of=AS_OF, out=tmp_path / "out")
    assert hostile.audit is not None
    text = (tmp_path / "out" / "xa" / "14464.html").read_text(encoding="utf-8")
    page = BeautifulSoup(text, "html.parser")
    assert page.find("script") is None
    assert "<script>alert" not in text
    assert all(not a["href"].startswith("javascript:") for a in page.find_all("a"))


def test_registry_schema_mistakes_point_at_their_line(tmp_path) -> None:
    registry = tmp_path / "registry.yaml"
    registry.write_text(
        dedent(
            """
            checked_from: 2025-01-01
            communes:
              - code: "14464"
                site: a
                url: https://a.example/
              - code: "1446x"
                content: b
            """
        ),
        encoding="utf-8",
    )
    loaded = load_registry(registry, "registry.yaml")
    assert loaded.registry is None
    found = sorted((d.line, d.column, d.file) for d in loaded.diagnostics if d.is_error)
    assert found == [(3, 5, "registry.yaml"), (6, 11, "registry.yaml")]
    assert "site, content hoặc url" in " ".join(d.message for d in loaded.diagnostics)


def test_registry_checks_against_the_official_list(tmp_path) -> None:
    registry = tmp_path / "registry.yaml"
    registry.write_text(
        dedent(
            """
            province: {code: 37}
            checked_from: 2025-01-01
            rules: [tinh.yaml]
            communes:
              - code: "14500"
                name: Xã Khác Tên
                site: b
              - code: "14500"
                site: c
              - code: "12345"
                site: d
              - code: 4
                site: e
              - code: "14464"
                name: xa gia vien
                site: f
            """
        ),
        encoding="utf-8",
    )
    loaded = load_registry(registry, "registry.yaml")
    found = sorted((d.code, d.line, d.column, d.is_error) for d in loaded.diagnostics)
    assert found == [
        ("CK701", 8, 11, True),
        ("CK702", 10, 11, False),
        ("CK703", 6, 11, False),
        ("CK704", 12, 11, False),  # 00004 is a ward of Hà Nội
        ("CK705", 3, 9, True),
    ]
    assert loaded.registry is None

    (tmp_path / "tinh.yaml").write_text("rules: []\n", encoding="utf-8")
    loaded = load_registry(registry, "registry.yaml")
    assert loaded.registry is None  # the duplicate code is still an error
    registry.write_text(
        registry.read_text().replace('"14500"\n    site: c', '"14482"\n    site: c')
    )
    loaded = load_registry(registry, "registry.yaml")
    assert loaded.registry is not None
    names = [c.name for c in loaded.registry.communes]
    # A name given that matches up to tone marks and case is kept as written.
    assert names == ["Xã Khác Tên", "Xã Gia Hưng", "Xã mã 12345", "Phường Ba Đình", "xa gia vien"]
    assert loaded.registry.province_name == "Ninh Bình"


def test_cli_audit(province, tmp_path) -> None:
    registry = tmp_path / "registry.yaml"
    registry.write_text(
        "checked_from: 2025-01-01\n"
        f'communes:\n  - {{code: "14464", site: {province["root"] / "built" / "site"}}}\n'
        f'  - {{code: "14524", url: "http://127.0.0.1:{closed_port()}/"}}\n',
        encoding="utf-8",
    )
    out = tmp_path / "bang"
    result = CliRunner().invoke(
        main,
        ["audit", str(registry), "--as-of", "2025-12-01", "--out", str(out), "--no-cache"],
    )
    assert result.exit_code == 0, result.output
    assert "CK710" in result.output
    assert "Đã kiểm tra 1/2 xã" in result.output
    assert (out / "index.html").is_file() and (out / "xa" / "14524.html").is_file()

    registry.write_text("checked_from: 2025-01-01\ncommunes: []\n", encoding="utf-8")
    failed = CliRunner().invoke(main, ["audit", str(registry), "--out", str(out)])
    assert failed.exit_code == 1
    assert "registry.yaml:2:11" in failed.output
