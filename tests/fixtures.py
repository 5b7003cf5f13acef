"""Shared test data and helpers: small content trees, the demo commune's place, the
intake service as tests run it, and what several test modules assert with."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import rnc2rng
from lxml import etree
from playwright.sync_api import Page
from starlette.testclient import TestClient

from generator.build import build, published_records, validate_project
from generator.diagnostics import Diagnostic
from generator.intake.app import Settings, create_app
from generator.intake.registry import load_registry
from generator.intake.store import open_store
from generator.project import Project
from generator.publish import published_files
from generator.publish.manifest import MANIFEST_PATH
from generator.publish.schemas import all_schemas

REPO = Path(__file__).resolve().parent.parent


SITE_YAML = """\
commune: Xã Thử Nghiệm
province: Tỉnh Kiểm Tra
agency: Ủy ban nhân dân xã Thử Nghiệm
address: Thôn Một, xã Thử Nghiệm
phone: "0200 3000 000"
email: ubnd@thunghiem.gov.vn
"""


BUDGET = """\
title: Dự toán ngân sách năm 2025
year: 2025
phase: du-toan
published: 2025-01-10
revenue:
  total:
    estimate: 300
  lines:
    - code: "1"
      name: Phí, lệ phí
      estimate: 100
    - code: "2"
      name: Thu bổ sung
      estimate: 200
"""


POVERTY = """\
title: Danh sách hộ nghèo năm 2025
published: 2025-11-24
year: 2025
review_kind: dinh-ky
posted_from: 2025-11-24
posted_to: 2025-12-24
posting_places:
  - Trụ sở UBND xã
poor:
  - number: 1
    head: Nguyễn Văn An
    village: Thôn Một
"""


QUESTION = """\
title: Hỏi về thủ tục đất đai
published: 2025-03-20
question: Tôi cần giấy tờ gì?
received: 2025-03-03
channel: truc-tiep
topic: Đất đai
answer: Ông chuẩn bị đơn theo mẫu.
answered: 2025-03-14
answered_by: Chủ tịch UBND xã
"""


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def scaffold(root: Path) -> None:
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "theme", root / "theme")


# --- from helpers ---

AS_OF = dt.date(2025, 12, 1)


def diagnostics_of(project: Project, as_of: dt.date = AS_OF) -> list[Diagnostic]:
    """Content diagnostics; compliance findings (CK4xx, about what is missing from the whole
    portal) are left out, since these fixtures are deliberately tiny portals."""
    result, _ = validate_project(project, as_of=as_of)
    return [d for d in result.diagnostics if not d.code.startswith("CK4")]


def flatten(diagnostics: list[Diagnostic]) -> list[tuple[str, str, int, int, str]]:
    """(code, file, line, column, field) per diagnostic, sorted: what tests assert on."""
    return sorted((d.code, d.file, d.line, d.column, d.field) for d in diagnostics)


# --- from published ---


DATA = Path(__file__).parent / "data"


PUBLISHED_SITE_YAML = """\
commune: Xã Thử Nghiệm
province: Tỉnh Kiểm Tra
agency: Ủy ban nhân dân xã Thử Nghiệm
address: Thôn Một, xã Thử Nghiệm
phone: "0200 3000 000"
email: ubnd@thunghiem.gov.vn
site_url: https://thunghiem.example.gov.vn/
"""


QUARTER = """\
title: Thực hiện dự toán quý II năm 2025
year: 2025
phase: quy-2
published: 2025-07-15
approval:
  number: 12/QĐ-UBND
  date: 2025-07-10
  issuer: UBND xã Thử Nghiệm
revenue:
  lines:
    - code: "1"
      name: Thu phí chợ Đồng Tâm
      estimate: 100
      actual: 40
      lines:
        - code: "1.1"
          name: Phí chợ sáng
          estimate: 60
          actual: 25
        - code: "1.2"
          name: Phí chợ chiều
          estimate: 40
          actual: 15
