"""The budget's figures in long form: one row per figure, with the form, the column it sits in
(label, group, what it reports, its formula) and the unit, so that a figure read from open data
means what it means on the page, also where the YAML only names the form and not its columns."""

from __future__ import annotations

from typing import Any

from generator.types.ngan_sach import Budget

NAME = "ngan-sach.figure"
TITLE = "Số liệu của các biểu ngân sách, mỗi số một dòng"

COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("item_id", "Mã định danh của mục ngân sách chứa số liệu.", "chữ"),
    (
        "table_position",
        "Vị trí biểu trong mục, ví dụ `tables[0]` (hoặc `revenue` với cách ghi cũ).",
        "chữ",
    ),
    ("form", "Số hiệu biểu, ví dụ `104/CK TC-NSNN`; trống nếu biểu không có số hiệu.", "chữ"),
    ("table_title", "Tiêu đề biểu.", "chữ"),
    ("table_kind", "Loại biểu: can-doi, thu, chi, chi-dau-tu, tai-chinh-khac, khac.", "chữ"),
    ("unit", "Đơn vị in trên biểu, ví dụ `1000 đồng`.", "chữ"),
    ("unit_in_dong", "Số đồng của một đơn vị (1, 1000, 1000000).", "số nguyên"),
    ("row_number", "Số thứ tự của dòng trong biểu, từ 1.", "số nguyên"),
    ("row_code", "Số thứ tự in ở cột STT (I, 1, a, -), trống nếu biểu không ghi.", "chữ"),
    ("row_name", "Nội dung dòng.", "chữ"),
    ("row_level", "Cấp của dòng: 0 tổng cộng, 1, 2, 3...", "số nguyên"),
    ("column_key", "Số cột in trên biểu, ví dụ `5`.", "chữ"),
    ("column_label", "Tên cột, ví dụ `Thu NSX`.", "chữ"),
    ("column_group", "Nhóm cột ở tiêu đề trên, ví dụ `Dự toán năm 2025`.", "chữ"),
    ("column_kind", "Loại cột: money (tiền), percent (%), text (chữ).", "chữ"),
    (
        "column_measure",
        "Cột ghi số gì: du-toan, thuc-hien, luy-ke, quyet-toan, dieu-chinh...",
        "chữ",
    ),
    ("column_formula", "Công thức in trên biểu, ví dụ `3/1`.", "chữ"),
    ("value", "Số như in trên biểu (đơn vị của biểu; `-` là không có số; số âm có dấu trừ).", "số"),
    ("value_in_dong", "Số tiền quy ra đồng (chỉ với cột tiền).", "số"),
)


def rows(item_id: str, item: Any) -> list[dict[str, str]]:
    """Every figure of a budget report, in the order printed, row by row."""
    if not isinstance(item, Budget):
        return []
    out: list[dict[str, str]] = []
    for table in item.published_tables:
        position = _position(table.path)
        for number, (row, cells) in enumerate(zip(table.rows, table.cells, strict=True), 1):
            for column in table.columns:
                value = cells.get(column.key)
                if value is None:
                    continue
                in_dong = ""
                if column.kind == "money" and isinstance(value, int | float) and table.factor:
                    whole = value * table.factor
                    in_dong = str(int(whole)) if float(whole).is_integer() else str(whole)
                out.append(
                    {
                        "item_id": item_id,
                        "table_position": position,
                        "form": table.number or (table.form.number if table.form else ""),
                        "table_title": table.title,
                        "table_kind": table.kind,
                        "unit": table.unit,
                        "unit_in_dong": str(table.factor or ""),
                        "row_number": str(number),
                        "row_code": row.code or "",
                        "row_name": row.name,
                        "row_level": str(row.level),
                        "column_key": column.key,
                        "column_label": column.label,
                        "column_group": column.group or "",
                        "column_kind": column.kind,
                        "column_measure": column.measure or "",
                        "column_formula": column.formula or "",
                        "value": str(value),
                        "value_in_dong": in_dong,
                    }
                )
    return out


def _position(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
