"""Regenerate the reference pages in docs/ from the models and the code catalogue.

    uv run python scripts/gen_docs.py

tests/test_docs.py fails when docs/ is out of date, so a new field or code is always documented.
"""

from __future__ import annotations

import functools
import sys
import typing
from pathlib import Path

from pydantic import BaseModel

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.codes import CODES  # noqa: E402
from generator.schemas import schema_files  # noqa: E402
from generator.types import TYPES  # noqa: E402
from generator.types.common import Disclosure  # noqa: E402

AUTHORING_INTRO = """\
# Soạn nội dung công khai / Authoring disclosures

Mỗi mục công khai là một tệp YAML trong `content/<loại>/`. Tên tệp (chữ thường, không dấu,
nối bằng gạch ngang, bắt đầu bằng năm) làm địa chỉ trang: `content/hoi-dap/2025-den-duong.yaml`
→ `/hoi-dap/2025/den-duong/`. Ngày viết dạng `YYYY-MM-DD` không đặt trong ngoặc kép; số tiền
viết liền không dấu chấm (`1250000` hoặc `1_250_000`). Xem các tệp mẫu trong `content/`.

Trang này được tạo từ mã nguồn (`scripts/gen_docs.py`); đừng sửa tay.
"""

CODES_INTRO = """\
# Mã lỗi / Diagnostic codes

Mỗi lỗi có một mã cố định. CK1xx là lỗi nội dung (không dựng cổng), CK2xx là cảnh báo (vẫn dựng,
trừ khi chạy với `--strict`), CK9xx là lỗi của bộ dựng.

Trang này được tạo từ `generator/codes.py` (`scripts/gen_docs.py`); đừng sửa tay.
"""


def _field_table(model: type[BaseModel], skip: typing.Container[str] = ()) -> list[str]:
    rows = ["| Trường | | Ý nghĩa |", "|---|---|---|"]
    for name, info in model.model_fields.items():
        if name not in skip:
            required = "bắt buộc" if info.is_required() else "không bắt buộc"
            rows.append(f"| `{name}` | {required} | {info.description or ''} |")
    return rows


def _nested_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    for info in model.model_fields.values():
        stack = [info.annotation]
        while stack:
            annotation = stack.pop()
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                if annotation is not model and annotation not in found:
                    found.append(annotation)
            else:
                stack.extend(typing.get_args(annotation))
    return found


def authoring_page() -> str:
    out = [AUTHORING_INTRO, "## Các trường chung của mọi loại", "", *_field_table(Disclosure)]
    documented: set[type[BaseModel]] = {Disclosure}
    for kind in TYPES.values():
        out += ["", f"## `{kind.folder}`: {kind.title}", "", kind.description, ""]
        out += _field_table(kind.model, skip=Disclosure.model_fields)
        queue = _nested_models(kind.model)
        while queue:
            model = queue.pop(0)
            if model in documented:
                continue
            documented.add(model)
            out += ["", f"### `{model.__name__}`", "", (model.__doc__ or "").strip(), ""]
            out += _field_table(model)
            queue += _nested_models(model)
    return "\n".join(out) + "\n"


def codes_page() -> str:
    out = [CODES_INTRO, "| Mã | Tên | Ý nghĩa | Cách sửa |", "|---|---|---|---|"]
    out += [
        f'| <a id="{c.code}"></a>{c.code} | `{c.slug}` | {c.title} | {c.hint} |'
        for c in CODES.values()
    ]
    return "\n".join(out) + "\n"


PAGES = {"docs/soan-thao.md": authoring_page, "docs/loi.md": codes_page}
# The schemas in the repository let the `# yaml-language-server: $schema=` line work offline.
PAGES.update(
    {f"schemas/{name}": functools.partial(str, text) for name, text in schema_files().items()}
)

if __name__ == "__main__":
    for path, make in PAGES.items():
        (REPO / path).parent.mkdir(exist_ok=True)
        (REPO / path).write_text(make(), encoding="utf-8")
        print(f"wrote {path}")