"""


SECOND_REVIEW = """\
title: Rà soát thường xuyên hộ nghèo tháng 8 năm 2025
summary: Bổ sung hộ bà Lường Thị Ửng ở Thôn Đoài.
published: 2025-08-20
year: 2025
review_kind: thuong-xuyen
posted_from: 2025-08-20
posted_to: 2025-09-20
posting_places:
  - Nhà văn hoá Thôn Đoài
poor:
  - number: 1
    head: Lường Thị Ửng
    village: Thôn Đoài
    category: Hộ nghèo thiếu hụt nhà ở
near_poor:
  - number: 1
    head: Đinh Văn Bảy
    village: Thôn Một
"""


ASKED = QUESTION + "asker: Ông Trịnh Văn Riêng, xóm Kín\n"


PUBLISHED_FILES = {
    "site_config/site.yaml": PUBLISHED_SITE_YAML,
    "content/ngan-sach/2025-du-toan.yaml": BUDGET,
    "content/ngan-sach/2025-quy-2.yaml": QUARTER,
    "content/ho-ngheo/2025-ra-soat.yaml": POVERTY,
    "content/ho-ngheo/2025-ra-soat-thang-8.yaml": SECOND_REVIEW,
    "content/hoi-dap/2025-thu-tuc-dat.yaml": ASKED,
}


def build_published_site(root: Path, files: dict[str, str] | None = None) -> Path:
    """Write the project under `root`, build it with the real pipeline, return its site/."""
    root.mkdir(parents=True, exist_ok=True)
    scaffold(root)
    for name, text in (files or PUBLISHED_FILES).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")
    result = build(Project(root), as_of=AS_OF)
    assert result.published, result.diagnostics
    return root / "site"


def copy_site(site: Path, target: Path) -> Path:
    shutil.copytree(site, target)
    return target


def relax_ng(name: str) -> etree.RelaxNG:
    """A RELAX NG validator from a compact-syntax schema in tests/data/."""
    xml = rnc2rng.dumps(rnc2rng.load(str(DATA / name)))
    # rnc2rng declares the empty namespace as a prefix (xmlns:local=""), which XML forbids; the
    # patterns themselves spell it ns="", so the declaration can simply go.
    xml = xml.replace('xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(xml.encode("utf-8")))


# --- from intake_helpers ---

PORTAL = "https://tanhoa.example.vn/"


ORIGIN = "https://tanhoa.example.vn"


CODE = "14464"


def registry_yaml(portal: str = PORTAL, code: str = CODE) -> str:
    # The audit's keys (title, province) sit beside the communes: the service ignores them.
    return (
        "title: Kiểm tra các xã\n"
        "communes:\n"
        f'  - code: "{code}"\n'
        "    name: Xã Tân Hòa\n"
        f"    url: {portal}\n"
        '  - code: "14470"\n'
        "    name: Xã Yên Mỹ\n"
        "    url: https://yenmy.example.vn/\n"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class IntakeServer:
    """`congkhai intake serve` in its own process, started and stopped (or killed) by tests."""

    def __init__(self, registry: Path, database: str, *options: str, port: int | None = None):
        self.registry = registry
        self.database = database
        self.options = options
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def database_path(self) -> Path:
        return Path(self.database)

    def start(self) -> IntakeServer:
        command = [sys.executable, "-m", "generator", "intake", "serve"]
        command += ["--registry", str(self.registry), "--database", self.database]
        command += ["--port", str(self.port), *self.options]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "CONGKHAI_INTAKE_SECRET": "thu-nghiem"},
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    self.process.stderr.read().decode() if self.process.stderr else ""
                )
            try:
                if httpx.get(f"{self.url}/suc-khoe", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        raise TimeoutError("the intake service did not answer within 60 s")

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, as when the machine loses power."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.process and self.process.stderr:
            self.process.stderr.close()


def sqlite_rows(path: Path, table: str) -> list[sqlite3.Row]:
    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        return list(connection.execute(f"SELECT * FROM {table} ORDER BY id"))


# --- from test_build ---


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# --- from test_types_more ---

DOCUMENT = """\
title: Nghị quyết ban hành Quy chế dân chủ
published: 2025-04-02
doc_type: nghi-quyet
number: 12/NQ-HĐND
issuer: HĐND xã
issued: 2025-03-28
effective: 2025-04-10
attachments:
  - file: van-ban/nq-12.pdf
    title: Toàn văn
