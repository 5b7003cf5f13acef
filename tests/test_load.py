"""Reading YAML: positions, syntax errors, encodings, duplicate keys, NFC."""

from __future__ import annotations

import unicodedata

from conftest import QUESTION
from helpers import diagnostics_of, flatten

from generator.load import load


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
