"""Stage 2: check every parsed file against its type's schema and the records against each other.

pydantic does the schema work; this module turns its errors into Vietnamese diagnostics that point
at the exact line and column, and adds the checks that span fields, files and the disk.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.diagnostics import Diagnostic, diagnostic
from generator.load import Loaded
from generator.load.sources import FieldPath, SourceFile, format_path
from generator.project import Project
from generator.types.common import MAX_SLUG, RESERVED_SLUGS, Disclosure
from generator.types.plan import read_plans
from generator.types.record import Record
from generator.types.site import SiteConfig
from generator.validate import privacy
from generator.validate.attachments import file_problem
from generator.validate.budget import shrinking_cumulative_figures

M = typing.TypeVar("M", bound=BaseModel)

_WRONG_TYPE = {
    "int": "một số nguyên",
    "float": "một số (phần thập phân sau dấu chấm, ví dụ 125.4)",
    "date": "một ngày dạng YYYY-MM-DD",
    "string": "văn bản",
    "list": "một danh sách (mỗi phần tử một dòng bắt đầu bằng `- `)",
    "dict": "một nhóm trường (các dòng `ten: gia_tri` thụt vào)",
    "model": "một nhóm trường (các dòng `ten: gia_tri` thụt vào)",
    "url": "một địa chỉ web đầy đủ (https://...)",
    "bool": "có hoặc không (true / false)",
}


@dataclass
class Validated:
    site: SiteConfig | None
    records: list[Record] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def validate(loaded: Loaded, project: Project) -> Validated:
    """Validate the site config and every item; collect all problems, stop at none."""
    result = Validated(site=None)
    if loaded.site is not None:
        result.site = _validate_model(SiteConfig, loaded.site, result.diagnostics)
    if result.site is not None and loaded.site is not None:
        result.diagnostics.extend(privacy.scan_site(result.site, loaded.site))
        plans, problems = read_plans(project, loaded.lines)
        result.diagnostics.extend(problems)
        if plans:
            merged = sorted([*result.site.disclosure_plans, *plans], key=lambda p: -p.year)
            result.site = result.site.model_copy(update={"disclosure_plans": merged})
    files_dir = project.files_dir.resolve()  # once: resolving walks every part of the path
    for kind, source in loaded.items:
        item = _validate_model(kind.model, source, result.diagnostics)
        if item is None:
            continue
        slug = item.slug or item.default_slug(source.path.stem)
        problems = [*_item_problems(item, source, files_dir), *_slug_problems(slug, item, source)]
        result.diagnostics.extend(problems)
        if not any(p.is_error for p in problems):
            result.records.append(Record(kind=kind, item=item, source=source, slug=slug))
    if result.site is not None:
        for record in result.records:
            result.diagnostics.extend(privacy.scan(record, result.site))
    result.diagnostics.extend(_duplicate_urls(result.records))
    result.diagnostics.extend(shrinking_cumulative_figures(result.records))
    # A link into a folder whose files have errors may point at one of them: report the cause,
    # not the echo.
    failed = {kind.folder for kind, source in loaded.items if source.name in _error_files(result)}
    result.diagnostics.extend(_broken_references(result.records, skip_folders=failed))
    return result


def _validate_model(model: type[M], source: SourceFile, out: list[Diagnostic]) -> M | None:
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        out.extend(_translate(error, model, source) for error in exc.errors())
        return None


def _item_problems(item: Disclosure, source: SourceFile, files_dir: Path) -> Iterator[Diagnostic]:
    """The item's own checks, and its attachments missing from `files_dir` (resolved)."""
    for problem in item.problems():
        yield diagnostic(
            problem.code,
            problem.message,
            source.name,
            source.locate(problem.path),
            field=format_path(problem.path),
            hint=problem.hint,
        )
    for at, name in item.files():
        problem = file_problem(files_dir, name)
        if problem is not None:
            yield diagnostic(
                problem.code,
                problem.message,
                source.name,
                source.locate(at),
                field=format_path(at),
                hint=problem.hint,
            )