"""


PROCEDURE = """\
title: Đăng ký khai sinh
published: 2025-01-15
code: "1.001193"
field: Hộ tịch
agency: UBND xã
steps:
  - Nộp tờ khai
documents:
  - Tờ khai
time_limit: Trong ngày
fees: Miễn
forms:
  - file: thu-tuc/to-khai.pdf
    title: Tờ khai đăng ký khai sinh
"""


LAND = """\
title: Kế hoạch sử dụng đất năm 2025
published: 2025-02-18
land_kind: ke-hoach-su-dung-dat
year: 2025
maps:
  - file: dat-dai/ban-do.png
    alt: Bản đồ kế hoạch sử dụng đất năm 2025 của xã
land_use:
  - {code: LUA, name: Đất trồng lúa, area_ha: 400.5}
  - {code: ONT, name: Đất ở nông thôn, area_ha: 99.5}
total_area_ha: 500
"""


DRAFT = """\
title: Lấy ý kiến dự thảo quy chế
published: 2025-02-20
drafting_body: Văn phòng UBND xã
comment_from: 2025-02-20
comment_to: 2025-03-12
how_to_comment: Gửi thư điện tử cho UBND xã.
"""


PLAN = """\
title: Kế hoạch phát triển kinh tế - xã hội năm 2025
published: 2025-01-08
plan_kind: kinh-te-xa-hoi
year: 2025
targets:
  - {name: Tỷ lệ hộ nghèo, target: "dưới 0,6%"}
"""


PROJECT = """\
title: Đường liên thôn
published: 2025-03-05
investor: UBND xã
location: Thôn Đông
start_year: 2025
total_investment: 3_000
capital_sources:
  - {source: Ngân sách tỉnh, amount: 2_000}
  - {source: Ngân sách xã, amount: 1_000}
progress:
  - {date: 2025-04-15, percent: 10, note: Khởi công}
  - {date: 2025-07-30, percent: 55, note: Xong nền đường}
"""


ARTICLE = """\
title: Thông báo lịch tiếp công dân
published: 2026-11-20
category: thong-bao
body: |
  ## Lịch tiếp

  Xem [thông báo cả năm](/van-ban/2025/nq-12/).
"""


ORGANISATION = """\
title: Giới thiệu UBND xã
published: 2025-07-01
functions: Quản lý nhà nước trên địa bàn xã.
functions_en: State administration of the commune.
leaders:
  - {name: Phạm Văn Hưng, title: Chủ tịch UBND xã, title_en: Chairman}
info_focal_point:
  name: Đinh Thị Lan
  title: Công chức Văn phòng
  title_en: Information officer
  email: vanphong@xa.gov.vn
