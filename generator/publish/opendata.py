"""Open data under /du-lieu/: per type a CSV (UTF-8 with BOM, for Excel) and a JSON file.

The tables are derived from each type's pydantic model, so a new type in the registry is exported
without changes here: scalar fields become columns, nested groups become dotted columns
(`approval.number`), and lists of groups become a child table with one row per element (budget
lines, households, attachments). Fields that must not leave the portal in bulk are listed in
EXCLUDED with the reason, and every schema field is accounted for in `Layout.coverage`, which the
data dictionary page shows and a test checks against the models.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import Url

from generator.publish import budget_figures
from generator.publish.json_out import json_bytes
from generator.types import TYPES, DisclosureType
from generator.types.common import PERSONAL_DATA
from generator.types.record import Record

OPEN_DATA_DIR = "du-lieu"
LIST_SEPARATOR = "; "

_CALL_UP_NAMES = (
    "Thông tin cá nhân: họ tên công dân trong danh sách gọi nhập ngũ chỉ hiện trên trang của danh "
    "sách cho đến ngày gỡ, không xuất hàng loạt; dữ liệu mở giữ số thứ tự và thôn."
)
EXCLUDED: dict[str, dict[str, str]] = {
    "hoi-dap": {
        "asker": "Thông tin cá nhân: tên và nơi ở của người hỏi chỉ hiện trên trang câu hỏi, "
        "không xuất hàng loạt.",
        "requests.asker": "Thông tin cá nhân: người nêu ý kiến tại buổi tiếp xúc chỉ hiện trên "
        "trang của buổi đó, không xuất hàng loạt.",
    },
    "nghia-vu-quan-su": {
        f"{key}.name": _CALL_UP_NAMES for key in ("eligible", "called", "deferred", "exempted")
    },
}
"""Schema paths (dots, no list indices) left out of the export, per type folder, with the reason.
Besides these, every field marked as personal data (`withheld`) and every `privacy_allow`."""

PERSONAL = (
    "Thông tin cá nhân: họ tên người dân trong danh sách chỉ hiện trên trang của danh sách (đến "
    "ngày gỡ, nếu có), không xuất hàng loạt; dữ liệu mở giữ số thứ tự, thôn và các số đếm."
)
PRIVACY_REVIEW = (
    "Hồ sơ xem xét nội bộ: những đoạn văn bản đã được cho phép công khai, người xem xét và lý do "
    "không phải nội dung công khai."
)


def withheld(folder: str, path: str, info: FieldInfo) -> str | None:
    """Why the field at schema `path` of a type is left out of open data, or None. A download of
    every named resident of every list is not what the law asks to post: the page shows them."""
    if path in EXCLUDED.get(folder, {}):
        return EXCLUDED[folder][path]
    if path.rsplit(".", 1)[-1] == "privacy_allow":
        return PRIVACY_REVIEW
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    return PERSONAL if any(extra.get(key) for key in PERSONAL_DATA) else None


ID_COLUMN = "id"
URL_COLUMN = "url"
ITEM_COLUMN = "item_id"
FIELD_COLUMN = "list_field"
POSITION_COLUMN = "list_position"


@dataclass(frozen=True)
class Column:
    name: str
    """Column header: the schema path inside its table, e.g. `approval.date`."""
    description: str
    kind: str
    """What the cells hold, in Vietnamese (for the data dictionary)."""


@dataclass
class Table:
    name: str
    """File stem under /du-lieu/: the type folder, or `<folder>.<child>` for a child table."""
    title: str
    model: type[BaseModel]
    schema_prefix: str
    """Schema path of the first list holding these rows (`revenue.lines.`), or `` for the main
    table: exclusions inside a child table are named from it."""
    columns: list[Column] = field(default_factory=list)

    @property
    def csv_path(self) -> str:
        return f"{OPEN_DATA_DIR}/{self.name}.csv"


@dataclass
class Layout:
    """How one disclosure type is exported: its tables and where every schema field went."""

    kind: DisclosureType
    tables: list[Table]
    coverage: dict[str, str]
    """Schema path -> where it went: `table: column`, `rows: table` (a list of groups), `group:
    table: prefix.*` (a nested group's columns) or `excluded: reason`."""
    excluded: dict[str, str]

    @property
    def main(self) -> Table:
        return self.tables[0]

    @property
    def json_path(self) -> str:
        return f"{OPEN_DATA_DIR}/{self.kind.folder}.json"


def layout_for(kind: DisclosureType) -> Layout:
    """Derive the export tables of a type from its model."""
    excluded: dict[str, str] = {}  # filled by _walk, from `withheld`
    main = Table(kind.folder, kind.title, kind.model, "")
    main.columns += [
        Column(
            ID_COLUMN, "Mã định danh ổn định của mục: địa chỉ trang, không có dấu / cuối.", "chữ"
        ),
        Column(URL_COLUMN, "Địa chỉ trang của mục trên cổng.", "địa chỉ web"),
    ]
    layout = Layout(kind, [main], {}, excluded)
    _walk(layout, main, kind.model, "", "", {kind.model: main})
    if kind.folder == "ngan-sach":
        # Figures with their column and unit resolved (a form named by number lists no columns).
        figures = Table(budget_figures.NAME, budget_figures.TITLE, BaseModel, "")
        figures.columns += [Column(*c) for c in budget_figures.COLUMNS]
        layout.tables.append(figures)
    return layout


def layouts() -> list[Layout]:
    return [layout_for(kind) for kind in TYPES.values()]


def _walk(
    layout: Layout,
    table: Table,
    model: type[BaseModel],
    column_prefix: str,
    schema_prefix: str,
    tables_by_model: dict[type[BaseModel], Table],
    ancestors: frozenset[type[BaseModel]] = frozenset(),
    canonical_prefix: str = "",
    add_columns: bool = True,
) -> None:
    """Record where each field of `model` goes; a group list seen before (near_poor after poor,
    expenditure.lines after revenue.lines) reuses its table, and exclusions are named from the
    first list (`canonical_prefix`)."""
    for name, info in model.model_fields.items():
        schema_path = f"{schema_prefix}{name}"
        canonical = f"{canonical_prefix}{name}"
        column_name = f"{column_prefix}{name}"
        reason = withheld(layout.kind.folder, canonical, info)
        if reason is not None:
            layout.coverage[schema_path] = f"excluded: {reason}"
            layout.excluded[canonical] = layout.excluded[schema_path] = reason
            continue
        annotation = unwrap(info.annotation)
        item = _list_item(annotation)
        if is_model(annotation):
            layout.coverage[schema_path] = f"group: {table.name}: {column_name}.*"
            _walk(
                layout,
                table,
                annotation,
                f"{column_name}.",
                f"{schema_path}.",
                tables_by_model,
                ancestors,
                f"{canonical}.",
                add_columns,
            )
        elif item is not None and is_model(item):
            child = tables_by_model.get(item) or _child_table(layout, item, f"{schema_path}.")
            layout.coverage[schema_path] = f"rows: {child.name}"
            if item in ancestors:
                continue  # nested lines of the same kind are rows of the same table
            new = item not in tables_by_model
            tables_by_model[item] = child
            _walk(
                layout,
                child,
                item,
                "",
                f"{schema_path}.",
                tables_by_model,
                ancestors | {item},
                child.schema_prefix,
                new,
            )
        else:
            if add_columns:
                description = info.description or ""
                table.columns.append(Column(column_name, description, _kind_label(annotation)))
            layout.coverage[schema_path] = f"{table.name}: {column_name}"


def _child_table(layout: Layout, model: type[BaseModel], schema_prefix: str) -> Table:
    child = Table(
        f"{layout.kind.folder}.{_kebab(model.__name__)}",
        (model.__doc__ or model.__name__).strip().splitlines()[0],
        model,
        schema_prefix,
    )
    child.columns += [
        Column(ITEM_COLUMN, "Mã định danh (`id`) của mục chứa dòng này.", "chữ"),
        Column(
            FIELD_COLUMN,
            "Danh sách chứa dòng này, ví dụ `poor` (hộ nghèo) hoặc `revenue.lines`.",
            "chữ",
        ),
        Column(
            POSITION_COLUMN,
            "Vị trí của dòng trong mục, ví dụ `revenue.lines[0].lines[2]`; "
            "dòng cha là phần trước `.lines[...]` cuối cùng.",
            "chữ",
        ),
    ]
    layout.tables.append(child)
    return child


def unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional: `Date | None` -> `datetime.date`."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


@dataclass(frozen=True)
class FieldShape:
    name: str
    annotation: Any
    """Without Annotated and Optional."""
    model: type[BaseModel] | None
    """The field holds one model."""
    list_model: type[BaseModel] | None
    """The field holds a list of models (a child table)."""


@functools.cache
def field_shapes(model: type[BaseModel]) -> tuple[FieldShape, ...]:
    """A model's fields as the CSV and JSON walk them, worked out once per model class: reading
    type annotations costs more than writing the values."""
    shapes = []
    for name, info in model.model_fields.items():
        annotation = unwrap(info.annotation)
        item = _list_item(annotation)
        shapes.append(
            FieldShape(
                name,
                annotation,
                annotation if is_model(annotation) else None,
                item if item is not None and is_model(item) else None,
            )
        )
    return tuple(shapes)


def is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _list_item(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (list, tuple, set, frozenset):
        args = typing.get_args(annotation)
        return unwrap(args[0]) if args else Any
    return None


def _kind_label(annotation: Any) -> str:
    if typing.get_origin(annotation) is Literal:
        return "một trong: " + ", ".join(f"`{v}`" for v in typing.get_args(annotation))
    item = _list_item(annotation)
    if item is not None:
        return f"danh sách {_kind_label(item)}, ngăn cách bằng `{LIST_SEPARATOR.strip()}`"
    labels = {
        dt.date: "ngày (YYYY-MM-DD)",
        bool: "true hoặc false",
        int: "số nguyên",
        float: "số",
        str: "chữ",
    }
    if isinstance(annotation, type):
        for base, label in labels.items():
            if issubclass(annotation, base):
                return label
        if issubclass(annotation, Url):
            return "địa chỉ web"
    return "JSON"


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def item_id(record: Record) -> str:
    """The stable id shared by the manifest, the CSV and the JSON: the page path without `/`."""
    return record.url.rstrip("/")


# Rows


def csv_tables(layout: Layout, records: Iterable[Record], base_url: str) -> dict[str, bytes]:
    """Every table of a type as CSV bytes (UTF-8 with BOM, CRLF line ends), by site path."""
    rows: dict[str, list[dict[str, str]]] = {t.name: [] for t in layout.tables}
    tables_by_model = {t.model: t for t in layout.tables}
    for record in records:
        main_row = {ID_COLUMN: item_id(record), URL_COLUMN: base_url + record.url}
        rows[layout.main.name].append(main_row)
        _fill(layout, tables_by_model, record, record.item, main_row, "", "", "", rows)
        if budget_figures.NAME in rows:
            rows[budget_figures.NAME] += budget_figures.rows(item_id(record), record.item)
    return {table.csv_path: _csv_bytes(table, rows[table.name]) for table in layout.tables}


def _fill(
    layout: Layout,
    tables_by_model: dict[type[BaseModel], Table],
    record: Record,
    model: BaseModel,
    row: dict[str, str],
    column_prefix: str,
    schema_prefix: str,
    position_prefix: str,
    rows: dict[str, list[dict[str, str]]],
) -> None:
    for shape in field_shapes(type(model)):
        name = shape.name
        schema_path = f"{schema_prefix}{name}"
        if schema_path in layout.excluded:
            continue
        value = getattr(model, name)
        column = f"{column_prefix}{name}"
        position = f"{position_prefix}{name}"
        if shape.model is not None:
            if value is not None:
                _fill(
                    layout,
                    tables_by_model,
                    record,
                    value,
                    row,
                    f"{column}.",
                    f"{schema_path}.",
                    f"{position}.",
                    rows,
                )
        elif shape.list_model is not None:
            child = tables_by_model[shape.list_model]
            for index, element in enumerate(value or []):
                child_row = {
                    ITEM_COLUMN: item_id(record),
                    FIELD_COLUMN: _strip_indices(position),
                    POSITION_COLUMN: f"{position}[{index}]",
                }
                rows[child.name].append(child_row)
                _fill(
                    layout,
                    tables_by_model,
                    record,
                    element,
                    child_row,
                    "",
                    child.schema_prefix,
                    f"{position}[{index}].",
                    rows,
                )
        else:
            row[column] = cell(value)


def _strip_indices(position: str) -> str:
    return re.sub(r"\[\d+\]", "", position)


def cell(value: object) -> str:
    """One CSV cell: ISO dates, plain integers, lists joined with `; `, empty for missing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(cell(v) for v in value)
    if isinstance(value, BaseModel | dict):
        data = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
        return json.dumps(data, ensure_ascii=False, sort_keys=True)
    return str(value)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def inert(cell: str) -> str:
    """A cell a spreadsheet shows as text: one that starts with = + - @, a tab or a carriage
    return gets a leading apostrophe, as OWASP recommends against CSV injection (a resident's
    question `=HYPERLINK(…)` in the open data would otherwise run when a clerk opens the file).
    A negative number stays a number, and so does a lone "-", the forms' mark for nil: no
    spreadsheet reads either as a formula."""
    if cell.startswith(_FORMULA_START) and cell != "-" and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _csv_bytes(table: Table, rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    names = [c.name for c in table.columns]
    writer.writerow(names)
    for row in rows:
        writer.writerow([inert(row.get(name, "")) for name in names])
    # The BOM is what makes Excel read the file as UTF-8 instead of the Windows code page.
    return buffer.getvalue().encode("utf-8-sig")


# JSON


def json_document(
    layout: Layout, records: Iterable[Record], base_url: str, schema_version: str
) -> bytes:
    """The type's items as nested JSON (the same fields as the CSV, without flattening)."""
    tables_by_model = {t.model: t for t in layout.tables}
    items = [
        {
            ID_COLUMN: item_id(record),
            URL_COLUMN: base_url + record.url,
            **_dump(layout, tables_by_model, record.item, ""),
        }
        for record in records
    ]
    document = {
        "schema_version": schema_version,
        "type": layout.kind.folder,
        "title": layout.kind.title,
        "items": items,
    }
    return json_bytes(document)


def _dump(
    layout: Layout,
    tables_by_model: dict[type[BaseModel], Table],
    model: BaseModel,
    schema_prefix: str,
) -> dict[str, object]:
    data: dict[str, object] = {}
    for shape in field_shapes(type(model)):
        name = shape.name
        schema_path = f"{schema_prefix}{name}"
        if schema_path in layout.excluded:
            continue
        value = getattr(model, name)
        if shape.model is not None and value is not None:
            data[name] = _dump(layout, tables_by_model, value, f"{schema_path}.")
        elif shape.list_model is not None:
            prefix = tables_by_model[shape.list_model].schema_prefix
            data[name] = [_dump(layout, tables_by_model, v, prefix) for v in value or []]
        else:
            data[name] = _json_value(value)
    return data


def _json_value(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, str | int | float | bool | dict) or value is None:
        return value
    return str(value)
