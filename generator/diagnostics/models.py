"""pydantic's errors as diagnostics: in Vietnamese, positioned at the exact line and column of
the YAML file, with a hint. Every reader of a YAML file with a model (content, site config, plan,
rules, registries) validates through `validate_model`."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.diagnostics import Diagnostic, diagnostic
from generator.diagnostics.positions import FieldPath, SourceFile, format_path

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


def validate_model(model: type[M], source: SourceFile, out: list[Diagnostic]) -> M | None:
    """`model` from the parsed file, or None with every pydantic error translated into a
    Vietnamese diagnostic positioned in the file (added to `out`)."""
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        out.extend(translate(error, model, source) for error in exc.errors())
        return None


def translate(error: ErrorDetails, model: type[BaseModel], source: SourceFile) -> Diagnostic:
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
            _in_kind_hint(model, path, value) or _wrong_type_hint(base, value),
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
    if kind == "url_scheme":
        return make(
            "CK104",
            f"{_describe(value)} không phải địa chỉ web: cần bắt đầu bằng https:// hoặc http://",
            "Chép nguyên địa chỉ từ thanh địa chỉ của trình duyệt, ví dụ "
            "https://dichvucong.gov.vn/.",
        )
    if kind == "value_error":
        # Our own validators explain in Vietnamese what the value lacks; pydantic only adds
        # an English "Value error, " before it.
        reason = str((error.get("ctx") or {}).get("error", error["msg"]))
        if isinstance(value, dict | list):
            return make("CK104", reason, "Sửa các trường nêu trên cho khớp nhau.")
        return make(
            "CK104",
            f"{_describe(value)}: {reason}",
            "Sửa giá trị theo yêu cầu nêu trên; ghi đúng dạng như ví dụ.",
        )
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


_COUNT_WITH_UNIT = re.compile(r"\s*(\d+(?:[.,]\d+)?)\s+(.+?)\s*")
_MONEY_WORDS = ("đồng", "đ", "vnđ", "vnd", "triệu", "tỷ", "nghìn", "ngàn")


def _in_kind_hint(model: type[BaseModel], path: FieldPath, value: Any) -> str | None:
    """`amount: 42 tấn` where the line can be given in kind: point to `quantity` and `unit`
    rather than to a money figure the document does not give."""
    owner = _model_at(model, path[:-1])
    if owner is None or not {"quantity", "unit"} <= set(owner.model_fields):
        return None
    match = _COUNT_WITH_UNIT.fullmatch(value) if isinstance(value, str) else None
    if match is None or match.group(2).split()[0].lower() in _MONEY_WORDS:
        return None
    count, unit = match.group(1).replace(",", "."), match.group(2)
    return (
        f"Đây là hiện vật, không phải tiền: ghi `quantity: {count}` và `unit: {unit}` (thêm "
        "`goods:` là hiện vật gì), bỏ `amount` nếu văn bản không ghi giá trị bằng tiền."
    )


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
        year, month, day = (int(part) for part in value.split("-"))
        try:
            padded = dt.date(year, month, day).isoformat()
        except ValueError:
            return (
                "Ngày này không có trong lịch (ví dụ 30/02 hoặc tháng 13): kiểm tra lại ngày, "
                "tháng."
            )
        return f"Ghi tháng và ngày đủ hai chữ số: {padded}."
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
        current = inner_model(info.annotation) if info else None
    return current


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside a field's annotation (`list[X]`, `X | None`...), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = inner_model(arg)
            if found is not None:
                return found
    return None
