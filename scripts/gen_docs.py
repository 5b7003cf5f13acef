"""Regenerate the reference pages in docs/ from the models and the code catalogue.

    uv run python scripts/gen_docs.py

tests/test_docs.py fails when docs/ is out of date, so a new field or code is always documented.
"""

from __future__ import annotations

import functools
import sys
import typing
from pathlib import Path

import click
from pydantic import BaseModel

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator import cli  # noqa: E402
from generator.commands import importing, spreadsheet  # noqa: E402
from generator.diagnostics.codes import CODES  # noqa: E402
from generator.load import placeholders  # noqa: E402
from generator.publish import schemas  # noqa: E402
from generator.publish.schemas import schema_files  # noqa: E402
from generator.types import TYPES  # noqa: E402
from generator.types.common import Disclosure  # noqa: E402

AUTHORING_INTRO = """\
# Soạn nội dung công khai / Authoring disclosures

Mỗi mục công khai là một tệp YAML trong `content/<loại>/`. Tên tệp (chữ thường, không dấu,
nối bằng gạch ngang, bắt đầu bằng năm) làm địa chỉ trang: `content/hoi-dap/2025-den-duong.yaml`
→ `/hoi-dap/2025/den-duong/`. Ngày viết dạng `YYYY-MM-DD` không đặt trong ngoặc kép; số tiền
viết liền không dấu chấm (`1250000` hoặc `1_250_000`). Xem các tệp mẫu trong `content/`.

Mọi trường văn bản, cả tên tệp (nó thành địa chỉ trang), được quét tìm thông tin cá nhân (CK130):
số CCCD, CMND, hộ chiếu, BHXH, BHYT, mã số thuế cá nhân, điện thoại (cả số 11 chữ số cũ, cả hai
số viết liền nhau `0912345678,0987654321`), ngày sinh (cả ngày ngay sau họ tên, cột “Ngày sinh”
của bảng), số tài khoản, thư điện tử cá nhân (cả `a @ gmail . com`). Số của cơ quan không bị
chặn: tài khoản tại Kho bạc (KBNN), mã hồ sơ, số vào sổ cấp GCN, số tiền có đơn vị
(`125000000 đồng`), mã số thuế ghi sau tên công ty, cơ quan. Ký tự ẩn và ký tự đổi chiều chữ
(thường theo vào khi dán từ trang web) bị từ chối (CK131): gõ lại đoạn đó. Đoạn đã xem xét và
được phép công khai ghi vào `privacy_allow` của mục (không xuất ra dữ liệu mở); số CCCD, CMND, hộ
chiếu, BHXH, BHYT của người dân thì không bao giờ được phép.

Trang này được tạo từ mã nguồn (`scripts/gen_docs.py`); đừng sửa tay.
"""

CODES_INTRO = """\
# Mã lỗi / Diagnostic codes

Mỗi lỗi có một mã cố định. CK1xx là lỗi nội dung (không dựng cổng), CK2xx là cảnh báo (vẫn dựng,
trừ khi chạy với `--strict`), CK9xx là lỗi của bộ dựng.

Trang này được tạo từ `generator/diagnostics/codes.py` (`scripts/gen_docs.py`); đừng sửa tay.
"""


def _field_table(model: type[BaseModel], skip: typing.Container[str] = ()) -> list[str]:
    rows = ["| Trường | | Ý nghĩa |", "|---|---|---|"]
    for name, info in model.model_fields.items():
        if name not in skip:
            required = "bắt buộc" if info.is_required() else "không bắt buộc"
            # One table row: a docstring wrapped over lines would break the Markdown table.
            meaning = " ".join((info.description or "").split())
            rows.append(f"| `{name}` | {required} | {meaning} |")
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


def _options_table(command: click.Command) -> list[str]:
    rows = ["| Tuỳ chọn | Ý nghĩa |", "|---|---|"]
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            rows.append(f"| `{max(param.opts, key=len)}` | {param.help} |")
    return rows


def _columns_table(columns: dict[str, tuple[str, ...]], required: set[str]) -> list[str]:
    rows = ["| Trường YAML | Tiêu đề cột được nhận | |", "|---|---|---|"]
    for name, headers in columns.items():
        need = "bắt buộc" if name in required else "không bắt buộc"
        rows.append(f"| `{name}` | {', '.join(f'“{h}”' for h in headers)} | {need} |")
    return rows


