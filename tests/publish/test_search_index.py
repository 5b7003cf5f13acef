"""The search stage: congkhai's own chunked index over the item pages, built before the swap."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fixtures import AS_OF

from generator.build import build
from generator.publish.search_index import (
    END_MARK,
    INDEX_DIR,
    MarkersMissing,
    Page,
    encode_postings,
    fold,
    index_files,
    pair_bucket,
    pairs,
    read_page,
    tokens,
    variant,
)

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def decode(text: str) -> list[tuple[int, int]]:
    """What ck-search.js does with a postings string, written again from its description."""
    out, doc, i = [], -1, 0
    while i < len(text):
        gap, shift = 0, 0
        while True:
            digit = _B64.index(text[i])
            i += 1
            gap |= (digit & 31) << shift
            shift += 5
            if not digit & 32:
                break
        doc += gap + 1
        out.append((doc, _B64.index(text[i])))
        i += 1
    return out


def load_index(site: Path) -> tuple[dict, Path]:
    entry = json.loads((site / INDEX_DIR / "index.json").read_text())
    return entry, site / INDEX_DIR / entry["version"]


def postings_of(files: Path, word: str) -> dict[str, list[tuple[int, int]]]:
    """The postings by spelling of one folded word, found as the browser finds them."""
    shard = json.loads((files / "w" / f"{word[:2]}.json").read_text())
    [bucket] = [row[2] for row in shard["t"] if row[0] == word]
    spellings = json.loads((files / "p" / f"{word[:2]}.{bucket}.json").read_text())[word]
    return {spelling: decode(text) for spelling, text in spellings.items()}


def test_index_covers_item_pages_only(small_project):
    result = build(small_project, as_of=AS_OF)
    assert result.published
    assert "publish" in result.timings
    site = small_project.site_dir
    entry, files = load_index(site)
    assert entry["docs"] == 3
    assert sorted(p.name for p in (files / "f").iterdir()) == ["0.json", "1.json", "2.json"]
    results = [json.loads((files / "f" / f"{i}.json").read_text()) for i in range(3)]
    question = next(r for r in results if r["u"] == "hoi-dap/2025/thu-tuc-dat/")
    assert question["t"] == "Hỏi về thủ tục đất đai"
    assert (question["k"], question["d"]) == ("Hỏi đáp", "20/03/2025")
    assert "Hỏi về thủ tục đất đai" not in question["x"]  # the title is kept apart
    # Newest first: document ids also break ties between equal scores.
    dates = [r["d"][6:] + r["d"][3:5] + r["d"][:2] for r in results]
    assert dates == sorted(dates, reverse=True)

    # `đất` is found as `dat`, its spelling kept; a title word carries the title bit (32).
    dat = postings_of(files, "dat")
    doc = results.index(question)
    assert any(d == doc and weight & 32 for d, weight in dat["đât~2"])

    facets = json.loads((files / "facets.json").read_text())
    loai = facets["loai"]
    assert loai["values"][loai["docs"][doc]] == "Hỏi đáp"
    assert facets["nam"]["values"][facets["nam"]["docs"][doc]] == "2025"

    item = BeautifulSoup((site / "hoi-dap/2025/thu-tuc-dat/index.html").read_text(), "html.parser")
    body = item.select_one("[data-ck-search-body]")
    assert body is not None and body.find("h1").get_text(strip=True) == "Hỏi về thủ tục đất đai"

    listing = BeautifulSoup((site / "hoi-dap/index.html").read_text(), "html.parser")
    assert listing.select_one("[data-ck-search-body]") is None
    search_page = BeautifulSoup((site / "tim-kiem/index.html").read_text(), "html.parser")
    assert search_page.select_one("[data-ck-search=page] [data-ck-search-input]") is not None


def test_every_vocabulary_word_has_its_postings(small_project):
    assert build(small_project, as_of=AS_OF).published
    entry, files = load_index(small_project.site_dir)
    words = 0
    for shard_file in (files / "w").iterdir():
        shard = json.loads(shard_file.read_text())
        for word, df, bucket in shard["t"]:
            spellings = json.loads((files / "p" / f"{shard_file.stem}.{bucket}.json").read_text())
            docs = {d for text in spellings[word].values() for d, _ in decode(text)}
            assert len(docs) == df and max(docs) < entry["docs"], word
            words += 1
        for word, _, file in shard.get("top", []):
            assert word.startswith(shard_file.stem) and len(word) > 1
            assert word in json.loads((files / "p" / f"{file}.json").read_text())
    assert words > 50


def test_words_folded_and_spelled():
    assert fold("Đóng GÓP đất") == "dong gop dat"
    assert fold(unicodedata.normalize("NFD", "nghĩa vụ")) == "nghia vu"
    # Old and new tone placement are one spelling; the vowel marks and the tone still count.
    assert variant("hoà") == variant("hòa") == "hoa~1"
    assert variant("khoẻ") == variant("khỏe") == "khoe~4"
    assert len({variant(w) for w in ("hồ", "hộ", "hỗ", "hổ", "hơ", "ho")}) == 6
    assert variant("đất") == "đât~2" and variant("vneid") == "vneid"


def test_tokens_keep_document_numbers_whole():
    assert tokens("Quyết định 15/QĐ-UBND về đất đai; hộ nghèo.") == [
        "quyết", "định", "15", "qđ", "ubnd", "15qđubnd", "qđubnd", "về", "đất", "đai", "hộ",
        "nghèo",
    ]  # fmt: skip
    # A chunk is what lies between spaces; punctuation at its ends does not count.
    assert tokens("(Số:15/QĐ-UBND), x_y") == [
        "số", "15", "qđ", "ubnd", "số15qđubnd", "15qđubnd", "qđubnd", "x", "y", "xy",
    ]  # fmt: skip
    # Numbers alone (amounts, dates) do not join; decomposed text is the same words.
    assert tokens("1.250.000 đồng ngày 15/12/2025") == [
        "1", "250", "000", "đồng", "ngày", "15", "12", "2025",
    ]  # fmt: skip
    assert tokens(unicodedata.normalize("NFD", "Hộ nghèo")) == ["hộ", "nghèo"]


def test_pages_newest_first_and_found_by_their_words_not_their_type(tmp_path):
    """Documents are numbered newest first. A page's type is a filter, not words of the page: a
    type's pages would otherwise outrank the page a resident wants for the type's words."""
    pages = [
        Page("cuu-tro/2025/a/", {"type": "Cứu trợ, ủng hộ", "published": "2025-10-02"},
             "Bão số 5", "Tiếp nhận tiền, hàng ủng hộ"),
        Page("tin-bai/2026/b/", {"type": "Thông báo, tin tức", "published": "2026-01-05"},
             "Lịch tiếp dân", "Chủ tịch tiếp công dân"),
    ]  # fmt: skip
    files = index_files(pages)
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    assert json.loads(files["f/0.json"])["u"] == "tin-bai/2026/b/"
    assert not (tmp_path / "w" / "cu.json").exists()
    found = postings_of(tmp_path, "tiep")
    assert {d for postings in found.values() for d, _ in postings} == {0, 1}


def test_words_side_by_side_are_found_as_pairs(tmp_path):
    """`hộ nghèo` on one page and `hộ ... nghèo` apart on another: only the first has the pair,
    in the file the browser computes from the pair (FNV-1a, as ck-search.js)."""
    pages = [
        Page("a/", {"published": "2025-01-01"}, "Hộ nghèo", "Danh sách hộ nghèo năm 2025"),
        Page("b/", {"published": "2025-01-02"}, "Tin", "Mỗi hộ nhận quà; nghèo đói giảm"),
    ]
    files = index_files(pages)
    buckets = sum(1 for name in files if name.startswith("q/"))
    pair = "ho ngheo"
    held = json.loads(files[f"q/{pair_bucket(pair, buckets)}.json"])
    assert [doc for doc, _ in decode(held[pair])] == [1]  # "a/" is the older: id 1
    assert pairs("Hộ NGHÈO, thôn Hoà Bình") == {"ho ngheo", "ngheo thon", "thon hoa", "hoa binh"}
    assert pair_bucket("ho ngheo", 1000) == pair_bucket(
        unicodedata.normalize("NFC", "ho ngheo"), 1000
    )


def test_postings_encoding_round_trips():
    postings = [(0, 1), (1, 33), (2, 0), (40, 63), (41, 5), (5000, 31), (70000, 2)]
    assert decode(encode_postings(postings)) == postings
    # Consecutive documents cost two characters each.
    assert len(encode_postings([(i, 7) for i in range(100)])) == 200


def test_page_body_without_controls_and_ignored_parts():
    meta = {"type": "Văn bản", "date": "15/12/2025"}
    page = (
        "<html><nav>Trang chủ Hỏi đáp</nav>"
        '<div data-ck-search-body><h1 id="x">Quyết định <em>số</em> 15</h1>'
        '<div class="ck-actions" role="group"><p><a href="#">Tải tệp gốc</a></p></div>'
        "<p>Công nhận <strong>36</strong> hộ nghèo &amp; cận nghèo</p>"
        "<figure data-pagefind-ignore><svg><text>biểu đồ</text></svg><figure>x</figure></figure>"
        "<div data-ck-search-ignore><div>bỏ qua</div></div><!-- chú thích -->"
        '<img src="a.png" alt="" data-ck-search-ignore><script>var x = "<p>";</script><p>Hết.</p>'
        f"{END_MARK}</div><footer>Chân trang</footer></html>"
    )
    found = read_page(page, "van-ban/2025/qd-15/", meta)
    assert found.title == "Quyết định số 15"
    assert found.text == "Công nhận 36 hộ nghèo & cận nghèo Hết."
    assert found.meta == meta
    with pytest.raises(MarkersMissing):
        read_page("<html><p>Danh sách</p></html>", "hoi-dap/", {})


def test_theme_without_search_markers_fails_and_keeps_the_site(small_project):
    assert build(small_project, as_of=AS_OF).published
    before = tree_digest(small_project.site_dir)
    main = small_project.root / "theme" / "main.html"
    main.write_text(main.read_text().replace("data-ck-search-body>", "data-other>"))

    result = build(small_project, as_of=AS_OF)
    assert not result.published
    errors = [d for d in result.diagnostics if d.is_error]
    assert [d.code for d in errors] == ["CK502"] * 3
    assert "hoi-dap/2025/thu-tuc-dat/" in " ".join(e.message for e in errors)
    assert tree_digest(small_project.site_dir) == before


def test_page_cut_short_is_reported_and_keeps_the_site(small_project):
    assert build(small_project, as_of=AS_OF).published
    before = tree_digest(small_project.site_dir)
    main = small_project.root / "theme" / "main.html"
    main.write_text(main.read_text().replace(END_MARK, ""))

    result = build(small_project, as_of=AS_OF)
    assert not result.published
    errors = [d for d in result.diagnostics if d.is_error]
    assert [d.code for d in errors] == ["CK501"] * 3
    assert "hoi-dap/2025/thu-tuc-dat/" in " ".join(e.message for e in errors)
    assert END_MARK in errors[0].message
    assert tree_digest(small_project.site_dir) == before


def test_an_abbreviation_finds_the_phrase_spelled_out_and_back(tmp_path):
    """Residents type `bhyt` for bảo hiểm y tế; a page may write either."""
    pages = [
        Page(
            "a/", {"published": "2025-01-01"}, "Cấp thẻ", "Cấp thẻ bảo hiểm y tế cho hộ cận nghèo"
        ),
        Page("b/", {"published": "2025-01-02"}, "Thẻ BHYT", "Danh sách nhận thẻ"),
        Page("c/", {"published": "2025-01-03"}, "Tin", "Bảo hiểm xã hội tự nguyện"),
    ]
    files = index_files(pages)
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    by_id = {json.loads(files[f"f/{i}.json"])["u"]: i for i in range(3)}
    found = {d for postings in postings_of(tmp_path, "bhyt").values() for d, _ in postings}
    assert found == {by_id["a/"], by_id["b/"]}
    spelled = {d for postings in postings_of(tmp_path, "hiem").values() for d, _ in postings}
    assert by_id["b/"] in spelled
