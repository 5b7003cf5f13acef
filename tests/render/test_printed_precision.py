"""A percentage shows as the signed form prints it: "110,50" and "90,00" keep their zeros when
the column says how many decimals the form prints (YAML reads 110.50 as 110.5)."""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup
from fixtures import diagnostics_of

from generator.build import build

AS_OF = dt.date(2025, 12, 1)

# Form 116 as a commune printed it (final accounts balance, 2024), in 1000 đồng.
FINAL_ACCOUNTS = """\
title: Quyết toán ngân sách xã năm 2024
year: 2024
phase: quyet-toan
published: 2025-07-20
unit: 1000 đồng
tables:
  - title: Cân đối quyết toán ngân sách xã năm 2024
    kind: can-doi
    columns:
      - {key: "1", label: Dự toán năm, measure: du-toan}
      - {key: "2", label: Quyết toán năm, measure: quyet-toan}
      - {key: "3", label: So sánh QT/DT (%), kind: percent, formula: 2/1, decimals: 2}
    rows:
      - {code: A, name: Tổng thu ngân sách xã, level: 1, values: {1: 12_500_000, 2: 13_812_500, 3: 110.50}}
      - {code: B, name: Tổng chi ngân sách xã, level: 1, values: {1: 12_500_000, 2: 11_250_000, 3: 90.00}}
      - {code: C, name: Kết dư, level: 1, values: {1: 300_000, 2: 1_000_000, 3: 333.3333}}
"""


def cells(project, url: str) -> dict[str, list[str]]:
    html = (project.site_dir / url / "index.html").read_text("utf-8")
    table = BeautifulSoup(html, "html.parser").select_one(".ck-budget table")
    return {
        tr.select_one("th").get_text(strip=True): [
            td.get_text(strip=True) for td in tr.select("td")
        ][1:]
        for tr in table.select("tbody tr")
    }


def test_percentages_keep_the_decimals_the_form_prints(make_project):
    project = make_project({"content/ngan-sach/2024-quyet-toan.yaml": FINAL_ACCOUNTS})
    assert [d for d in diagnostics_of(project) if d.code == "CK207" or d.is_error] == []
    assert build(project, as_of=AS_OF).published
    table = cells(project, "ngan-sach/2024/quyet-toan")
    assert table["Tổng thu ngân sách xã"] == ["12.500.000", "13.812.500", "110,50"]
    assert table["Tổng chi ngân sách xã"][2] == "90,00"
    # More decimals than the column declares: shown whole, never rounded.
    assert table["Kết dư"][2] == "333,3333"


def test_without_decimals_the_zeros_yaml_dropped_stay_dropped(make_project):
    plain = FINAL_ACCOUNTS.replace(", decimals: 2", "")
    project = make_project({"content/ngan-sach/2024-quyet-toan.yaml": plain})
    assert build(project, as_of=AS_OF).published
    table = cells(project, "ngan-sach/2024/quyet-toan")
    assert table["Tổng thu ngân sách xã"][2] == "110,5"
    assert table["Tổng chi ngân sách xã"][2] == "90"
