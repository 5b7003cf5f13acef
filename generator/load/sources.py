"""Read YAML source files, keeping the position of every key and value.

PyYAML's composed node tree carries a mark for each node; a walk over it records where each field
path (as pydantic reports it) is written, so that errors name a line and column. libyaml's
CSafeLoader does the parsing where it is installed (it is, in PyYAML's wheels).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Diagnostic, Position, diagnostic
from generator.diagnostics.positions import FieldPath, SourceFile, format_path

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - only where libyaml is missing
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class SafeLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """libyaml's safe loader, except that an impossible date or integer stays text.

    PyYAML raises a bare ValueError, with no position, for `2025-02-30`; as text it reaches the
    schema, which reports it at its line and column like any other wrong value.
    """

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> object:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> object:
        """An integer too long for Python to read (over 4,300 digits: int() refuses it, against
        a denial of service) stays text, which the schema reports at its position."""
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            return self.construct_scalar(node)


SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", SafeLoader.construct_yaml_timestamp)
SafeLoader.add_constructor("tag:yaml.org,2002:int", SafeLoader.construct_yaml_int)

MAX_FILE_BYTES = 5 * 1024 * 1024
"""A disclosure is a page of data; anything larger is a mistake (or an attack) and is refused."""
MAX_DEPTH = 64
"""Nesting deeper than any schema allows; libyaml's composer recurses and crashes on ~100,000."""
MAX_NODES = 500_000


def read_source(path: Path, name: str) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Parse one YAML file; on failure return the diagnostics that say why."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, [
            diagnostic(
                "CK117",
                f"tệp nặng {size / 2**20:.1f} MB, vượt giới hạn {MAX_FILE_BYTES // 2**20} MB",
                name,
            )
        ]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            diagnostic(
                "CK113", "tệp có byte không đọc được theo UTF-8", name, Position(line, column)
            )
        ]
    shape = _check_shape(text, name)
    if shape is not None:
        return None, [shape]
    return _compose(SourceFile(path=path, name=name, text=text))


def _compose(source: SourceFile) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Compose and construct the document; a YAML error becomes CK100."""
    loader = SafeLoader(source.text)
    try:
        node = loader.get_single_node()
        if not isinstance(node, yaml.MappingNode) or node.tag != _MAP:
            node = None
        data = None if node is None else normalize(loader.construct_document(node))
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_error(exc, source.name, source.text)]
    finally:
        loader.dispose()
    if node is None or not isinstance(data, dict):
        return None, [
            diagnostic(
                "CK110", "tệp phải là một bảng các trường `ten_truong: gia_tri`", source.name
            )
        ]
    source.data = data
    return source, list(_index_positions(node, (), source))


def _syntax_error(exc: yaml.MarkedYAMLError, name: str, text: str) -> Diagnostic:
    # "while scanning a quoted scalar / a simple key": the mistake is where that scan began (the
    # unclosed quote, the key without its colon), not where libyaml gave up.
    scanning = (exc.context or "").startswith("while scanning")
    mark = (exc.context_mark if scanning else None) or exc.problem_mark or exc.context_mark
    at = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
    raw = (exc.problem or exc.context or "cú pháp không hợp lệ").strip()
    lines = text.splitlines()
    line = lines[at.line - 1] if 0 < at.line <= len(lines) else ""
    problem, hint = _SYNTAX.get(raw, (raw, None))
    if line[at.column - 1 : at.column] in ("@", "`"):
        problem = f"giá trị không được bắt đầu bằng ký tự {line[at.column - 1]}"
        hint = _QUOTE_IT
    unclosed = _unclosed_quote(lines[: at.line])
    if unclosed is not None:
        # A quoted value may span lines, so libyaml trips far below the quote that never closed.
        at = Position(unclosed + 1, lines[unclosed].index('"') + 1)
        problem = "dấu ngoặc kép mở ở đây chưa được đóng"
        hint = 'Thêm dấu " ở cuối giá trị, hoặc bỏ dấu " ở đầu.'
    elif "\t" in line or "'\\t'" in raw:
        problem = "dòng có ký tự Tab"
        hint = (
            "Dòng này có ký tự Tab: YAML chỉ chấp nhận dấu cách để thụt lề. Thay Tab bằng dấu cách."
        )
    return diagnostic("CK100", f"YAML không đọc được: {problem}", name, at, hint=hint)


_QUOTE_IT = (
    'Đặt cả giá trị trong ngoặc kép, ví dụ title: "Phường Xuân Tăng: Xét duyệt hỗ trợ"; bên trong '
    "ngoặc kép, dấu \\ viết thành \\\\ (hoặc dùng ngoặc đơn ' ')."
)
_INDENT = (
    "Các trường cùng cấp phải thẳng cột với nhau; trường con thụt vào thêm 2 dấu cách so với "
    "trường cha; mỗi phần tử danh sách bắt đầu bằng `- ` thẳng cột."
)
_SYNTAX = {
    "mapping values are not allowed in this context": (
        "giá trị có dấu hai chấm và dấu cách (`: `), YAML đọc thành một trường mới",
        _QUOTE_IT,
    ),
    "could not find expected ':'": (
        "thiếu dấu hai chấm sau tên trường",
        "Mỗi dòng ghi `ten_truong: gia_tri`; văn bản nhiều dòng ghi sau `ten_truong: |` và thụt "
        "vào 2 dấu cách.",
    ),
    "did not find expected key": ("thụt lề không khớp với các trường bên trên", _INDENT),
    "did not find expected '-' indicator": (
        "thụt lề trong danh sách không khớp (các trường của một phần tử phải thẳng cột)",
        _INDENT,
    ),
    "did not find expected ',' or '}'": (
        "thiếu dấu } đóng nhóm { } (hoặc có dấu phẩy trong giá trị chưa đặt trong ngoặc kép)",
        _QUOTE_IT,
    ),
    "did not find expected ',' or ']'": (
        "thiếu dấu ] đóng danh sách [ ] (hoặc có dấu phẩy trong giá trị chưa đặt trong ngoặc kép)",
        _QUOTE_IT,
    ),
    "found unexpected end of stream": ("tệp kết thúc khi dấu ngoặc kép chưa được đóng", None),
    "did not find expected hexdecimal number": (
        "trong ngoặc kép, dấu \\ bắt đầu một ký tự đặc biệt",
        _QUOTE_IT,
    ),
    "found unknown escape character": (
        "trong ngoặc kép, dấu \\ bắt đầu một ký tự đặc biệt",
        _QUOTE_IT,
    ),
    "found character that cannot start any token": (
        "có ký tự không được đứng ở đầu giá trị",
        _QUOTE_IT,
    ),
    "found undefined tag handle": ("giá trị không được bắt đầu bằng dấu !", _QUOTE_IT),
    "found unexpected non-alphabetical character": (
        "dòng không được bắt đầu bằng dấu %",
        _QUOTE_IT,
    ),
}
"""libyaml's commonest complaints, said in Vietnamese with what usually causes them."""


