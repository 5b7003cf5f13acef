"""Reading YAML: aliases, deep nesting and huge documents are refused with a coded error, before
anything recursive (the composer, our walks) sees them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.load.sources import MAX_DEPTH, SafeLoader, read_source


def read(tmp_path: Path, text: str):
    path = tmp_path / "x.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return read_source(path, "x.yaml")


def depth(text: str) -> int:
    """How deep the events nest, up to where libyaml finds an error, if it does."""
    deepest = level = 0
    try:
        for event in yaml.parse(text, Loader=SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                level += 1
                deepest = max(deepest, level)
            elif isinstance(event, yaml.CollectionEndEvent):
                level -= 1
    except yaml.YAMLError:
        pass
    return deepest


def nested_keys(levels: int, step: int = 2, sep: str = "\n") -> str:
    return "".join(f"{' ' * (step * i)}k:{sep}" for i in range(levels)) + " " * step * levels + "v"


EDGES = {
    "alias bomb": "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n",
    "alias without anchor": "a: *x\n",
    "flow on one line, 64 deep": "a: " + "[" * 63 + "]" * 63 + "\n",
    "flow on one line, 65 deep": "a: " + "[" * 64 + "]" * 64 + "\n",
    "flow mappings on one line": "a: " + "{b: " * 70 + "c" + "}" * 70 + "\n",
    "flow over many lines": "a: " + "[\n" * 70 + "]\n" * 70,
    "block keys, 64 deep": nested_keys(64),
    "block keys, 65 deep": nested_keys(65),
    "block keys, one-space steps": nested_keys(70, step=1),
    "compact lists on one line": "a:\n" + "- " * 70 + "x\n",
    "compact lists and keys on one line": "a:\n" + "- k: " * 1 + "\n" + "  " + "- " * 70 + "x\n",
    "flow on one line, 61 deep, unchecked": "a: " + "[" * 60 + "]" * 60 + "\n",
    "flow inside block keys, unchecked": nested_keys(6) + ": " + "[" * 30 + "]" * 30 + "\n",
    "tabs after dashes (an error)": "a:\n" + "-\t" * 70 + "x\n",
    "lists under keys at the key's column": "k:\n"
    + "".join(f"{'  ' * i}- k:\n" for i in range(40))
    + f"{'  ' * 40}- x\n",
    "nesting hidden behind lone CR": nested_keys(70, sep="\r"),
    "nesting hidden behind NEL": nested_keys(70, sep="\x85"),
    "nesting hidden behind LS": nested_keys(70, sep="\u2028"),
    "CRLF, shallow": "a:\r\n  b: 1\r\n",
    "CRLF, deep": nested_keys(70, sep="\r\n"),
    "explicit keys": "? a\n: - b\n  - - c\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "unclosed quote": 'a: "x\nb: 1\n',
    "undefined tag": "a: !!binary 'not base64 @@@'\n",
    "control character": "a: b\x0cc\n",
    "a list": "- a\n- b\n",
    "empty": "",
    "many keys": "".join(f"k{i}: {i}\n" for i in range(3000)),
}


@pytest.mark.parametrize("text", EDGES.values(), ids=EDGES.keys())
def test_every_shape_is_read_or_refused_with_a_position(tmp_path, text):
    source, problems = read(tmp_path, text)
    assert (source is None) == bool(problems)
    if source is not None:
        assert depth(text) <= MAX_DEPTH
    for problem in problems:
        assert problem.code.startswith("CK1") and problem.file == "x.yaml"


@pytest.mark.parametrize(
    "name", ["alias bomb", "flow on one line, 65 deep", "block keys, 65 deep",
             "compact lists on one line", "nesting hidden behind lone CR", "CRLF, deep"],
)  # fmt: skip
def test_aliases_and_deep_nesting_are_refused(tmp_path, name):
    _, problems = read(tmp_path, EDGES[name])
    assert [p.code for p in problems] == ["CK116"]


def test_sixty_four_levels_are_read(tmp_path):
    for name in ["flow on one line, 64 deep", "block keys, 64 deep"]:
        source, problems = read(tmp_path, EDGES[name])
        assert source is not None and not problems
