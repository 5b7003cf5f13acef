"""Open data under /du-lieu/, the manifest under /api/, and the sitemap's dates."""

from __future__ import annotations

import csv
import io
import json
import typing
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from fixtures import build_published_site
from lxml import etree
from pydantic import BaseModel

from generator.publish.opendata import EXCLUDED, layout_for
from generator.types import TYPES

BASE = "https://thunghiem.example.gov.vn/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_published_site(tmp_path_factory.mktemp("opendata") / "xa")


def read_csv(site: Path, name: str) -> list[dict[str, str]]:
    raw = (site / "du-lieu" / name).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def header(site: Path, name: str) -> list[str]:
    text = (site / "du-lieu" / name).read_bytes().decode("utf-8-sig")
    return next(csv.reader(io.StringIO(text)))


def schema_paths(model: type[BaseModel], prefix: str = "", seen=()) -> list[str]:
    """Every field of a model, nested ones by dotted path; written apart from the exporter."""
    paths = []
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        paths.append(path)
        stack = [info.annotation]
        while stack:
            annotation = stack.pop()
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                if annotation not in seen:
                    paths += schema_paths(annotation, f"{path}.", (*seen, model, annotation))
            else:
                stack.extend(typing.get_args(annotation))
    return paths


@pytest.mark.parametrize("folder", sorted(TYPES))
def test_every_schema_field_is_exported_or_deliberately_excluded(site, folder):
    layout = layout_for(TYPES[folder])
    headers = {table.name: header(site, f"{table.name}.csv") for table in layout.tables}
    for path in schema_paths(TYPES[folder].model):
        parts = path.split(".")
        ancestors = {".".join(parts[:i]) for i in range(1, len(parts))}
        if any(layout.coverage.get(a, "").startswith("excluded: ") for a in ancestors):
            continue  # inside a group left out whole (privacy_allow)
        assert path in layout.coverage, f"{folder}: {path} is neither exported nor excluded"
        where = layout.coverage[path]
        if where.startswith("excluded: "):
            assert path in EXCLUDED.get(folder, {}) or path.endswith(("privacy_allow", "head"))
        elif not where.startswith(("rows: ", "group: ")):
            table, column = where.split(": ")
            assert column in headers[table], f"{folder}: {column} missing from {table}.csv"


def test_excluded_personal_data_appears_in_no_download(site):
    assert "asker" in EXCLUDED["hoi-dap"]
    for path in (site / "du-lieu").iterdir():
        text = path.read_bytes().decode("utf-8-sig")
        assert "Trịnh Văn Riêng" not in text, path.name
    # ...while the rest of the question is there.
    assert read_csv(site, "hoi-dap.csv")[0]["question"] == "Tôi cần giấy tờ gì?"


def test_household_lists_publish_number_village_people_category_but_no_name(site):
    # The named list is posted on its page; a download of every named poor household is not.
    rows = read_csv(site, "ho-ngheo.household.csv")
    assert header(site, "ho-ngheo.household.csv") == [
        "item_id",
        "list_field",
        "list_position",
        "number",
        "village",
        "people",
        "category",
    ]
    assert rows[0] == {
        "item_id": "ho-ngheo/2025/ra-soat",
        "list_field": "poor",
        "list_position": "poor[0]",
        "number": "1",
        "village": "Thôn Một",
        "people": "",
        "category": "",
    }
    assert [r["list_field"] for r in rows[1:]] == ["poor", "near_poor"]
    listed = (site / "du-lieu/ho-ngheo.household.csv").read_text("utf-8-sig")
    document = (site / "du-lieu/ho-ngheo.json").read_text("utf-8")
    for name in ("Nguyễn Văn An", "Lường Thị Ửng", "Đinh Văn Bảy"):
        assert name not in listed and f'"{name}"' not in document
    page = (site / "ho-ngheo/2025/ra-soat/index.html").read_text("utf-8")
    assert "Nguyễn Văn An" in page
    items = read_csv(site, "ho-ngheo.csv")
    assert [r["id"] for r in items] == ["ho-ngheo/2025/ra-soat", "ho-ngheo/2025/ra-soat-thang-8"]
    assert items[0]["url"] == BASE + "ho-ngheo/2025/ra-soat/"
    assert items[0]["posting_places"] == "Trụ sở UBND xã"


