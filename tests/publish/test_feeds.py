"""Feeds under /feeds/: parsed back with feedparser and validated against RSS and Atom schemas."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from fixtures import PUBLISHED_FILES, build_published_site, relax_ng
from lxml import etree

VIETNAM = dt.timezone(dt.timedelta(hours=7))
BASE = "https://thunghiem.example.gov.vn/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_published_site(tmp_path_factory.mktemp("feeds") / "xa")


def feed_files(site: Path) -> list[Path]:
    return sorted(p for p in (site / "feeds").rglob("*.xml") if p.name != "sitemap.xml")


def test_each_feed_folder_has_the_empty_sitemap_the_theme_script_asks_for(site):
    # Material fetches sitemap.xml beside every <link rel="alternate">: found, it lists nothing.
    for folder in {f.parent for f in feed_files(site)}:
        sitemap = etree.parse(str(folder / "sitemap.xml")).getroot()
        assert sitemap.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
        assert len(sitemap) == 0


def parse(site: Path, path: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((site / path).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def local(url: str, site: Path) -> Path:
    """The file an absolute portal URL points at in the built site."""
    assert url.startswith(BASE), url
    path = site / urlsplit(url).path.lstrip("/")
    return path / "index.html" if url.endswith("/") else path


def test_every_feed_is_valid_rss_or_atom(site):
    atom, rss = relax_ng("atom.rnc"), relax_ng("rss-2.0.rnc")
    files = feed_files(site)
    # site-wide + every type + the three villages (Thôn Một, Thôn Đoài and none other).
    assert {f.relative_to(site / "feeds").parent.as_posix() for f in files} >= {
        ".",
        "ngan-sach",
        "ho-ngheo",
        "hoi-dap",
        "ho-ngheo/thon-mot",
        "ho-ngheo/thon-doai",
    }
    for path in files:
        document = etree.parse(str(path))
        schema = atom if path.name == "atom.xml" else rss
        assert schema.validate(document), (path, schema.error_log)
        parsed = parse(site, path.relative_to(site).as_posix())
        assert parsed.version == ("atom10" if path.name == "atom.xml" else "rss20")
        # RFC 4287: a feed needs an author unless every entry has one.
        if path.name == "atom.xml":
            assert parsed.feed.author_detail.name == "Ủy ban nhân dân xã Thử Nghiệm"


def test_the_schemas_reject_broken_feeds(site):
    """The validators would catch what the tests rely on them for."""
    atom = etree.parse(str(site / "feeds/atom.xml"))
    updated = atom.find("{http://www.w3.org/2005/Atom}updated")
    updated.text = "20/11/2025"
    assert not relax_ng("atom.rnc").validate(atom)
    rss = etree.parse(str(site / "feeds/rss.xml"))
    rss.find("channel/item/pubDate").text = "2025-11-24"
    assert not relax_ng("rss-2.0.rnc").validate(rss)


def test_site_feed_has_every_item_newest_first_with_dates_from_the_yaml(site):
    atom = parse(site, "feeds/atom.xml")
    rss = parse(site, "feeds/rss.xml")
    titles = [e.title for e in atom.entries]
    assert titles == [
        "Danh sách hộ nghèo năm 2025",  # 2025-11-24
        "Rà soát thường xuyên hộ nghèo tháng 8 năm 2025",  # 2025-08-20
        "Thực hiện dự toán quý II năm 2025",  # 2025-07-15
        "Hỏi về thủ tục đất đai",  # 2025-03-20
        "Dự toán ngân sách năm 2025",  # 2025-01-10
    ]
    assert [e.title for e in rss.entries] == titles
    published = [dt.datetime(*e.published_parsed[:6], tzinfo=dt.UTC) for e in atom.entries]
    assert published == sorted(published, reverse=True)
    assert atom.entries[0].published == "2025-11-24T00:00:00+07:00"
    assert rss.entries[0].published == "Mon, 24 Nov 2025 00:00:00 +0700"
    # The feed's own date is its newest entry's, not the day of the build.
    assert atom.feed.updated == "2025-11-24T00:00:00+07:00"
    assert rss.feed.updated == "Mon, 24 Nov 2025 00:00:00 +0700"


def test_entries_have_stable_ids_links_summaries_and_categories(site):
    atom = parse(site, "feeds/atom.xml")
    rss = parse(site, "feeds/rss.xml")
    by_title = {e.title: e for e in atom.entries}
    budget = by_title["Thực hiện dự toán quý II năm 2025"]
    assert budget.id == "tag:thunghiem.example.gov.vn,2025:ngan-sach/2025/quy-2"
    assert budget.link == BASE + "ngan-sach/2025/quy-2/"
    assert local(budget.link, site).is_file()
    assert budget.tags[0].term == "ngan-sach" and budget.tags[0].label == "Ngân sách"
    assert "Thực hiện dự toán quý II" in budget.summary
    review = by_title["Rà soát thường xuyên hộ nghèo tháng 8 năm 2025"]
    assert review.summary.startswith("Bổ sung hộ bà Lường Thị Ửng ở Thôn Đoài.")
    assert [e.id for e in rss.entries] == [e.id for e in atom.entries]
    assert len({e.id for e in atom.entries}) == len(atom.entries)


def test_type_and_village_feeds_hold_only_their_items(site):
    budget = parse(site, "feeds/ngan-sach/atom.xml")
    assert [e.title for e in budget.entries] == [
        "Thực hiện dự toán quý II năm 2025",
        "Dự toán ngân sách năm 2025",
    ]
    assert budget.feed.updated == "2025-07-15T00:00:00+07:00"
    assert budget.feed.link == BASE + "ngan-sach/"
    doai = parse(site, "feeds/ho-ngheo/thon-doai/rss.xml")
    assert [e.title for e in doai.entries] == ["Rà soát thường xuyên hộ nghèo tháng 8 năm 2025"]
    assert doai.feed.title == "Hộ nghèo, cận nghèo – Thôn Đoài, Xã Thử Nghiệm"
    mot = parse(site, "feeds/ho-ngheo/thon-mot/atom.xml")
    assert len(mot.entries) == 2
    # A type with nothing published still has a valid, empty feed dated by the data.
    empty = parse(site, "feeds/van-ban/atom.xml")
    assert empty.entries == [] and empty.feed.updated == "2025-11-24T00:00:00+07:00"


def test_an_updated_item_shows_as_updated_not_as_a_new_entry(tmp_path):
    before = parse(build_published_site(tmp_path / "before"), "feeds/atom.xml")
    changed = dict(PUBLISHED_FILES)
    changed["content/ngan-sach/2025-du-toan.yaml"] = (
        PUBLISHED_FILES["content/ngan-sach/2025-du-toan.yaml"]
        + "updated: 2025-12-01\nchange_note: Sửa số thu phí, lệ phí theo Nghị quyết bổ sung.\n"
    )
    after_site = build_published_site(tmp_path / "after", changed)
    after = parse(after_site, "feeds/atom.xml")
    assert len(after.entries) == len(before.entries)
    old = next(e for e in before.entries if e.title == "Dự toán ngân sách năm 2025")
    new = after.entries[0]
    assert new.id == old.id
    assert new.published == old.published == "2025-01-10T00:00:00+07:00"
    assert new.updated == "2025-12-01T00:00:00+07:00"
    assert new.summary.startswith(
        "Cập nhật ngày 01/12/2025: Sửa số thu phí, lệ phí theo Nghị quyết bổ sung."
    )
    assert after.feed.updated == "2025-12-01T00:00:00+07:00"
    rss = parse(after_site, "feeds/rss.xml")
    assert rss.entries[0].id == old.id
    assert rss.entries[0].published == "Fri, 10 Jan 2025 00:00:00 +0700"


def test_two_builds_give_the_same_bytes(site, tmp_path):
    again = build_published_site(tmp_path / "elsewhere" / "xa")

    def digests(root: Path) -> dict[str, str]:
        wanted = [*root.glob("feeds/**/*.xml"), *root.glob("du-lieu/*.*"), *root.glob("api/*")]
        wanted += [root / "sitemap.xml", root / "sitemap.xml.gz"]
        wanted += [root / "schemas/manifest.schema.json"]
        return {
            p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in wanted
            if p.is_file() and p.suffix != ".html"
        }

    first, second = digests(site), digests(again)
    assert len(first) > 30
    assert first == second


def test_every_page_announces_the_feeds(site):
    for page in ["", "ngan-sach/2025/quy-2/", "hoi-dap/", "du-lieu/"]:
        html = BeautifulSoup((site / page / "index.html").read_text("utf-8"), "html.parser")
        links = html.select('link[rel="alternate"][type$="+xml"]')
        hrefs = {(site / page / link["href"]).resolve() for link in links}
        assert (site / "feeds/rss.xml").resolve() in hrefs
        assert (site / "feeds/atom.xml").resolve() in hrefs
        for href in hrefs:
            assert href.is_file(), href
    budget = BeautifulSoup(
        (site / "ngan-sach/2025/quy-2/index.html").read_text("utf-8"), "html.parser"
    )
    titles = {link["title"] for link in budget.select('link[rel="alternate"]')}
    assert "Ngân sách (RSS)" in titles and "Ngân sách (Atom)" in titles


def test_feeds_page_lists_every_feed_with_working_links(site):
    html = BeautifulSoup((site / "feeds/index.html").read_text("utf-8"), "html.parser")
    assert html.h1.get_text(strip=True) == "Nguồn tin RSS và Atom"
    targets = {
        (site / "feeds" / a["href"]).resolve() for a in html.select("article a[href$='.xml']")
    }
    assert targets == {p.resolve() for p in feed_files(site)}
    assert "Thôn Đoài" in html.get_text()
    nav = [a.get_text(strip=True) for a in html.select("nav a")]
    assert "Nguồn tin RSS" in nav and "Dữ liệu mở" in nav
