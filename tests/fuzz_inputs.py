"""Generated hostile inputs for the fuzz test and bench/fuzz.py: site configs, spreadsheets and
intake bodies, alongside the content documents of test_fuzz.py. Each `check_*` runs one input
through the real code and fails on a traceback or a diagnostic without a code and position."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import yaml
from hypothesis import strategies as st

from generator.diagnostics import Diagnostic
from generator.diagnostics.codes import CODES

SCALE = float(os.environ.get("CONGKHAI_FUZZ_SCALE", "1"))
"""Multiplies every fuzz test's number of examples: 1 in the suite, more in bench/fuzz.py."""


def examples(count: int) -> int:
    return max(1, round(count * SCALE))


HOSTILE = [
    "", " ", "\x00", "\u202e", "\u200b", "\u2028", "\x85", "\ud800", "\ufeff", "=1+1", "@SUM(A1)",
    "-2+3", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
    "https://x/)[a](javascript:alert(1))", "9" * 4301, "a" * 300, "001 085 012 345",
    "(+84) 912 345 678", "ngay sinh 12/03/1985", "x (at) gmail.com", "../../etc/passwd",
    "/proc/self/environ", "index", "Xã Tân Hòa", "0229 3861 999", "2025-02-30", "1.250.000",
]  # fmt: skip
text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60))
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True), text,
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(text, children, max_size=3),
    max_leaves=12,
)


def well_formed(diagnostic: Diagnostic) -> None:
    assert diagnostic.code in CODES, diagnostic
    assert diagnostic.line >= 1 and diagnostic.column >= 1, diagnostic
    assert diagnostic.file and diagnostic.message, diagnostic


# -- site_config/site.yaml ---------------------------------------------------------------------

SITE_FIELDS = ["commune", "province", "agency", "address", "phone", "email", "site_url",
               "responsible", "contacts", "links", "info_access", "intake", "feedback_url",
               "qa_answer_working_days"]  # fmt: skip
VALID_SITE = {
    "commune": "Xã A", "province": "Tỉnh B", "agency": "UBND xã A", "address": "Thôn 1",
    "phone": "0200 3000 000", "email": "a@b.gov.vn",
}  # fmt: skip


@st.composite
def site_documents(draw: st.DrawFn) -> str:
    """A site config with some fields replaced or added, hostile values mostly; sometimes junk."""
    data: dict[object, object] = dict(VALID_SITE)
    for key in draw(st.lists(st.one_of(st.sampled_from(SITE_FIELDS), text), max_size=5)):
        data[key] = draw(values)
    if draw(st.integers(0, 9)) == 0:
        return draw(st.text(max_size=300))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


# -- spreadsheets (CSV, as `congkhai import` reads them) ------------------------------------------

HEADERS = ["STT", "Họ và tên chủ hộ", "Thôn", "Phân loại", "Số CCCD", "Mã số", "Nội dung",
           "Dự toán", "Thực hiện", "Đơn vị tính: triệu đồng", ""]  # fmt: skip
cells = st.one_of(
    st.sampled_from(HEADERS),
    text,
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["1", "1.1", "I", "A", "a", "-", "1.250.000", "=SUM(A1:A3)", "12,5"]),
)


@st.composite
def spreadsheets(draw: st.DrawFn) -> str:
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=0, max_size=6))
    rows = draw(st.lists(st.lists(cells, max_size=6), max_size=8))
    separator = draw(st.sampled_from([";", ",", "\t"]))
    lines = [header, *rows]
    return "\n".join(separator.join(cell.replace(separator, " ") for cell in row) for row in lines)


def check_import(path: Path, text: str, kind: str) -> None:
    from generator.commands.importing import check, import_budget, import_households

    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    read = import_households if kind == "ho-ngheo" else import_budget
    imported = read(path, path.name, year=2025)
    for diagnostic in imported.diagnostics or check(imported):
        well_formed(diagnostic)


# -- intake bodies -------------------------------------------------------------------------------

FORM_FIELDS = ["commune", "topic", "question", "name", "contact", "consent", "page", "useful",
               "comment", "website"]  # fmt: skip
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), text),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(text, children, max_size=3),
    max_leaves=10,
)


@st.composite
def intake_bodies(draw: st.DrawFn) -> tuple[bytes, str]:
    """(body, content type): forms and JSON with the service's fields, odd values, raw bytes."""
    fields = draw(
        st.dictionaries(st.one_of(st.sampled_from(FORM_FIELDS), text), json_values, max_size=8)
    )
    if draw(st.booleans()):
        fields.setdefault("commune", "14464")
    kind = draw(st.integers(0, 4))
    if kind == 0:
        body = json.dumps(fields, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
        return body, "application/json"
    if kind == 1:
        return draw(st.binary(max_size=200)), draw(
            st.sampled_from(["application/json", "application/x-www-form-urlencoded", "text/xml"])
        )
    if kind == 2:
        depth = draw(st.integers(1, 5000))
        return b'{"commune": ' + b"[" * depth + b"]" * depth + b"}", "application/json"
    from urllib.parse import urlencode

    pairs = [(str(k), str(v)) for k, v in fields.items()]
    body = urlencode(pairs, encoding="utf-8", errors="surrogatepass").encode()
    return body, "application/x-www-form-urlencoded"


COUNTS: dict[str, int] = {}
"""Inputs run per kind in this process (bench/fuzz.py reports them)."""


def counted(kind: str) -> None:
    COUNTS[kind] = COUNTS.get(kind, 0) + 1