def test_budget_lines_keep_their_hierarchy_and_whole_amounts(site):
    rows = read_csv(site, "ngan-sach.budget-line.csv")
    quarter = [r for r in rows if r["item_id"] == "ngan-sach/2025/quy-2"]
    assert [(r["list_position"], r["code"], r["estimate"], r["actual"]) for r in quarter] == [
        ("revenue.lines[0]", "1", "100", "40"),
        ("revenue.lines[0].lines[0]", "1.1", "60", "25"),
        ("revenue.lines[0].lines[1]", "1.2", "40", "15"),
    ]
    assert quarter[0]["name"] == "Thu phí chợ Đồng Tâm"
    main = {r["id"]: r for r in read_csv(site, "ngan-sach.csv")}
    assert main["ngan-sach/2025/quy-2"]["approval.date"] == "2025-07-10"
    assert main["ngan-sach/2025/du-toan"]["revenue.total.estimate"] == "300"


def test_json_holds_the_same_items_nested(site):
    document = json.loads((site / "du-lieu/ho-ngheo.json").read_text("utf-8"))
    assert document["type"] == "ho-ngheo"
    assert [i["id"] for i in document["items"]] == [r["id"] for r in read_csv(site, "ho-ngheo.csv")]
    second = document["items"][1]
    assert second["poor"] == [
        {
            "number": 1,
            "village": "Thôn Đoài",
            "people": None,
            "category": "Hộ nghèo thiếu hụt nhà ở",
        }
    ]
    assert second["posted_from"] == "2025-08-20"
    questions = json.loads((site / "du-lieu/hoi-dap.json").read_text("utf-8"))
    assert "asker" not in questions["items"][0]


@pytest.mark.parametrize("folder", sorted(TYPES))
def test_column_names_are_unique_in_every_table(folder):
    for table in layout_for(TYPES[folder]).tables:
        names = [c.name for c in table.columns]
        assert len(names) == len(set(names)), (table.name, names)


def test_data_dictionary_page_explains_every_column_and_links_every_file(site):
    html = BeautifulSoup((site / "du-lieu/index.html").read_text("utf-8"), "html.parser")
    assert html.h1.get_text(strip=True) == "Dữ liệu mở"
    text = html.get_text()
    for folder, kind in TYPES.items():
        for table in layout_for(kind).tables:
            for column in table.columns:
                assert f"{column.name}" in text, (folder, column.name)
    assert "Lường Thị Ửng" not in text
    links = {a["href"] for a in html.select("article a[href]")}
    files = [h for h in links if h.endswith((".csv", ".json"))]
    assert len(files) >= 2 * len(TYPES)
    for href in files:
        assert (site / "du-lieu" / href).resolve().is_file(), href
    row = next(
        tr for tr in html.select("table tr") if tr.find("code", string="revenue.total.estimate")
    )
    assert "Tổng số dự toán" in row.get_text()


def test_manifest_validates_against_its_published_schema(site):
    manifest = json.loads((site / "api/manifest.json").read_text("utf-8"))
    schema = json.loads((site / "schemas/manifest.schema.json").read_text("utf-8"))
    assert manifest["$schema"] == BASE + "schemas/manifest.schema.json"
    assert schema["$id"] == manifest["$schema"]
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(manifest)
    broken = dict(manifest, items=[dict(manifest["items"][0], published="24/11/2025")])
    assert not validator.is_valid(broken)
    assert not validator.is_valid({k: v for k, v in manifest.items() if k != "schema_version"})