def _unclosed_quote(lines: list[str]) -> int | None:
    """Index of the first line whose double quotes do not pair up (comments ignored)."""
    for index, line in enumerate(lines):
        code = line.split(" #")[0] if not line.lstrip().startswith("#") else ""
        if code.replace('\\"', "").count('"') % 2:
            return index
    return None


def _check_shape(text: str, name: str) -> Diagnostic | None:
    """Refuse aliases, deep nesting and huge node counts before composing the document.

    This runs over libyaml's event stream, which is iterative: the composer and our own walks are
    recursive, and an alias bomb ("billion laughs") would expand exponentially in them.
    """
    depth = nodes = 0
    try:
        for event in yaml.parse(text, Loader=SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                return diagnostic(
                    "CK116",
                    "tệp dùng bí danh YAML (*tên) để lặp lại nội dung",
                    name,
                    Position(mark.line + 1, mark.column + 1),
                    hint="Viết đầy đủ nội dung ở mỗi chỗ cần dùng; không dùng & và * trong tệp.",
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return diagnostic(
                        "CK116",
                        f"dữ liệu lồng nhau quá {MAX_DEPTH} tầng",
                        name,
                        Position(mark.line + 1, mark.column + 1),
                        hint="Kiểm tra các dấu ngoặc [ ] { } và thụt lề: không mẫu nào sâu vậy.",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            nodes += 1
            if nodes > MAX_NODES:
                return diagnostic("CK116", f"tệp có hơn {MAX_NODES} phần tử", name)
    except yaml.MarkedYAMLError as exc:
        return _syntax_error(exc, name, text)
    except yaml.reader.ReaderError as exc:
        # Control characters (binary junk, a pasted form feed): libyaml reports an offset.
        before = text[: exc.position]
        at = Position(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
        return diagnostic(
            "CK100",
            f"tệp có ký tự điều khiển không được phép (mã {exc.character!r})",
            name,
            at,
            hint="Xoá ký tự lạ này (thường do dán từ phần mềm khác); lưu tệp dạng văn bản UTF-8.",
        )
    return None


_MAP = "tag:yaml.org,2002:map"


def _written_twice(
    key: Any, first: Position, again: Position, path: FieldPath, source: SourceFile
) -> Diagnostic:
    return diagnostic(
        "CK112",
        f"trường `{key}` đã được ghi ở dòng {first.line}",
        source.name,
        again,
        field=format_path((*path, key)),
    )


def _index_positions(node: yaml.Node, path: FieldPath, source: SourceFile) -> Iterator[Diagnostic]:
    """Record where each key and value of `node` is written (in `source`), and report a key
    written twice in one mapping (YAML keeps the last, silently)."""
    source.values[path] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, Position] = {}
        for key_node, value_node in node.value:
            key = (
                unicodedata.normalize("NFC", key_node.value)
                if isinstance(key_node.value, str)
                else key_node.value
            )
            at = Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in seen:
                yield _written_twice(key, seen[key], at, path, source)
            seen[key] = at
            source.keys[(*path, key)] = at
            yield from _index_positions(value_node, (*path, key), source)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _index_positions(item, (*path, index), source)


def normalize(value: Any) -> Any:
    """NFC-normalise every string, so that text typed with decomposed marks compares equal."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {normalize(k): normalize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalize(v) for v in value]
    return value