def tools_section() -> list[str]:
    """`congkhai new`, `schema` and `import`, described from the code that runs them."""
    import_group = typing.cast(click.Group, cli.main.commands["import"])
    kinds = ", ".join(f"`{k.folder}` ({k.title})" for k in TYPES.values())
    schema_rows = ["| Tệp | Dùng cho |", "|---|---|"] + [
        f"| `schemas/{entry['schema']}` | `{entry['applies_to']}` |"
        for entry in schemas.index(schemas.all_schemas())["schemas"]
    ]
    household_sheets = ", ".join(f"“{w}” → `{key}`" for key, w in importing.HOUSEHOLD_LISTS.items())
    return [
        "## Công cụ soạn thảo",
        "",
        "Hướng dẫn từng bước có ví dụ: [huong-dan.md](huong-dan.md).",
        "",
        "### Tạo tệp mới: `congkhai new LOẠI`",
        "",
        f"LOẠI là một trong: {kinds}.",
        "",
        *_options_table(cli.main.commands["new"]),
        "",
        f"Chỗ cần điền ghi là `{placeholders.TEXT}`, `{placeholders.DATE}`, `<chọn a | b>`...; "
        "tệp còn chỗ trống thì chưa được đăng (lỗi CK150).",
        "",
        "### Lược đồ JSON: `congkhai schema`",
        "",
        "Ghi lại các tệp lược đồ (JSON Schema) để trình soạn thảo gợi ý trường và gạch đỏ chỗ sai. "
        "Cổng đăng các tệp này tại `/schemas/`.",
        "",
        *schema_rows,
        "",
        "### Nhập bảng tính: `congkhai import ngan-sach TỆP` và `congkhai import ho-ngheo TỆP`",
        "",
        "Tệp .xlsx hoặc .csv (UTF-8). Dòng tiêu đề nằm trong "
        f"{spreadsheet.HEADER_SEARCH_ROWS} dòng đầu; tiêu đề không phân biệt hoa thường, có dấu "
        "hay không dấu. Cột khác (ghi chú, số CCCD, ngày sinh...) không được nhập.",
        "",
        "#### `ngan-sach`",
        "",
        "Mỗi trang tính (hoặc tệp CSV) là một biểu, như in: dòng “Biểu số 104/CK TC-NSNN”, tiêu "
        "đề có năm, giai đoạn trong ngoặc, dòng “Đơn vị: 1000 đồng” (bắt buộc, hoặc `--unit`), "
        "tiêu đề một hoặc hai tầng (ô gộp; có hay không có dòng đánh số cột), dòng đánh số cột "
        "“A B 1 2 5=3/1” (lấy số cột và công thức), rồi các dòng. Cột đầu là “STT” (hoặc “Mã "
        "số”), cột sau là “Nội dung” (hoặc “Chỉ tiêu”: tên cột được giữ như in); mọi cột sau đó "
        "được nhập đúng vị trí. Cấp của dòng theo số thứ tự: A > I > 1 > 1.1 > a > - ; dòng "
        "không số thứ tự bắt đầu bằng “Tổng” là dòng tổng cộng, dòng “Trong đó” là một phần của "
        "dòng trên; dòng không số thứ tự khác đứng ngang dòng trên nó, trừ khi nhóm của dòng trên "
        "đã cộng đủ số của dòng cha (thì đứng ngang dòng cha), hoặc nằm sau một dòng trống (thì "
        "đứng riêng, ngang các dòng lớn nhất). Ô “-” là không có số; số âm giữ dấu; dấu chấm hay "
        "dấu phẩy ngăn cách hàng nghìn đều được; ô định dạng phần trăm (189,26%) nhập là 189,26. "
        "Bảng kết thúc ở dòng “Ghi chú: ...” (thành ghi chú của biểu) hoặc phần ký tên (“TM. ỦY "
        "BAN NHÂN DÂN”, “CHỦ TỊCH”, “NGƯỜI LẬP BIỂU”, dòng “..., ngày ... tháng ... năm ...”). "
        "Nếu tệp YAML của báo cáo đã có, biểu mới được thêm vào (biểu thu một "
        "tệp, biểu chi một tệp); biểu cùng số hiệu chỉ được thay khi có `--force`.",
        "",
        *_options_table(import_group.commands["ngan-sach"]),
        "",
        "#### `ho-ngheo`",
        "",
        f"Tên trang tính (hoặc tên tệp CSV) có chữ {household_sheets} (xét theo thứ tự này); "
        "nếu không, chỉ rõ bằng `--list`. Không có cột số thứ tự thì đánh số 1, 2, 3... theo thứ "
        "tự dòng. Danh sách kết thúc ở dòng cộng (“Cộng: 03 hộ”, “Tổng cộng”), dòng “Ghi chú” "
        "hoặc phần ký tên; số hộ và số khẩu ghi ở dòng cộng được đối chiếu với các dòng hộ (khác "
        "thì cảnh báo CK204). Hộ có số thứ tự nằm dưới các dòng đó là lỗi CK160.",
        "",
        *_columns_table(importing.HOUSEHOLD_COLUMNS, {"head", "village"}),
        "",
        *_options_table(import_group.commands["ho-ngheo"]),
        "",
    ]


def authoring_page() -> str:
    out = [AUTHORING_INTRO, *tools_section()]
    out += ["## Các trường chung của mọi loại", "", *_field_table(Disclosure)]
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


BAD_CASES = REPO / "tests/cases/bad"


def code_examples() -> dict[str, tuple[str, str]]:
    """For each code, the first case of the bad-input corpus that produces it: (case, line).

    The corpus test asserts each case gives exactly its expected errors, so these examples cannot
    drift from what the tool says.
    """
    examples: dict[str, tuple[str, str]] = {}
    for expected in sorted(BAD_CASES.glob("*.expected")):
        case = expected.with_suffix(".yaml")
        lines = case.read_bytes().decode("utf-8", "replace").splitlines()
        for row in expected.read_text(encoding="utf-8").splitlines():
            code, position = row.split()[:2]
            line = int(position.split(":")[0])
            text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
            examples.setdefault(code, (case.name, text))
    return examples


def codes_page() -> str:
    examples = code_examples()
    out = [CODES_INTRO, "| Mã | Tên | Ý nghĩa | Ví dụ | Cách sửa |", "|---|---|---|---|---|"]
    for c in CODES.values():
        example = ""
        if c.code in examples:
            case, text = examples[c.code]
            shown = text.replace("|", "\\|").replace("`", "'") or "(cả tệp)"
            example = f"`{shown}` ([{case}](../tests/cases/bad/{case}))"
        out.append(
            f'| <a id="{c.code}"></a>{c.code} | `{c.slug}` | {c.title} | {example} | {c.hint} |'
        )
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
