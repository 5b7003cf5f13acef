"""Property tests: whatever staff type, loading and validating never crash, and every problem has
a code and a position (hypothesis generates the malformed documents)."""

from __future__ import annotations

import datetime as dt
import resource
from pathlib import Path

import pytest
import yaml
from fuzz_inputs import (
    check_import,
    counted,
    examples,
    intake_bodies,
    site_documents,
    spreadsheets,
    well_formed,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diagnostics.codes import CODES
from generator.load import Loaded
from generator.load.sources import read_source
from generator.types import TYPES
from generator.types.site import SiteConfig
from generator.validate import validate

SITE = SiteConfig(
    commune="Xã A", province="Tỉnh B", agency="UBND xã A", address="Thôn 1", phone="0200 300 000",
    email="a@b.gov.vn",
)  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
    st.text(max_size=40),
    st.sampled_from(["2025-02-30", "1.250.000", "0912345678", "036085001234", "du-toan", "yes"]),
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


def documents(folder: str) -> st.SearchStrategy[str]:
    """Mostly the type's own field names with wrong or odd values, sometimes raw junk text."""
    names = list(TYPES[folder].model.model_fields)
    keys = st.one_of(st.sampled_from(names), st.text(max_size=12))
    mapping = st.dictionaries(keys, values, max_size=len(names) + 2)
    as_yaml = mapping.map(lambda d: yaml.safe_dump(d, allow_unicode=True, sort_keys=False))
    return st.one_of(as_yaml, as_yaml, as_yaml, st.text(max_size=300))


@pytest.mark.parametrize("folder", sorted(TYPES))
def test_malformed_documents_never_crash(tmp_path_factory, folder):
    root = tmp_path_factory.mktemp(folder)
    target = root / "content" / folder / "2025-thu.yaml"
    target.parent.mkdir(parents=True)

    @settings(
        max_examples=examples(250),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(text=documents(folder))
    def run(text: str) -> None:
        counted("content")
        target.write_text(text, encoding="utf-8", errors="surrogatepass")
        source, problems = read_source(target, "content/x.yaml")
        loaded = Loaded(
            site=None, items=[(TYPES[folder], source)] if source else [], diagnostics=problems
        )
        validated = validate(loaded)
        validated.site = SITE
        for diagnostic in [*problems, *validated.diagnostics]:
            assert diagnostic.code in CODES
            assert diagnostic.line >= 1 and diagnostic.column >= 1
            assert diagnostic.file and diagnostic.message

    # tracemalloc would triple the run time; the process's peak resident size is bound enough.
    run()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert peak < 1024, f"peak resident memory {peak:.0f} MiB"


def test_binary_junk_is_an_error_not_a_crash(tmp_path: Path):
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(bytes(range(256)) * 4)
    source, problems = read_source(junk, "junk.yaml")
    assert source is None and problems and problems[0].code in ("CK100", "CK113")


FUZZ = settings(
    max_examples=examples(500), deadline=None, suppress_health_check=list(HealthCheck),
    database=None,
)  # fmt: skip


def test_site_configs_never_crash(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    target = root / "site_config" / "site.yaml"
    target.parent.mkdir(parents=True)

    @FUZZ
    @given(text=site_documents())
    def run(text: str) -> None:
        counted("site_config")
        target.write_text(text, encoding="utf-8", errors="surrogatepass")
        source, problems = read_source(target, "site_config/site.yaml")
        validated = validate(Loaded(site=source, diagnostics=problems))
        for diagnostic in [*problems, *validated.diagnostics]:
            well_formed(diagnostic)

    run()


@pytest.mark.parametrize("kind", ["ho-ngheo", "ngan-sach"])
def test_import_files_never_crash(tmp_path_factory, kind):
    path = tmp_path_factory.mktemp(kind) / "bang.csv"

    @FUZZ
    @given(text=spreadsheets())
    def run(text: str) -> None:
        counted("import")
        check_import(path, text, kind)

    run()


def test_intake_bodies_get_an_answer_never_a_crash(tmp_path_factory):
    from fixtures import ORIGIN, registry_yaml
    from starlette.testclient import TestClient

    from generator.intake.app import Settings, create_app
    from generator.intake.registry import load_registry
    from generator.intake.store import open_store

    root = tmp_path_factory.mktemp("intake")
    (root / "cac-xa.yaml").write_text(registry_yaml(), encoding="utf-8")
    registry, problems, _ = load_registry(root / "cac-xa.yaml")
    assert registry is not None, problems
    settings_ = Settings(registry, open_store(str(root / "db.sqlite3")), b"k", 0, 0)
    client = TestClient(create_app(settings_), raise_server_exceptions=True)

    @settings(
        max_examples=examples(1000), deadline=None, suppress_health_check=list(HealthCheck),
        database=None,
    )  # fmt: skip
    @given(body=intake_bodies(), route=st.sampled_from(["/cau-hoi", "/danh-gia"]))
    def run(body: tuple[bytes, str], route: str) -> None:
        counted("intake")
        content, media = body
        response = client.post(
            route, content=content, headers={"Origin": ORIGIN, "Content-Type": media}
        )
        assert response.status_code in (200, 303) or 400 <= response.status_code < 500, (
            response.status_code, response.text,
        )  # fmt: skip

    run()


@FUZZ
@given(
    question=st.text(min_size=1, max_size=200),
    topic=st.text(min_size=1, max_size=40),
    name=st.one_of(st.none(), st.text(min_size=1, max_size=20)),
)
def test_intake_drafts_are_always_valid_yaml(question, topic, name):
    from generator.intake.export import draft_text
    from generator.intake.forms import clean

    counted("drafts")
    # What the service stores: the text as the form's checks leave it (forms.clean).
    question, topic = clean(question) or "?", clean(topic) or "?"
    row = {"id": 7, "text": question, "topic": topic, "name": name, "consent": True}
    data = yaml.safe_load(draft_text(row, dt.date(2026, 3, 2)))
    # A literal block drops spaces at the ends of lines, nothing else.
    lines = data["question"].rstrip("\n").split("\n")
    assert [line.rstrip() for line in lines] == [line.rstrip() for line in question.split("\n")]
    assert data["topic"] == topic
