"""congkhai audit at the scale of a country: conditional requests, the compiled schema check, the
registry from the official list, and pages that stay small however many communes there are.

A portal server on 127.0.0.1 counts every byte it sends, so that "a re-audit where nothing
changed transfers only headers" is measured on the wire, not inferred.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import http.server
import json
import os
import pty
import random
import subprocess
import sys
import threading
import tracemalloc
from collections.abc import Iterator
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from fixtures import APPROVED, REPO, commune_files, make_commune, manifest_of, write_manifest
from jsonschema import Draft202012Validator

from generator.audit.dashboard import write_dashboard
from generator.audit.http_cache import HttpCache
from generator.audit.manifest_records import ManifestError, parse_manifest, schema_check
from generator.audit.official import official_ward_list
from generator.audit.registry import load_registry, official_provinces
from generator.audit.run import run_audit
from generator.build import published_records, validate_project
from generator.cli import main
from generator.project import Project
from generator.publish import published_files
from generator.publish.manifest import MANIFEST_PATH, manifest_schema

AS_OF = dt.date(2025, 12, 1)
MB = 1_000_000


class CountingHandler(http.server.BaseHTTPRequestHandler):
    """Serves <root>/<name>/api/manifest.json with the validators its folder name asks for
    (`etag-*`: ETag only, `date-*`: Last-Modified only, anything else: both) and records, per
    request, the status and the bytes of headers and of body written to the socket."""

    root: Path
    log: list[dict]
    lock: threading.Lock

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.root / self.path.lstrip("/")
        if not path.is_file():
            self._answer(404, {}, b"")
            return
        body = path.read_bytes()
        name = self.path.strip("/").split("/")[0]
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        modified = formatdate(path.stat().st_mtime, usegmt=True)
        headers = {"Content-Type": "application/json"}
        if not name.startswith("date-"):
            headers["ETag"] = etag
        if not name.startswith("etag-"):
            headers["Last-Modified"] = modified
        asked_etag = self.headers.get("If-None-Match")
        asked_date = self.headers.get("If-Modified-Since")
        if "ETag" in headers and asked_etag is not None:
            fresh = asked_etag == etag
        elif "Last-Modified" in headers and asked_date is not None:
            fresh = parsedate_to_datetime(asked_date) >= parsedate_to_datetime(modified)
        else:
            fresh = False
        if fresh:
            self._answer(304, headers, b"")
        else:
            self._answer(200, {**headers, "Content-Length": str(len(body))}, body)

    def _answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)
        with self.lock:
            self.log.append(
                {"path": self.path, "status": status, "head": self._head_bytes, "body": len(body)}
            )

    def send_response(self, code: int, message: str | None = None) -> None:
        self._head_bytes = 0
        super().send_response(code, message)

    def flush_headers(self) -> None:
        # What end_headers() writes to the socket: the status line and every header.
        if hasattr(self, "_headers_buffer"):
            self._head_bytes += sum(len(part) for part in self._headers_buffer)
        super().flush_headers()


@pytest.fixture
def counting_server(tmp_path: Path) -> Iterator[tuple[str, Path, list[dict]]]:
    root = tmp_path / "served"
    root.mkdir()
    log: list[dict] = []
    handler = type(
        "Handler", (CountingHandler,), {"root": root, "log": log, "lock": threading.Lock()}
    )
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", root, log
    httpd.shutdown()
    httpd.server_close()


def test_reaudit_with_nothing_changed_transfers_only_headers(tmp_path, counting_server) -> None:
    base, served, log = counting_server
    names = ["both-a", "both-b", "etag-c", "date-d"]
    codes = ["14464", "14500", "14482", "14524"]
    manifests: dict[str, bytes] = {}
    for n, name in enumerate(names):
        approved = ("pass", "late", "missing", "pass")[n]
        project = make_commune(tmp_path / name, commune_files(approved, quarter_1=n % 2 == 0))
        manifests[name] = manifest_of(project)
        write_manifest(served / name, manifests[name])
    registry = tmp_path / "registry.yaml"
    registry.write_text(
        "checked_from: 2025-01-01\ncommunes:\n"
        + "".join(
            f'  - {{code: "{code}", url: "{base}{name}/"}}\n'
            for code, name in zip(codes, names, strict=True)
        ),
        encoding="utf-8",
    )
    cache = HttpCache(tmp_path / "cache")

    def audit(out: str, processes: int | None = None):
        log.clear()
        run = run_audit(registry, as_of=AS_OF, out=tmp_path / out, cache=cache, processes=processes)
        assert run.audit is not None and all(c.reachable for c in run.audit.communes)
        cells = {
            c.commune.code: {rule: cell.cell.value for rule, cell in c.cells.items()}
            for c in run.audit.communes
        }
        return run.audit, cells, list(log)

    first, first_cells, first_log = audit("1")
    assert sorted(e["status"] for e in first_log) == [200] * 4
    assert sum(e["body"] for e in first_log) == sum(len(m) for m in manifests.values())
    assert not any(c.unchanged for c in first.communes)

    # The daily re-audit, one worker process this time: every portal answers 304, no body
    # crosses the wire, and the result is the same.
    again, again_cells, again_log = audit("2", processes=1)
    assert [e["status"] for e in again_log] == [304] * 4
    assert sum(e["body"] for e in again_log) == 0
    assert sum(e["head"] for e in again_log) < 4 * 400
    assert all(c.unchanged for c in again.communes)
    assert again_cells == first_cells
    assert (tmp_path / "2" / "matrix.csv").read_bytes() == (
        tmp_path / "1" / "matrix.csv"
    ).read_bytes()

    # One portal publishes its approved estimate: only its manifest is downloaded, and its cells
    # follow.
    assert first_cells["14482"][APPROVED] == "missing"
    write_manifest(served / "etag-c", manifests["both-a"])
    _, later_cells, later_log = audit("3")
    by_path = {e["path"].split("/")[1]: e for e in later_log}
    assert by_path["etag-c"]["status"] == 200 and by_path["etag-c"]["body"] > 0
    assert {by_path[n]["status"] for n in names if n != "etag-c"} == {304}
    assert later_cells["14482"][APPROVED] == "pass"
    assert {k: v for k, v in later_cells.items() if k != "14482"} == {
        k: v for k, v in first_cells.items() if k != "14482"
    }

    # A kept body lost from disk: the next 304 cannot be served from it, so the audit asks again
    # without validators instead of failing the commune.
    for body in (tmp_path / "cache").glob("*.body"):
        body.unlink()
    _, lost_cells, lost_log = audit("4")
    assert lost_cells == later_cells
    assert sum(e["body"] for e in lost_log) > 0


@pytest.fixture(scope="module")
def demo_manifest() -> dict:
    as_of = dt.date(2026, 11, 20)
    _, validated = validate_project(Project(REPO), as_of=as_of)
    assert validated.site is not None
    published = published_records(validated.records, as_of)
    withdrawn = [r for r in validated.records if r not in published]
    return json.loads(
        published_files(validated.site, published, as_of, None, withdrawn)[MANIFEST_PATH]
    )


def _paths(value: object, prefix: tuple = ()) -> Iterator[tuple]:
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value[:3]):
            yield from _paths(inner, (*prefix, index))


def _set(data: object, path: tuple, value: object) -> object:
    if not path:
        return value
    target = data
    for key in path[:-1]:
        target = target[key]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    return data


def test_compiled_schema_check_agrees_with_jsonschema(demo_manifest) -> None:
    """The published schema checked by jsonschema (the reference) and by the compiled validator
    the audit uses: the same verdict on the manifest and on hundreds of broken copies of it."""
    reference = Draft202012Validator(
        manifest_schema("https://congkhai.invalid/schemas/manifest.schema.json"),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    compiled = schema_check()
    rng = random.Random(30)
    paths = list(_paths(demo_manifest))
    replacements = [None, 1, -1, 1.5, "x", "", True, [], {}, "2025-02-30", "2025-1-1", "2025-12-01"]
    cases = [copy.deepcopy(demo_manifest)]
    for path in paths:
        broken = copy.deepcopy(demo_manifest)
        cases.append(_set(broken, path, rng.choice(replacements)))
        if path and isinstance(path[-1], str):
            removed = copy.deepcopy(demo_manifest)
            parent = removed
            for key in path[:-1]:
                parent = parent[key]
            del parent[path[-1]]
            cases.append(removed)
    extra = copy.deepcopy(demo_manifest)
    extra["items"][0]["unexpected"] = 1
    cases.append(extra)
    quarter = copy.deepcopy(demo_manifest)
    quarter["items"][0]["period"]["quarter"] = 5
    cases.append(quarter)

    verdicts = []
    for case in cases:
        expected = reference.is_valid(case)
        try:
            compiled(copy.deepcopy(case))
            got = True
        except Exception:
            got = False
        assert got == expected, (expected, json.dumps(case)[:300])
        # The audit's reading refuses exactly what the schema refuses.
        try:
            parse_manifest(json.dumps(case).encode())
            read = True
        except ManifestError:
            read = False
        assert read == expected
        verdicts.append(expected)
    assert verdicts.count(True) >= 5 and verdicts.count(False) >= 100


def test_compiled_check_names_the_path_that_is_wrong(demo_manifest) -> None:
    broken = copy.deepcopy(demo_manifest)
    broken["items"][2]["published"] = "2025-02-30"
    with pytest.raises(ManifestError) as raised:
        parse_manifest(json.dumps(broken).encode())
    assert "items/2/published" in str(raised.value)
    # The check never fills defaults into what a portal sent.
    kept = copy.deepcopy(demo_manifest)
    schema_check()(kept)
    assert kept == demo_manifest


def test_registry_for_a_province_and_for_the_country(tmp_path) -> None:
    runner = CliRunner()
    written = tmp_path / "ninh-binh.yaml"
    result = runner.invoke(
        main,
        [
            "audit-registry",
            "--province",
            "tinh ninh binh",
            "--url",
            "https://{slug}.ninhbinh.gov.vn/",
            "-o",
            str(written),
        ],
    )
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    from vietnam_provinces import Ward

    official = {
        f"{w.code.value:05d}": w.name for w in Ward.iter_all() if w.province_code.value == 37
    }
    assert {c["code"] for c in data["communes"]} == set(official)
    assert data["province"] == {"code": "37"}
    loaded = load_registry(written)
    assert loaded.registry is not None and not loaded.diagnostics
    names = {c.code: c.name for c in loaded.registry.communes}
    assert names == official
    gia_vien = next(c for c in loaded.registry.communes if c.name == "Xã Gia Viễn")
    assert gia_vien.location == "https://gia-vien.ninhbinh.gov.vn/"

    country = runner.invoke(
        main, ["audit-registry", "--province", "ca-nuoc", "--site", "ban-sao/{code}/site"]
    )
    assert country.exit_code == 0, country.output
    (tmp_path / "all.yaml").write_text(country.output, encoding="utf-8")
    loaded = load_registry(tmp_path / "all.yaml")
    assert loaded.registry is not None and not loaded.diagnostics
    assert len(loaded.registry.communes) == len(official_ward_list()) == 3321
    assert {c.province for c in loaded.registry.communes} == set(official_provinces())

    unknown = runner.invoke(main, ["audit-registry", "--province", "Hà Tây", "--url", "x/{code}"])
    assert unknown.exit_code == 2 and "Ninh Bình" in unknown.output
    bad = runner.invoke(main, ["audit-registry", "--province", "37", "--url", "https://{ten}/"])
    assert bad.exit_code == 2 and "{ten}" in bad.output


def test_one_command_audit_of_a_province(tmp_path) -> None:
    """`congkhai audit --province ... --site ...`: the registry is made from the official list,
    kept beside the dashboard, and every commune is audited (those without a portal reported)."""
    project = make_commune(tmp_path / "mau", commune_files("pass", quarter_1=True))
    data = manifest_of(project)
    province = "11"  # Điện Biên
    wards = [w for w in official_ward_list() if w.province == province]
    for ward in wards[:3]:
        write_manifest(tmp_path / "sites" / ward.code, data)
    out = tmp_path / "kiem-tra"
    result = CliRunner().invoke(
        main,
        [
            "audit",
            "--province",
            "Điện Biên",
            "--site",
            f"{tmp_path}/sites/{{code}}",
            "--as-of",
            "2025-12-01",
            "--out",
            str(out),
            "--no-cache",
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"Đã kiểm tra 3/{len(wards)} xã" in result.output
    assert (out / "danh-sach-xa.yaml").is_file()
    assert (out / "tinh" / f"{province}.html").is_file()
    assert len(list((out / "xa").glob("*.html"))) == len(wards)


def _audit_size(tmp_path: Path, name: str, codes: list[str], manifest: bytes) -> dict[str, int]:
    """The size of every page of an audit of these communes, all reading `manifest`."""
    root = tmp_path / name
    lines = ["checked_from: 2025-01-01", "communes:"]
    for code in codes:
        write_manifest(root / "sites" / code, manifest)
        lines.append(f'  - {{code: "{code}", site: sites/{code}}}')
    (root / "registry.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = run_audit(root / "registry.yaml", as_of=dt.date(2026, 11, 20), out=root / "out")
    assert run.audit is not None and all(c.reachable for c in run.audit.communes)
    out = root / "out"
    return {p.relative_to(out).as_posix(): p.stat().st_size for p in out.rglob("*.html")}


def test_every_page_stays_under_a_megabyte_for_the_whole_country(tmp_path, demo_manifest):
    """Measured at a few communes and extrapolated: a province's page grows with its communes
    (the largest province has 168), the first page with the provinces (34); the rest do not grow
    with the audit at all."""
    manifest = json.dumps(demo_manifest, ensure_ascii=False).encode()
    by_province: dict[str, list[str]] = {}
    for ward in official_ward_list():
        by_province.setdefault(ward.province, []).append(ward.code)
    largest = max(len(codes) for codes in by_province.values())
    assert largest == 168
    hcm = by_province["79"]
    small = _audit_size(tmp_path, "small", hcm[:4], manifest)
    large = _audit_size(tmp_path, "large", hcm[:12], manifest)
    per_commune = (large["tinh/79.html"] - small["tinh/79.html"]) / 8
    province_page = large["tinh/79.html"] + per_commune * (largest - 12)
    assert province_page < MB, province_page

    firsts = [codes[0] for codes in by_province.values()]
    few = _audit_size(tmp_path, "few", firsts[:3], manifest)
    more = _audit_size(tmp_path, "more", firsts[:9], manifest)
    per_province = (more["index.html"] - few["index.html"]) / 6
    first_page = more["index.html"] + per_province * (len(by_province) - 9)
    assert first_page < MB, first_page

    # Pages that do not grow with the number of communes: the figures per rule and each
    # commune's own page (as large as its manifest, the demo's 53 items here).
    for name, size in more.items():
        if not name.startswith("tinh/") and name != "index.html":
            assert size < MB, (name, size)
    print(
        f"\nprovince page: {per_commune:.0f} B a commune, {province_page / 1000:.0f} kB at "
        f"{largest}; first page: {per_province:.0f} B a province, {first_page / 1000:.0f} kB at "
        f"{len(by_province)}; largest other page {max(s for n, s in more.items() if '/' in n and not n.startswith('tinh/')) / 1000:.0f} kB"
    )


def test_pages_of_communes_no_longer_in_the_registry_are_removed(tmp_path, demo_manifest):
    manifest = json.dumps(demo_manifest, ensure_ascii=False).encode()
    hanoi = [w.code for w in official_ward_list() if w.province == "01"][:3]
    other = [w.code for w in official_ward_list() if w.province == "04"][:1]
    root = tmp_path / "a"
    _audit_size(tmp_path, "a", hanoi + other, manifest)
    assert (root / "out" / "tinh" / "04.html").is_file()
    lines = ["checked_from: 2025-01-01", "communes:"]
    lines += [f'  - {{code: "{code}", site: sites/{code}}}' for code in hanoi[:2]]
    (root / "registry.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = run_audit(root / "registry.yaml", as_of=dt.date(2026, 11, 20), out=root / "out")
    assert run.audit is not None
    assert sorted(p.stem for p in (root / "out" / "xa").glob("*.html")) == sorted(hanoi[:2])
    lines = (root / "out" / "chi-tiet.jsonl").read_bytes().splitlines()
    assert [json.loads(line)["code"] for line in lines] == hanoi[:2]
    assert not (root / "out" / ".chi-tiet").exists()
    assert [p.stem for p in (root / "out" / "tinh").glob("*.html")] == ["01"]
    write_dashboard(run.audit, root / "out")  # writing twice keeps the same pages
    assert [p.stem for p in (root / "out" / "tinh").glob("*.html")] == ["01"]


def _stderr_of(command: list[str], tty: bool) -> str:
    """The command's standard error, read from a pseudo-terminal when `tty`."""
    if not tty:
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
        assert done.returncode == 0, done.stderr
        return done.stderr
    master, slave = pty.openpty()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=slave, stdin=subprocess.DEVNULL, cwd=REPO
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert process.wait() == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_is_shown_on_a_terminal_only(tmp_path, demo_manifest) -> None:
    manifest = json.dumps(demo_manifest, ensure_ascii=False).encode()
    codes = [w.code for w in official_ward_list()][:3]
    lines = ["checked_from: 2025-01-01", "communes:"]
    for code in codes:
        write_manifest(tmp_path / "sites" / code, manifest)
        lines.append(f'  - {{code: "{code}", site: sites/{code}}}')
    (tmp_path / "registry.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "generator",
        "audit",
        str(tmp_path / "registry.yaml"),
        "--as-of",
        "2026-11-20",
        "--out",
        str(tmp_path / "out"),
        "--no-cache",
    ]
    shown = _stderr_of(command, tty=True)
    assert "Kiểm tra cổng các xã" in shown and "3/3" in shown
    piped = _stderr_of(command, tty=False)
    assert "Kiểm tra cổng các xã" not in piped
    assert "Đã kiểm tra 3/3 xã" in piped


