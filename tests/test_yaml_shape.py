"""Reading YAML: aliases, deep nesting and huge documents are refused, whether or not the text
lets the reader skip its event pass (`_shape_is_bounded`: no `&`, a textual depth bound)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import sources
from generator.load.sources import MAX_DEPTH, SafeLoader, read_source


def read(tmp_path: Path, text: str):
    path = tmp_path / "x.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return read_source(path, "x.yaml")


def checked(tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch):
    """What the reader says when it always runs the event pass."""
    with monkeypatch.context() as patch:
        patch.setattr(sources, "_shape_is_bounded", lambda text: False)
        return read(tmp_path, text)


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
def test_reading_says_the_same_with_or_without_the_event_pass(tmp_path, monkeypatch, text):
    source, problems = read(tmp_path, text)
    source_checked, problems_checked = checked(tmp_path, text, monkeypatch)
    assert problems == problems_checked
    assert (source is None) == (source_checked is None)
    if source is not None:
        assert source.data == source_checked.data
        assert (source.values, source.keys) == (source_checked.values, source_checked.keys)


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


def test_the_text_bound_never_lets_deep_nesting_through():
    for text in EDGES.values():
        if sources._shape_is_bounded(text):
            assert depth(text) <= MAX_DEPTH, text


def test_every_demo_file_skips_the_event_pass():
    # The bound is meant to hold for what staff write; the demo is what staff write.
    files = sorted(Path("content").rglob("*.yaml"))
    assert files
    for path in files:
        assert sources._shape_is_bounded(path.read_text("utf-8-sig")), path


leaves = st.one_of(st.none(), st.integers(), st.text(max_size=8))
wide = st.recursive(
    leaves,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children, max_size=3)
    ),
    max_leaves=30,
)


@st.composite
def deep(draw: st.DrawFn) -> object:
    """A chain of up to 80 lists and mappings, with siblings beside some links."""
    tree = draw(wide)
    for kind in draw(st.lists(st.sampled_from(["list", "map"]), max_size=80)):
        siblings = draw(st.lists(wide, max_size=2))
        if kind == "list":
            tree = [*siblings, tree] if draw(st.booleans()) else [tree, *siblings]
        else:
            tree = {draw(st.text(max_size=4)): tree} | {f"s{i}": s for i, s in enumerate(siblings)}
    return tree


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(
    tree=deep(),
    flow=st.sampled_from([None, True, False]),
    indent=st.integers(min_value=2, max_value=9),
    line_break=st.sampled_from(["\n", "\r\n"]),
)
def test_the_text_bound_is_at_least_the_real_depth(tree, flow, indent, line_break):
    text = yaml.safe_dump(
        {"a": tree}, default_flow_style=flow, indent=indent, allow_unicode=True, width=40,
        line_break=line_break,
    )  # fmt: skip
    if not sources._OTHER_BREAKS.search(text):
        assert depth(text) <= sources._depth_bound(text)


SCALARS = [
    "", "~", "null", "Null", "NULL", "yes", "No", "on", "OFF", "true", "False", "y", "n",
    "0", "1", "-1", "+1", "0x1F", "0o17", "017", "1_000", "1:20", "190:20:30", "1.5", ".5", "-.inf",
    ".NaN", "1e3", "2025-01-01", "2025-1-1 10:00", "2025-02-30", "<<", "=", "-", "--", "!x", "&a",
    "*a", "tieu_de", "trang_thai", "ngay_ban_hanh", "Tiền", "nam", "ok", "yesterday", "nan",
    "t" * 60, "1" * 60,
]  # fmt: skip


@given(st.lists(st.sampled_from(SCALARS) | st.text(max_size=12), min_size=1, max_size=30))
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
def test_tags_resolve_as_pyyaml_resolves_them(values):
    """congkhai's loader answers the common tags without PyYAML's regular expressions, and
    remembers short ones: every plain and quoted scalar still gets PyYAML's tag."""
    plain = yaml.resolver.Resolver()
    for value in values:
        for implicit in ((True, False), (False, True), (False, False)):
            ours = SafeLoader("").resolve(yaml.ScalarNode, value, implicit)
            assert ours == plain.resolve(yaml.ScalarNode, value, implicit), (value, implicit)
    for kind in (yaml.MappingNode, yaml.SequenceNode):
        assert SafeLoader("").resolve(kind, None, (True, False)) == plain.resolve(
            kind, None, (True, False)
        )
