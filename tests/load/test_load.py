"""Reading YAML: positions, syntax errors, encodings, duplicate keys, NFC."""

from __future__ import annotations

import unicodedata

import pytest
import yaml
from fixtures import QUESTION, diagnostics_of, flatten

from generator.load import load
from generator.load.sources import SafeLoader, normalize, read_source


def test_every_field_knows_its_line_and_column(small_project):
    loaded = load(small_project)
    budget = next(src for kind, src in loaded.items if kind.folder == "ngan-sach")
    # `estimate: 200` of the second line sits on line 14, the value at column 17.
    assert budget.values[("revenue", "lines", 1, "estimate")].line == 14
    assert budget.values[("revenue", "lines", 1, "estimate")].column == 17
    assert budget.keys[("revenue", "lines", 1, "estimate")].column == 7
    assert budget.values[("revenue", "lines", 1)].line == 12


def test_yaml_syntax_error_is_reported_with_line_and_column(make_project):
    project = make_project(
        {"content/hoi-dap/2025-a.yaml": 'title: "Câu hỏi chưa đóng ngoặc\npublished: 2025-01-01\n'}
    )
    [d] = diagnostics_of(project)
    assert d.code == "CK100"
    assert d.file == "content/hoi-dap/2025-a.yaml"
    # The quote that never closed, not the end of file where libyaml gave up.
    assert (d.line, d.column) == (1, 8)
    assert "YAML" in d.message and "ngoặc kép" in d.message


def test_bad_indentation_points_at_the_offending_line(make_project):
    text = "title: Câu hỏi\npublished: 2025-01-01\n  received: 2025-01-01\n"
    project = make_project({"content/hoi-dap/2025-a.yaml": text})
    [d] = diagnostics_of(project)
    assert (d.code, d.line) == ("CK100", 3)


def test_a_key_written_twice_is_an_error(make_project):
    project = make_project({"content/hoi-dap/2025-a.yaml": QUESTION + "topic: Giao thông\n"})
    [d] = diagnostics_of(project)
    assert (d.code, d.line, d.column, d.field) == ("CK112", 10, 1, "topic")
    assert "dòng 6" in d.message


def test_file_that_is_not_utf8_is_reported(make_project):
    project = make_project(
        {"content/hoi-dap/2025-a.yaml": "title: C\xe2u h\xf4i\n".encode("latin-1")}
    )
    [d] = diagnostics_of(project)
    assert (d.code, d.line, d.column) == ("CK113", 1, 9)


def test_a_list_instead_of_a_record_is_reported(make_project):
    project = make_project({"content/hoi-dap/2025-a.yaml": "- một\n- hai\n"})
    assert [d.code for d in diagnostics_of(project)] == ["CK110"]


def test_file_outside_a_type_folder_is_reported(make_project):
    project = make_project({"content/ngansach/2025-du-toan.yaml": "title: x\n"})
    assert flatten(diagnostics_of(project)) == [
        ("CK109", "content/ngansach/2025-du-toan.yaml", 1, 1, "")
    ]


def test_text_is_normalised_to_nfc(make_project):
    decomposed = unicodedata.normalize("NFD", "Đất đai")
    project = make_project(
        {"content/hoi-dap/2025-a.yaml": QUESTION.replace("topic: Đất đai", f"topic: {decomposed}")}
    )
    loaded = load(project)
    [(_, source)] = loaded.items
    assert source.data["topic"] == "Đất đai"
    assert unicodedata.is_normalized("NFC", source.data["topic"])


TRICKY = [
    "a: 1\nb: [1, 2, {c: d}]\nc: 1.250\nd: 10/01/2025\ne: yes\nf: null\ng: ~\nh: 0x1F\n",
    "a: 2025-02-30\nb: 2025-02-28\nc: .inf\nd: -.5\ne: 1_000\n",
    "1: one\ntrue: t\nx: {a: 1, a: 2}\n",
    "base: {a: 1}\nm:\n  <<: {b: 2}\n  c: 3\n",
    "s: !!set {a, b}\no: !!omap [a: 1, b: 2]\nt: !!str 123\nu: !!int '7'\nb: !!binary aGVsbG8=\n",
    'k: "Ho\u0300a"\n"ke\u0301y": [v\u0300]\n',
    "a:\n  - b: 1\n    c: [x, y]\n  - 2\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_data_is_what_pyyaml_builds_in_nfc(tmp_path, text):
    # The reader builds strings, lists and mappings itself (with positions, in one walk):
    # the data must be exactly PyYAML's, NFC-normalised.
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    source, _ = read_source(path, "x.yaml")
    assert source is not None
    assert source.data == normalize(yaml.load(text, Loader=SafeLoader))
    for key in source.data:
        if isinstance(key, str):
            assert (key,) in source.keys and (key,) in source.values