def test_manifest_lists_every_item_with_the_dates_rules_use(site):
    manifest = json.loads((site / "api/manifest.json").read_text("utf-8"))
    assert manifest["schema_version"] == "1.1"
    assert manifest["site"] == {
        "commune": "Xã Thử Nghiệm",
        "province": "Tỉnh Kiểm Tra",
        "agency": "Ủy ban nhân dân xã Thử Nghiệm",
        "address": "Thôn Một, xã Thử Nghiệm",
        "phone": "0200 3000 000",
        "email": "ubnd@thunghiem.gov.vn",
        "url": BASE,
    }
    assert manifest["data_updated"] == "2025-11-24"
    items = {i["id"]: i for i in manifest["items"]}
    assert len(items) == 5
    quarter = items["ngan-sach/2025/quy-2"]
    assert quarter["type"] == "ngan-sach"
    assert quarter["period"] == {"year": 2025, "quarter": 2}
    assert quarter["dates"] == {"published": "2025-07-15", "approval.date": "2025-07-10"}
    assert quarter["facets"] == {"phase": "quy-2"}
    assert quarter["url"] == BASE + "ngan-sach/2025/quy-2/"
    assert (site / "ngan-sach/2025/quy-2/index.html").is_file()
    review = items["ho-ngheo/2025/ra-soat"]
    assert review["dates"]["posted_from"] == "2025-11-24"
    assert review["dates"]["posted_to"] == "2025-12-24"
    assert review["period"] == {"year": 2025, "quarter": None}
    assert items["hoi-dap/2025/thu-tuc-dat"]["dates"]["answered"] == "2025-03-14"
    counts = {t["type"]: t["count"] for t in manifest["types"]}
    assert counts["ngan-sach"] == 2 and counts["van-ban"] == 0
    for entry in manifest["types"]:
        for url in [entry["json"], *entry["csv"], entry["rss"], entry["atom"]]:
            assert (site / url.removeprefix(BASE)).is_file(), url


def test_sitemap_dates_come_from_the_data(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = etree.parse(str(site / "sitemap.xml"))
    lastmod = {
        url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns)
        for url in root.findall("s:url", ns)
    }
    assert lastmod[BASE + "ngan-sach/2025/du-toan/"] == "2025-01-10"
    assert lastmod[BASE + "ngan-sach/2025/quy-2/"] == "2025-07-15"
    assert lastmod[BASE + "ngan-sach/"] == "2025-07-15"
    assert lastmod[BASE + "hoi-dap/2025/thu-tuc-dat/"] == "2025-03-20"
    assert lastmod[BASE] == "2025-11-24"
    assert lastmod[BASE + "du-lieu/"] == "2025-11-24"


def test_manifest_schema_and_version_are_documented():
    from fixtures import REPO

    from generator.publish.manifest import (
        SCHEMA_VERSION,
        Manifest,
        ManifestItem,
        TypeSummary,
        WithdrawnItem,
    )

    text = (REPO / "docs/du-lieu-mo.md").read_text("utf-8")
    assert f"phiên bản lược đồ {SCHEMA_VERSION}" in text
    for model in (Manifest, ManifestItem, TypeSummary, WithdrawnItem):
        for name, info in model.model_fields.items():
            assert f"`{info.alias or name}`" in text, (model.__name__, name)


def test_published_json_is_indented_as_the_standard_library_writes_it(site):
    # orjson writes it (json_out.py); users and diffs see the layout json.dumps(indent=2) gives.
    files = [*site.glob("du-lieu/**/*.json"), *site.glob("api/**/*.json"), *site.glob("schemas/*")]
    assert len(files) > 20
    for path in files:
        data = path.read_bytes()
        expected = json.dumps(json.loads(data), ensure_ascii=False, indent=2) + "\n"
        assert data == expected.encode("utf-8"), path


def test_lists_naming_residents_ask_search_engines_to_stay_away(site):
    # Posted for the commune by law; not for a search engine's index or cache.
    listing = BeautifulSoup((site / "ho-ngheo/2025/ra-soat/index.html").read_bytes(), "html.parser")
    robots = listing.find("meta", attrs={"name": "robots"})
    assert robots is not None and robots["content"].startswith("noindex, noarchive")
    question = BeautifulSoup(
        (site / "hoi-dap").rglob("index.html").__next__().read_bytes(), "html.parser"
    )
    assert question.find("meta", attrs={"name": "robots"}) is None
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "ho-ngheo/2025/ra-soat/" not in sitemap and "hoi-dap/" in sitemap


def test_privacy_review_notes_are_never_published_as_data(site):
    for path in (site / "du-lieu").glob("*.*sv"):
        assert "privacy_allow" not in path.read_bytes().decode("utf-8-sig"), path.name
        assert "privacy-exception" not in path.name
    for path in (site / "du-lieu").glob("*.json"):
        assert '"privacy_allow"' not in path.read_text("utf-8"), path.name
    # The data page says why it is left out.
    page = (site / "du-lieu/index.html").read_text("utf-8")
    assert "<code>privacy_allow</code>: Hồ sơ xem xét nội bộ" in page
