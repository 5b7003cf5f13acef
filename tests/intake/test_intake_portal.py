"""The portal side of the intake service: forms on the built pages, and the rating counts."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup
from click.testing import CliRunner
from fixtures import AS_OF, CODE, INTAKE_QUESTION, ORIGIN, SITE_YAML, make_client, registry_yaml

from generator.build import build
from generator.cli import main

INTAKE = f'intake:\n  url: https://tiepnhan.example.vn/\n  commune_code: "{CODE}"\n'
ITEM_PAGE = "hoi-dap/2025/thu-tuc-dat/index.html"


def _soup(project, page: str) -> BeautifulSoup:
    return BeautifulSoup((project.site_dir / page).read_text(encoding="utf-8"), "html.parser")


def test_forms_post_to_the_intake_service(small_project):
    (small_project.root / "site_config/site.yaml").write_text(SITE_YAML + INTAKE, encoding="utf-8")
    result = build(small_project, as_of=AS_OF)
    assert result.published, [d.message for d in result.diagnostics]

    for page in (ITEM_PAGE, "ngan-sach/2025/du-toan/index.html"):
        form = _soup(small_project, page).select_one("form.ck-rate")
        assert form is not None, page
        assert form["action"] == "https://tiepnhan.example.vn/danh-gia"
        assert form["method"] == "post"
        fields = {i["name"]: i.get("value") for i in form.select("input[type=hidden]")}
        assert fields == {"commune": CODE, "page": page.removesuffix("index.html")}
        assert [b["value"] for b in form.select("button[name=useful]")] == ["co", "khong"]
        assert form.select_one("input[name=website]") is not None
    # Listings are not rated, only items.
    assert _soup(small_project, "ngan-sach/index.html").select_one("form.ck-rate") is None

    ask = _soup(small_project, "hoi-dap/index.html").select_one("form.ck-ask")
    assert ask["action"] == "https://tiepnhan.example.vn/cau-hoi"
    names = {e["name"] for e in ask.select("input, textarea")}
    assert names == {
        "commune",
        "page",
        "topic",
        "question",
        "name",
        "contact",
        "consent",
        "website",
    }
    scripts = [s.get("src", "") for s in _soup(small_project, ITEM_PAGE).select("script")]
    assert any(s.endswith("ck-intake.js") for s in scripts)
    sheets = [s["href"] for s in _soup(small_project, ITEM_PAGE).select("link[rel=stylesheet]")]
    assert any(s.endswith("ck-intake.css") for s in sheets)


def test_without_a_service_no_rating_and_no_question_form_but_ways_to_ask(small_project):
    assert build(small_project, as_of=AS_OF).published
    assert _soup(small_project, ITEM_PAGE).select_one("form.ck-rate") is None
    questions = _soup(small_project, "hoi-dap/index.html")
    assert questions.select_one("form.ck-ask") is None
    mail = questions.select_one(".ck-ways a[href^='mailto:']")["href"]
    assert mail.startswith("mailto:ubnd@thunghiem.gov.vn?subject=")
    scripts = [s.get("src", "") for s in _soup(small_project, ITEM_PAGE).select("script")]
    assert not any(s.endswith("ck-intake.js") for s in scripts)
    sheets = [s["href"] for s in _soup(small_project, ITEM_PAGE).select("link[rel=stylesheet]")]
    assert not any(s.endswith("ck-intake.css") for s in sheets)


def test_rating_counts_from_the_service_are_shown_under_the_page(small_project, tmp_path):
    registry = tmp_path / "cac-xa.yaml"
    registry.write_text(registry_yaml(), encoding="utf-8")
    database = tmp_path / "tiep-nhan.sqlite3"
    client = make_client(registry, database)
    for useful in ("co", "co", "khong", "co"):
        data = {"commune": CODE, "page": "hoi-dap/2025/thu-tuc-dat/", "useful": useful}
        assert client.post("/danh-gia", data=data, headers={"Origin": ORIGIN}).status_code == 303
    other = {"commune": CODE, "page": "ngan-sach/2025/du-toan/", "useful": "khong"}
    client.post("/danh-gia", data=other, headers={"Origin": ORIGIN})
    client.post("/cau-hoi", data=INTAKE_QUESTION, headers={"Origin": ORIGIN})

    out = small_project.root / "site_config" / "danh-gia.json"
    result = CliRunner().invoke(
        main,
        ["intake", "ratings", "--commune", CODE, "--database", str(database), "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8")) == {
        "commune": CODE,
        "pages": {
            "hoi-dap/2025/thu-tuc-dat/": {"useful": 3, "not_useful": 1},
            "ngan-sach/2025/du-toan/": {"useful": 0, "not_useful": 1},
        },
    }
    (small_project.root / "site_config/site.yaml").write_text(SITE_YAML + INTAKE, encoding="utf-8")
    assert build(small_project, as_of=AS_OF).published
    count = _soup(small_project, ITEM_PAGE).select_one(".ck-rate__count")
    assert count.get_text(strip=True) == "3 người thấy thông tin này hữu ích."
    assert (
        _soup(small_project, "ngan-sach/2025/du-toan/index.html").select_one(".ck-rate__count")
        is None
    )


def test_a_broken_ratings_file_is_reported(small_project):
    (small_project.root / "site_config" / "danh-gia.json").write_text(
        '{"commune": "14464", "pages": {"a/": {"useful": -1, "not_useful": 0}}}', encoding="utf-8"
    )
    result = build(small_project, as_of=AS_OF)
    assert not result.published
    [problem] = [d for d in result.diagnostics if d.code == "CK651"]
    assert problem.file == "site_config/danh-gia.json"
