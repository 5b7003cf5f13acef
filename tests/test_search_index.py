"""The search stage: a Pagefind index over the item pages, built before the swap."""

from __future__ import annotations

import hashlib
import stat
import unicodedata
from pathlib import Path

from bs4 import BeautifulSoup
from helpers import AS_OF

from generator import search_index
from generator.pipeline import build
from generator.search_index import FOLDED_MARK, filter_word, folded_copy


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_index_covers_item_pages_only(small_project):
    result = build(small_project, as_of=AS_OF)
    assert result.published
    assert "search" in result.timings
    site = small_project.site_dir
    bundle = site / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert list((bundle / "fragment").iterdir())
    # The portal has its own search UI; Pagefind's are not shipped.
    assert not list(bundle.glob("pagefind-*ui*"))

    item = BeautifulSoup((site / "hoi-dap/2025/thu-tuc-dat/index.html").read_text(), "html.parser")
    body = item.select_one("[data-pagefind-body]")
    assert body is not None and body.find("h1").get_text(strip=True) == "Hỏi về thủ tục đất đai"
    metadata = {
        span["data-pagefind-meta"].split("[")[0]: span["data-v"]
        for span in body.select("[data-pagefind-meta]")
    }
    assert metadata == {"loai": "Hỏi đáp", "ngay": "20/03/2025"}
    # The folded copy exists only in what Pagefind reads, never in the served page.
    assert FOLDED_MARK not in (site / "hoi-dap/2025/thu-tuc-dat/index.html").read_text()

    listing = BeautifulSoup((site / "hoi-dap/index.html").read_text(), "html.parser")
    assert listing.select_one("[data-pagefind-body]") is None
    search_page = BeautifulSoup((site / "tim-kiem/index.html").read_text(), "html.parser")
    assert search_page.select_one("[data-ck-search=page] [data-ck-search-input]") is not None


def test_folded_copy_writes_d_for_đ_and_adds_filter_words():
    page = (
        '<div data-pagefind-body data-ck-filters="{&#34;loai&#34;: &#34;Văn bản&#34;, '
        '&#34;nam&#34;: &#34;2025&#34;}"><h1>Đóng góp xây dựng</h1>'
        "<p>Quyết định 15/QĐ-UBND về đất đai; thôn Đông &amp; Đoài</p><!-- ck-search-folded --></div>"
    )
    copy = folded_copy(page)
    assert copy.startswith(f"<div>{FOLDED_MARK} ")
    heading, body, filters = BeautifulSoup(copy, "html.parser").find_all("p")
    assert heading["data-pagefind-weight"] == "7"
    assert heading.get_text() == "dóng"
    assert body.get_text().split() == ["dịnh", "15/qd-ubnd", "dất", "dai;", "dông", "doài"]
    assert filters.get_text().split() == [
        filter_word("loai", "Văn bản"),
        filter_word("nam", "2025"),
    ]


def test_filter_words_are_distinct_and_fixed_length():
    words = {filter_word("nam", str(year)) for year in range(1990, 2100)}
    words |= {filter_word("loai", kind) for kind in ("Văn bản", "Hỏi đáp", "Ngân sách")}
    assert len(words) == 113
    assert {len(word) for word in words} == {11}
    # Decomposed input names the same filter value.
    assert filter_word("loai", unicodedata.normalize("NFD", "Văn bản")) == filter_word(
        "loai", "Văn bản"
    )


def test_theme_without_search_markers_fails_and_keeps_the_site(small_project):
    assert build(small_project, as_of=AS_OF).published
    before = tree_digest(small_project.site_dir)
    main = small_project.root / "theme" / "main.html"
    main.write_text(main.read_text().replace("<!-- ck-search-folded -->", ""))

    result = build(small_project, as_of=AS_OF)
    assert not result.published
    errors = [d for d in result.diagnostics if d.is_error]
    assert [d.code for d in errors] == ["CK502"]
    assert "3 trang" in errors[0].message
    assert tree_digest(small_project.site_dir) == before


def test_pagefind_failure_is_reported_and_keeps_the_site(small_project, monkeypatch, tmp_path):
    assert build(small_project, as_of=AS_OF).published
    before = tree_digest(small_project.site_dir)
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: out of memory' >&2\nexit 3\n")
    broken.chmod(broken.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(search_index, "pagefind_executable", lambda: broken)

    result = build(small_project, as_of=AS_OF)
    assert not result.published
    errors = [d for d in result.diagnostics if d.is_error]
    assert [d.code for d in errors] == ["CK501"]
    assert "out of memory" in errors[0].message
    assert tree_digest(small_project.site_dir) == before


def test_missing_pagefind_is_reported(small_project, monkeypatch):
    monkeypatch.setattr(search_index, "pagefind_executable", lambda: None)
    result = build(small_project, as_of=AS_OF)
    assert not result.published
    assert [d.code for d in result.diagnostics if d.is_error] == ["CK500"]
    assert not small_project.site_dir.exists()
