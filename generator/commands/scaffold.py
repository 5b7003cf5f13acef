"""`congkhai new`: a ready-to-fill YAML file for any disclosure type, built from its model.

The file opens with the quickest way to publish: the document as the commune signed it
(`signed`), its file (`attachments`) and the publication date; the type's own figures follow, to
add when the clerk has them. Every field gets its Vietnamese docstring as a comment above it.
Required fields hold a blank (`<điền ...>`, `<chọn ...>`) that the validator refuses until
filled; optional fields are written commented out, so staff see them and uncomment what they
need. Groups of fields and lists of
groups are written out with one entry, the shape staff copy for the next one.
"""

from __future__ import annotations

import datetime as dt
import os
import textwrap
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import AnyUrl, BaseModel
from pydantic.fields import FieldInfo

from generator.commands.yaml_out import scalar
from generator.load import placeholders
from generator.types import DisclosureType
from generator.types.common import Disclosure
from generator.vn.text import slugify

WIDTH = 100
MAX_SLUG = 60
INDENT = "  "
NEVER_FILLED = frozenset({"privacy_allow"})
"""Fields written commented out and empty: an exception to the personal-data scan is added by
whoever reviewed the case, never left ready in a template for anyone to fill."""
HEADER = """\
# Điền vào mọi chỗ <điền ...> và <chọn ...> (thay cả cụm, kể cả dấu < >).
# Dòng dạng "# ten_truong: ..." là trường không bắt buộc: xoá "# " ở đầu dòng để dùng (một nhóm
# nhiều dòng, như `# tables:`, thì xoá "# " ở đầu mọi dòng của nhóm).
# Kiểm tra tệp bằng lệnh: congkhai validate"""
QUICK = ("title", "signed", "attachments", "body")
"""The minimal "notice with attachment" form, written first; the publication date closes the
file as before, since dates run in the order things happen (signed, then published)."""
QUICK_NOTE = """\
# Cách nhanh nhất: đăng văn bản đã ký (thông báo, quyết định, nghị quyết...) kèm tệp của nó.
# Các số liệu chi tiết ở phần sau ghi thêm khi có (trường nào chưa có thì để nguyên dấu #);
# ngày đăng `published` ở cuối tệp."""
DETAILS_NOTE = "# ---- Thông tin riêng của loại mục này: dòng không có dấu # là bắt buộc ----"


def file_name(year: int, title: str | None, *, yearless: bool = False) -> str:
    """`2025-hop-dan-thon-dong.yaml`: the year, then the title without tone marks.

    Types whose pages are not filed by year (procedures, the organisation page) get no year.
    """
    slug = slugify(title or "") or "moi"
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0]
    return f"{slug}.yaml" if yearless else f"{year}-{slug}.yaml"


def scaffold(
    kind: DisclosureType,
    *,
    schema_ref: str,
    title: str | None = None,
    year: int | None = None,
) -> str:
    """The YAML text of a new, unfilled item of `kind`."""
    known: dict[str, Any] = {}
    if title:
        known["title"] = title
    if year is not None:
        known["year"] = year
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",
        f"# {kind.title}: {kind.description}",
        HEADER,
        "",
    ]
    writer = _Writer(lines, known)
    model = kind.model
    quick, details = _field_order(model)
    lines.append(QUICK_NOTE)
    for name in quick:
        if _extra(model.model_fields[name]).get("deprecated"):
            continue  # an older way of writing the same thing: never offered to new files
        if name == "signed" and model.own_identity:
            # The type's own fields are the document's identity (van-ban): `signed` unused.
            writer.comment(model.model_fields[name].description or "", 0)
            lines.append("# signed: {}  # không dùng: ghi các trường của văn bản ở dưới")
            continue
        writer.field(name, model.model_fields[name], depth=0, seen=(model,))
    lines.extend(["", DETAILS_NOTE])
    for name in details:
        info = model.model_fields[name]
        if _extra(info).get("deprecated"):
            continue
        start = len(lines)
        writer.field(name, info, depth=0, seen=(model,))
        if not info.is_required() and _is_group(info.annotation):
            # An optional group (a budget's tables, its approving decision) is added when the
            # clerk has it: written out as a block to uncomment whole, its blanks would otherwise
            # stop a signed document from publishing until deleted.
            written = range(start, len(lines))
            key = next((i for i in written if not lines[i].startswith("#")), len(lines))
            lines[key:] = [f"# {line}" if line else line for line in lines[key:]]
    return "\n".join(lines).rstrip("\n") + "\n"


def _is_group(annotation: Any) -> bool:
    """Whether a field holds a group of fields, or a list of them."""
    inner = _strip_optional(annotation)
    return _as_model(_list_item(inner) if _is_list(inner) else inner) is not None


