"""Contributions in kind (tonnes of cement, workdays) beside money: shown as the document gives
them, never turned into đồng, and left out of every money total."""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup
from fixtures import diagnostics_of

from generator.build import build

AS_OF = dt.date(2025, 12, 1)

FUND = """\
title: Công khai thu, chi đóng góp làm đường thôn Đông năm 2025
published: 2025-11-20
fund_kind: dong-gop
year: 2025
fund_name: Đóng góp làm đường bê tông thôn Đông
purpose: Làm 300 m đường bê tông thôn Đông
period_from: 2025-03-01
period_to: 2025-10-31
received: 75_500_000
spent: 70_000_000
receipts:
  - {name: Nhân dân thôn Đông đóng góp, amount: 75_500_000}
  - {name: Nhà nước hỗ trợ, quantity: 42, unit: tấn, goods: xi măng, amount: 60_000_000, note: giá trị quy đổi theo biên bản}
  - {name: Nhân dân góp công, quantity: 1250, unit: ngày công}
spending:
  - {name: "Mua cát, đá", amount: 70_000_000}
  - {name: Dùng xi măng hỗ trợ, quantity: 41.5, unit: tấn, goods: xi măng}
"""


def rows_of(table) -> list[list[str]]:
    return [[td.get_text(strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]


def test_in_kind_lines_show_as_written_and_money_totals_count_only_money(make_project):
    project = make_project({"content/dong-gop/2025-duong-thon-dong.yaml": FUND})
    # 75.500.000 received in money: the cement's stated value is not cash, so no CK106.
    assert [d for d in diagnostics_of(project) if d.severity.name != "WARNING"] == []
    assert build(project, as_of=AS_OF).published
    html = (project.site_dir / "dong-gop/2025/duong-thon-dong/index.html").read_text("utf-8")
    tables = BeautifulSoup(html, "html.parser").select("article table")
    summary, receipts, spending = tables[-3:]
    assert ["Số dư cuối kỳ", "5.500.000"] in rows_of(summary)
    assert rows_of(receipts) == [
        ["Nhân dân thôn Đông đóng góp", "75.500.000", "", "", ""],
        ["Nhà nước hỗ trợ", "", "42 tấn xi măng", "60.000.000", "giá trị quy đổi theo biên bản"],
        ["Nhân dân góp công", "", "1.250 ngày công", "", ""],
        ["Tổng số tiền", "75.500.000", "", "", ""],
    ]
    assert rows_of(spending)[1] == ["Dùng xi măng hỗ trợ", "", "41,5 tấn xi măng", "", ""]


def test_a_money_total_that_counted_the_goods_is_flagged(make_project):
    wrong = FUND.replace("received: 75_500_000", "received: 135_500_000")
    project = make_project({"content/dong-gop/2025-duong-thon-dong.yaml": wrong})
    [d] = [d for d in diagnostics_of(project) if d.code == "CK106"]
    assert "75.500.000" in d.message and "hiện vật" in d.hint


def test_a_line_with_neither_money_nor_quantity_or_no_unit_is_refused(make_project):
    bad = FUND.replace(
        "  - {name: Nhân dân góp công, quantity: 1250, unit: ngày công}\n",
        "  - {name: Nhân dân góp công, quantity: 1250}\n  - {name: Hỗ trợ khác}\n",
    )
    found = diagnostics_of(make_project({"content/dong-gop/2025-duong-thon-dong.yaml": bad}))
    assert sorted((d.code, d.field) for d in found if d.is_error) == [
        ("CK101", "receipts[3].amount"),
        ("CK114", "receipts[2].unit"),
    ]


def test_tonnes_written_as_an_amount_point_to_the_in_kind_fields(make_project):
    bad = FUND.replace(
        "  - {name: Nhân dân góp công, quantity: 1250, unit: ngày công}\n",
        "  - {name: Nhà nước hỗ trợ xi măng, amount: 42 tấn}\n",
    )
    [d] = diagnostics_of(make_project({"content/dong-gop/2025-duong-thon-dong.yaml": bad}))
    assert d.code == "CK103" and d.field == "receipts[2].amount"
    assert "quantity: 42" in d.hint and "unit: tấn" in d.hint