def _peak_traced(tmp_path: Path, name: str, codes: list[str], manifest: bytes) -> int:
    """The main process's peak of Python memory while auditing these communes (the worker
    processes hold one commune at a time and are measured by bench/audit.py)."""
    root = tmp_path / name
    lines = ["checked_from: 2025-01-01", "communes:"]
    for code in codes:
        write_manifest(root / "sites" / code, manifest)
        lines.append(f'  - {{code: "{code}", site: sites/{code}}}')
    (root / "registry.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    tracemalloc.start()
    try:
        run = run_audit(
            root / "registry.yaml", as_of=dt.date(2026, 11, 20), out=root / "out", processes=2
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert run.audit is not None and all(c.reachable for c in run.audit.communes)
    return peak


def test_memory_grows_by_a_line_of_the_matrix_per_commune(tmp_path, demo_manifest) -> None:
    """The main process keeps each commune's line of the matrix, not its periods and evidence:
    extrapolated to the whole country it stays far under the 1 GiB goal."""
    manifest = json.dumps(demo_manifest, ensure_ascii=False).encode()
    codes = [w.code for w in official_ward_list()]
    _peak_traced(tmp_path, "warm", codes[:2], manifest)  # imports and caches out of the way
    few = _peak_traced(tmp_path, "few", codes[:10], manifest)
    many = _peak_traced(tmp_path, "many", codes[:40], manifest)
    per_commune = (many - few) / 30
    country = many + per_commune * (len(codes) - 40)
    # Less than the commune's periods and evidence would take even as compact JSON (its line of
    # chi-tiet.jsonl): they are not what the main process keeps.
    detail = len((tmp_path / "many" / "out" / "chi-tiet.jsonl").read_bytes()) / 40
    assert per_commune < detail, (per_commune, detail)
    assert country < 512 * 2**20, country
    print(
        f"\nmain process: {per_commune / 1024:.0f} KiB a commune, {country / 2**20:.0f} MiB at 3,321"
    )