"""


TYPE_FILES = {
    "content/files/van-ban/nq-12.pdf": b"%PDF-1.4\n",
    "content/files/thu-tuc/to-khai.pdf": b"%PDF-1.4\n",
    "content/files/dat-dai/ban-do.png": b"\x89PNG\r\n\x1a\n",
}


TYPE_VALID = {
    "content/van-ban/2025-nq-12.yaml": DOCUMENT,
    "content/thu-tuc/dang-ky-khai-sinh.yaml": PROCEDURE,
    "content/dat-dai/2025-ke-hoach.yaml": LAND,
    "content/du-thao/2025-quy-che.yaml": DRAFT,
    "content/ke-hoach/2025-kinh-te-xa-hoi.yaml": PLAN,
    "content/du-an/2025-duong.yaml": PROJECT,
    "content/tin-bai/2026-lich-tiep.yaml": ARTICLE,
    "content/to-chuc/gioi-thieu.yaml": ORGANISATION,
}


# --- from test_charts ---


def chart_budget(
    year: int, phase: str, published: str, revenue: list[int], spent: list[int]
) -> str:
    """A chart_budget report in đồng: revenue lines I, II; expenditure lines I, II; `revenue` and
    `spent` are estimates followed, for execution reports, by actual amounts."""

    def table(names: tuple[str, str], amounts: list[int]) -> str:
        estimate, actual = amounts[:2], amounts[2:]
        total = f"    estimate: {sum(estimate)}\n"
        if actual:
            total += f"    actual: {sum(actual)}\n"
        lines = ""
        for index, name in enumerate(names):
            lines += f'    - code: "{"I" * (index + 1)}"\n      name: {name}\n'
            lines += f"      estimate: {estimate[index]}\n"
            if actual:
                lines += f"      actual: {actual[index]}\n"
        return f"  total:\n{total}  lines:\n{lines}"

    revenue_lines = table(("Thu xã hưởng 100%", '"Thu <b>khác</b> & phí"'), revenue)
    spent_lines = table(("Chi đầu tư phát triển", "Chi thường xuyên"), spent)
    return (
        f"title: Ngân sách {phase} năm {year}\nyear: {year}\nphase: {phase}\n"
        f"published: {published}\nunit: dong\n"
        f"revenue:\n{revenue_lines}expenditure:\n{spent_lines}"
    )


CHART_FILES = {
    "content/ngan-sach/2024-du-toan.yaml": chart_budget(
        2024, "du-toan", "2024-01-10", [400_000_000, 600_000_000], [300_000_000, 700_000_000]
    ),
    "content/ngan-sach/2024-quyet-toan.yaml": chart_budget(
        2024,
        "quyet-toan",
        "2025-06-20",
        [400_000_000, 600_000_000, 420_000_000, 590_000_000],
        [300_000_000, 700_000_000, 280_000_000, 690_000_000],
    ),
    "content/ngan-sach/2025-du-toan.yaml": chart_budget(
        2025, "du-toan", "2025-01-10", [500_000_000, 700_000_000], [450_000_000, 750_000_000]
    ),
    "content/ngan-sach/2025-quy-1.yaml": chart_budget(
        2025,
        "quy-1",
        "2025-04-08",
        [500_000_000, 700_000_000, 100_000_000, 200_000_000],
        [450_000_000, 750_000_000, 90_000_000, 150_000_000],
    ),
    "content/ngan-sach/2025-6-thang.yaml": chart_budget(
        2025,
        "6-thang",
        "2025-07-08",
        [500_000_000, 700_000_000, 250_000_000, 310_000_000],
        [450_000_000, 750_000_000, 200_000_000, 400_000_000],
    ),
    "content/hoi-dap/2025-thu-tuc-dat.yaml": QUESTION,
    "content/hoi-dap/2025-den-duong.yaml": QUESTION.replace("2025-03-03", "2025-04-02")
    .replace("2025-03-14", "2025-06-30")
    .replace("2025-03-20", "2025-07-01"),
    "content/hoi-dap/2025-rac.yaml": QUESTION.replace("2025-03-03", "2025-05-05")
    .replace("2025-03-14", "2025-05-09")
    .replace("2025-03-20", "2025-05-12"),
}


# --- from test_intake ---

INTAKE_QUESTION = {
    "commune": CODE,
    "topic": "Đất đai",
    "question": "Xin hỏi thủ tục cấp giấy chứng nhận quyền sử dụng đất lần đầu cần những gì?",
}


INTAKE_RATING = {"commune": CODE, "page": "van-ban/2025/nq-12/", "useful": "co"}


def make_client(registry: Path, database: Path, **limits: int) -> TestClient:
    loaded, problems, _ = load_registry(registry)
    assert loaded is not None, problems
    settings = Settings(loaded, open_store(str(database)), b"secret", **limits)
    return TestClient(create_app(settings), base_url="http://127.0.0.1", follow_redirects=False)


# --- from test_ci_formats ---

ANNOTATION = re.compile(r"^::(?P<level>error|warning) (?P<props>[^:]*)::(?P<message>.*)$")


CODE_QUALITY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def _unescape(text: str) -> str:
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, char)
    return text


def parse_annotations(output: str) -> list[dict[str, str]]:
    """What the GitHub runner reads from the log: one dict per annotation."""
    found = []
    for line in output.splitlines():
        match = ANNOTATION.match(line)
        if not match:
            continue
        props = dict(part.split("=", 1) for part in match["props"].split(","))
        found.append(
            {
                "level": match["level"],
                **{key: _unescape(value) for key, value in props.items()},
                "message": _unescape(match["message"]),
            }
        )
    return found


# --- from test_schemas ---

SCHEMAS = all_schemas()


def as_json(value: Any) -> Any:
    """What the data looks like once serialised: dates become ISO strings, as in JSON."""
    if isinstance(value, dict):
        # JSON object keys are strings: a budget row's `{1: ...}` reaches the editor as "1".
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = SCHEMAS[name]
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def schema_errors(name: str, data: Any) -> list[str]:
    return [error.message for error in validator(name).iter_errors(as_json(data))]


# --- from browser/test_resident_view ---

AXE = REPO / "tests" / "browser" / "vendor" / "axe.min.js"


WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page: Page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_22_AA,
    )
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(node["target"]) for node in v["nodes"][:3]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return "\n".join(lines)


# --- from test_audit ---


APPROVED = "dcco.a11.k2.budget_approved"


def audit_budget(phase: str, published: str, approved: str | None = None) -> str:
    lines = [
        f"title: Ngân sách {phase} năm 2025",
        "year: 2025",
        f"phase: {phase}",
        f"published: {published}",
    ]
    if approved:
        lines.append(
            f"approval: {{number: 45/NQ-HĐND, date: {approved}, issuer: HĐND xã Thử Nghiệm}}"
        )
    lines += ["revenue:", "  lines:", '    - code: "1"', "      name: Thu", "      estimate: 100"]
    return "\n".join(lines) + "\n"


def commune_files(approved: str, quarter_1: bool, site_url: str = "") -> dict[str, str]:
    """`approved`: `pass` (published in time), `late`, or `missing` (no approved estimate)."""
    site = (
        SITE_YAML
        + "compliance_from: 2025-01-01\n"
        + (f"site_url: {site_url}\n" if site_url else "")
    )
    files = {"site_config/site.yaml": site}
    if approved == "pass":
        files["content/ngan-sach/2025-du-toan.yaml"] = audit_budget(
            "du-toan", "2025-01-10", "2024-12-20"
        )
    elif approved == "late":
        files["content/ngan-sach/2025-du-toan.yaml"] = audit_budget(
            "du-toan", "2025-03-01", "2024-12-20"
        )
    if quarter_1:
        files["content/ngan-sach/2025-quy-1.yaml"] = audit_budget("quy-1", "2025-04-10")
    return files


def make_commune(root: Path, files: dict[str, str]) -> Project:
    root.mkdir(parents=True)
    scaffold(root)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")
    return Project(root)


def manifest_of(project: Project, as_of: dt.date = AS_OF) -> bytes:
    """The manifest the publish stage writes for this content (no MkDocs needed)."""
    result, validated = validate_project(project, as_of=as_of)
    assert validated.site is not None and not any(d.is_error for d in result.diagnostics)
    published = published_records(validated.records, as_of)
    withdrawn = [r for r in validated.records if r not in published]
    return published_files(validated.site, published, as_of, None, withdrawn)[MANIFEST_PATH]


def write_manifest(site_dir: Path, data: bytes) -> None:
    target = site_dir / MANIFEST_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