def _slug_problems(slug: str, item: Disclosure, source: SourceFile) -> Iterator[Diagnostic]:
    """A slug (set, or taken from the file name) that would replace one of the portal's own
    pages, or too long for an address."""
    at = ("slug",) if item.slug else ()
    if slug in RESERVED_SLUGS:
        yield diagnostic(
            "CK120",
            f"địa chỉ của mục sẽ là `{slug}`, trùng trang danh sách của chuyên mục",
            source.name,
            source.locate(at),
            field=format_path(at),
            hint="Đổi tên tệp (ví dụ `2025-tin-moi.yaml`) hoặc ghi `slug:` khác `index`.",
        )
    elif len(slug) > MAX_SLUG:
        yield diagnostic(
            "CK104",
            f"địa chỉ của mục lấy từ tên tệp dài {len(slug)} ký tự, quá {MAX_SLUG}",
            source.name,
            source.locate(at),
            field=format_path(at),
            hint="Đặt tên tệp ngắn hơn, hoặc ghi `slug:` ngắn gọn, ví dụ `du-toan-2025`.",
        )


def _duplicate_urls(records: Iterable[Record]) -> Iterator[Diagnostic]:
    first: dict[str, Record] = {}
    for record in sorted(records, key=lambda r: r.source.name):
        other = first.setdefault(record.url, record)
        if other is record:
            continue
        yield diagnostic(
            "CK107",
            f"hai tệp cùng đăng vào địa chỉ /{record.url}",
            record.source.name,
            record.source.locate(("slug",) if record.item.slug else ()),
            related=[f"{other.source.name}:1:1"],
            hint="Mỗi giai đoạn ngân sách của một năm chỉ có một tệp; với loại khác, đổi tên tệp "
            "hoặc đặt trường `slug` khác nhau.",
        )


def _error_files(result: Validated) -> set[str]:
    return {d.file for d in result.diagnostics if d.is_error}


def _broken_references(records: list[Record], skip_folders: set[str]) -> Iterator[Diagnostic]:
    urls = {record.url for record in records}
    for record in records:
        for at, target in record.item.references():
            if target not in urls and target.split("/")[0] not in skip_folders:
                close = difflib.get_close_matches(target, sorted(urls), n=1)
                yield diagnostic(
                    "CK115",
                    f"không có mục nào ở địa chỉ /{target}",
                    record.source.name,
                    record.source.locate(at),
                    field=format_path(at),
                    hint=f"Có phải ý bạn là `{close[0]}`?"
                    if close
                    else "Ghi địa chỉ của mục được liên kết, ví dụ `van-ban/2025/nq-12-quy-che/`.",
                )


def _translate(error: ErrorDetails, model: type[BaseModel], source: SourceFile) -> Diagnostic:
    """Turn one pydantic error into a diagnostic in Vietnamese, positioned in the file."""
    path: FieldPath = tuple(p for p in error["loc"] if isinstance(p, str | int))
    kind = error["type"]
    value = error.get("input")
    name = format_path(path)
    field_name = str(path[-1]) if path else ""

    def make(code: str, message: str, hint: str | None = None, *, key: bool = False) -> Diagnostic:
        return diagnostic(code, message, source.name, source.locate(path, key=key), name, hint)

    if kind == "missing":
        return make("CK101", f"thiếu trường bắt buộc `{field_name}`", _missing_hint(model, path))
    if kind == "extra_forbidden":
        candidates = _field_names(model, path[:-1])
        close = difflib.get_close_matches(field_name, candidates, n=1)
        at = source.locate(path, key=True)
        line = source.lines[at.line - 1] if 0 < at.line <= len(source.lines) else ""
        if " " in field_name or "{" in line[: at.column - 1]:
            # `{note: Khởi công, giải phóng mặt bằng}`: in a flow mapping the comma ends the value.
            hint = (
                "Văn bản có dấu phẩy nằm trong dấu ngoặc nhọn { }: đặt cả giá trị trong ngoặc kép, "
                'ví dụ `note: "Khởi công, giải phóng mặt bằng"`.'
            )
        elif close:
            hint = f"Có phải ý bạn là `{close[0]}`?"
        else:
            hint = f"Các trường được dùng ở đây: {', '.join(candidates)}."
        return make("CK102", f"trường `{field_name}` không có trong mẫu này", hint, key=True)
    if kind == "literal_error":
        allowed = _literal_values(error)
        return make(
            "CK105",
            f"giá trị {_describe(value)} không được phép",
            f"Chọn một trong: {', '.join(allowed)}.",
        )
    if value is None:
        return make("CK101", f"trường `{field_name}` để trống", "Ghi giá trị sau dấu hai chấm.")
    base = kind.split("_")[0]
    if base in _WRONG_TYPE and kind.endswith(
        ("_type", "_parsing", "_from_float", "_from_datetime_inexact", "_fraction")
    ):
        return make(
            "CK103",
            f"cần {_WRONG_TYPE[base]}, nhưng gặp {_describe(value)}",
            _wrong_type_hint(base, value),
        )
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        limit = next(iter((error.get("ctx") or {}).values()), "")
        relation = "không nhỏ hơn" if kind.startswith("greater") else "không lớn hơn"
        return make("CK104", f"giá trị {_describe(value)} phải {relation} {limit}")
    if kind == "string_pattern_mismatch":
        return make(
            "CK104",
            f"giá trị {_describe(value)} không đúng dạng",
            "Chỉ dùng chữ thường không dấu, số và dấu gạch ngang, ví dụ `thong-bao-ra-soat-2025`.",
        )
    if kind in ("too_long", "string_too_long"):
        maximum = (error.get("ctx") or {}).get("max_length")
        size = f"{len(value)} ký tự" if isinstance(value, str) else f"{len(value)} phần tử"
        return make(
            "CK104",
            f"{_describe(value)} quá dài ({size}): tối đa {maximum}",
            "Rút gọn giá trị; nội dung dài đặt vào tệp đính kèm.",
        )
    if kind in ("too_short", "string_too_short"):
        if not value:
            return make("CK101", f"trường `{field_name}` không được để trống")
        minimum = (error.get("ctx") or {}).get("min_length")
        return make("CK104", f"{_describe(value)} quá ngắn: cần ít nhất {minimum} ký tự")
    return make("CK104", f"giá trị {_describe(value)} không hợp lệ ({error['msg']})")


