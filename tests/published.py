"""A small commune with a site_url, built for real, shared by the feed and open-data tests."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import rnc2rng
from conftest import BUDGET, POVERTY, QUESTION, _scaffold, dedent
from lxml import etree

from generator.build import build
from generator.project import Project

AS_OF = dt.date(2025, 12, 1)
DATA = Path(__file__).parent / "data"

SITE_YAML = """\
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

FILES = {
    "site_config/site.yaml": SITE_YAML,
    "content/ngan-sach/2025-du-toan.yaml": BUDGET,
    "content/ngan-sach/2025-quy-2.yaml": QUARTER,
    "content/ho-ngheo/2025-ra-soat.yaml": POVERTY,
    "content/ho-ngheo/2025-ra-soat-thang-8.yaml": SECOND_REVIEW,
    "content/hoi-dap/2025-thu-tuc-dat.yaml": ASKED,
}


def build_site(root: Path, files: dict[str, str] | None = None) -> Path:
    """Write the project under `root`, build it with the real pipeline, return its site/."""
    root.mkdir(parents=True, exist_ok=True)
    _scaffold(root)
    for name, text in (files or FILES).items():
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