def _field_order(model: type[BaseModel]) -> tuple[list[str], list[str]]:
    """The quick form (title, signed document, file, body), then what is
    particular to the type, then the dates and notes every type has.

    Dates then run in the order things happen (received, answered... published), which is the
    order staff fill them in.
    """
    common = [name for name in Disclosure.model_fields if name in model.model_fields]
    own = [name for name in model.model_fields if name not in common]
    quick = [name for name in QUICK if name in model.model_fields]
    return quick, own + [name for name in common if name not in quick]


@dataclass
class _Writer:
    lines: list[str]
    known: dict[str, Any]

    def comment(self, text: str, depth: int) -> None:
        prefix = INDENT * depth + "# "
        self.lines.extend(prefix + line for line in textwrap.wrap(text, WIDTH - len(prefix)))

    def field(
        self,
        name: str,
        info: FieldInfo,
        *,
        depth: int,
        seen: tuple[type[BaseModel], ...],
        opens_entry: bool = False,
        active: bool = False,
    ) -> None:
        """Write one field at `depth`; `opens_entry` puts the `- ` of a list entry before it.

        `active` writes an optional field uncommented, with a blank to fill or a line to delete.
        """
        indent = INDENT * depth
        key = INDENT * (depth - 1) + "- " if opens_entry else indent
        if info.description:
            self.comment(info.description, depth - 1 if opens_entry else depth)
        annotation = _strip_optional(info.annotation)
        model = _as_model(annotation)
        listed = _list_item(annotation) if _is_list(annotation) else None
        item_model = _as_model(listed)
        required = info.is_required() or active

        if (depth == 0 and name in NEVER_FILLED) or (
            item_model is not None and not active and _extra(info).get("scaffold") == "commented"
        ):
            self.lines.append(f"{indent}# {name}: []")
        elif depth == 0 and name in self.known:
            self.lines.append(f"{key}{name}: {scalar(self.known[name])}")
        elif model is not None and model not in seen:
            self.lines.append(f"{key}{name}:")
            self.group(model, depth + 1, (*seen, model))
        elif item_model is not None and item_model not in seen:
            self.lines.append(f"{key}{name}:")
            self.group(item_model, depth + 2, (*seen, item_model), in_list=True)
        elif model is not None or item_model is not None:
            # The same group inside itself (a budget line's sub-lines): shown, not expanded.
            self.lines.append(f"{indent}# {name}: {'[]' if listed is not None else '{}'}")
        elif listed is not None and required:
            self.lines.append(f"{key}{name}:")
            self.lines.append(f"{indent}{INDENT}- {_blank(listed)}")
        elif required:
            self.lines.append(f"{key}{name}: {_blank(annotation)}")
        else:
            default = info.get_default(call_default_factory=True)
            if default not in (None, [], {}):
                value = scalar(default)
            elif listed is not None:
                value = "[]"
            else:
                value = _blank(annotation)
            self.lines.append(f"{indent}# {name}: {value}")

    def group(
        self,
        model: type[BaseModel],
        depth: int,
        seen: tuple[type[BaseModel], ...],
        *,
        in_list: bool = False,
    ) -> None:
        """Write a nested model's fields; in a list, as its one entry.

        The fields of a group are filled together (a budget line's estimate and actual, a
        decision's number and date), so all of them are written out, optional ones too.
        """
        for index, (name, info) in enumerate(model.model_fields.items()):
            # A field the model marks as rarely needed stays a comment (a form's own columns
            # when the form's number already gives them).
            active = _extra(info).get("scaffold") != "commented"
            self.field(
                name,
                info,
                depth=depth,
                seen=seen,
                opens_entry=in_list and index == 0,
                active=active,
            )


def _extra(info: FieldInfo) -> dict[str, Any]:
    return info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}


def _strip_optional(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _strip_optional(args[0]) if args else annotation
    if origin is typing.Annotated:
        return _strip_optional(typing.get_args(annotation)[0])
    return annotation


def _is_list(annotation: Any) -> bool:
    return typing.get_origin(annotation) is list


def _list_item(annotation: Any) -> Any:
    args = typing.get_args(annotation)
    return _strip_optional(args[0]) if args else Any


def _as_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _blank(annotation: Any) -> str:
    annotation = _strip_optional(annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return placeholders.choice([str(v) for v in typing.get_args(annotation)])
    if annotation is bool:
        return placeholders.choice(["true", "false"])
    if annotation is int:
        return placeholders.NUMBER
    if annotation is float:
        return placeholders.DECIMAL
    if annotation is dt.date:
        return placeholders.DATE
    if isinstance(annotation, type) and issubclass(annotation, AnyUrl):
        return placeholders.URL
    if annotation is str:
        return placeholders.TEXT
    return placeholders.ANY


def schema_ref(new_file: Path, schemas_dir: Path, schema_name: str) -> str:
    """The schema's path relative to the new file, as the YAML extension resolves it."""
    return Path(os.path.relpath(schemas_dir / schema_name, new_file.parent)).as_posix()