def _describe(value: Any) -> str:
    if value is None:
        return "giá trị trống"
    if isinstance(value, bool):
        return f"giá trị đúng/sai `{str(value).lower()}`"
    if isinstance(value, int):
        return f"số nguyên `{value}`"
    if isinstance(value, float):
        return f"số thập phân `{value}`"
    if isinstance(value, dt.date):
        return f"ngày `{value.isoformat()}`"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f'văn bản "{short}"'
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một nhóm trường"
    return f"`{value!r}`"


def _wrong_type_hint(expected: str, value: Any) -> str | None:
    if expected == "int" and isinstance(value, float):
        return (
            "YAML đọc dấu chấm là dấu thập phân (1.250 là 1,25). Viết số liền không dấu chấm: "
            "1250000, hoặc tách nhóm bằng gạch dưới: 1_250_000."
        )
    if expected == "int" and isinstance(value, str):
        return "Viết số liền, không dấu chấm hay dấu phẩy: 1250000, hoặc 1_250_000."
    if (
        expected == "date"
        and isinstance(value, str)
        and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value)
    ):
        return "Ngày này không có trong lịch (ví dụ 30/02 hoặc tháng 13): kiểm tra lại ngày, tháng."
    if expected == "date":
        return "Viết ngày theo dạng năm-tháng-ngày, không đặt trong ngoặc kép: 2025-01-15."
    if expected == "string" and not isinstance(value, list | dict):
        return 'Đặt giá trị trong dấu ngoặc kép để giữ nguyên dạng văn bản, ví dụ "45".'
    return None


def _missing_hint(model: type[BaseModel], path: FieldPath) -> str | None:
    owner = _model_at(model, path[:-1])
    if owner is None or not path:
        return None
    info = owner.model_fields.get(str(path[-1]))
    if info is None or not info.description:
        return None
    return f"Thêm dòng `{path[-1]}: ...` ({info.description})"


def _literal_values(error: ErrorDetails) -> list[str]:
    expected = str((error.get("ctx") or {}).get("expected", ""))
    return [part.strip(" '") for part in expected.replace(" or ", ", ").split(",") if part.strip()]


def _field_names(model: type[BaseModel], path: FieldPath) -> list[str]:
    owner = _model_at(model, path)
    return list(owner.model_fields) if owner else []


def _model_at(model: type[BaseModel], path: FieldPath) -> type[BaseModel] | None:
    """The model class that holds the fields at `path` (list indexes are skipped)."""
    current: type[BaseModel] | None = model
    for part in path:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        current = _inner_model(info.annotation) if info else None
    return current


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None
