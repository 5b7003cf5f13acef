"""The catalogue of diagnostic codes: a stable id, a Vietnamese title and a default hint each.

Codes never change meaning once published: staff search for them, and the docs link to them by
anchor (docs/loi.md). CK1xx are content errors, CK2xx are warnings, CK9xx come from the build
machinery itself.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    slug: str
    title: str
    hint: str


_CODES = [
    Code(
        "CK100",
        "yaml-syntax",
        "Lỗi cú pháp YAML",
        "Kiểm tra thụt lề (dùng dấu cách, không dùng Tab), dấu hai chấm sau tên trường và "
        "dấu ngoặc kép đóng mở đủ cặp.",
    ),
    Code(
        "CK101",
        "missing-field",
        "Thiếu trường bắt buộc",
        "Thêm trường này vào tệp; xem mẫu trong docs/soan-thao.md.",
    ),
    Code(
        "CK102",
        "unknown-field",
        "Trường không được hỗ trợ",
        "Xoá trường này hoặc sửa lại tên cho đúng.",
    ),
    Code("CK103", "wrong-type", "Sai kiểu dữ liệu", "Ghi giá trị đúng kiểu mà trường yêu cầu."),
    Code(
        "CK104",
        "invalid-value",
        "Giá trị không hợp lệ",
        "Sửa giá trị cho nằm trong phạm vi cho phép.",
    ),
    Code(
        "CK105",
        "not-allowed",
        "Giá trị không có trong danh sách cho phép",
        "Chọn một trong các giá trị được liệt kê.",
    ),
    Code(
        "CK106",
        "totals-mismatch",
        "Tổng cộng không khớp với các dòng chi tiết",
        "Sửa số tổng hoặc số của các dòng chi tiết cho khớp nhau.",
    ),
    Code(
        "CK107",
        "duplicate",
        "Trùng lặp",
        "Mỗi mục phải có địa chỉ (URL) và số thứ tự riêng; đổi tên tệp hoặc trường `slug`.",
    ),
    Code(
        "CK108",
        "file-not-found",
        "Không tìm thấy tệp đính kèm",
        "Đặt tệp vào thư mục content/files/ và ghi đường dẫn tính từ thư mục đó.",
    ),
    Code(
        "CK109",
        "unknown-type",
        "Thư mục không phải loại công khai đã biết",
        "Đặt tệp YAML vào đúng thư mục loại: ngan-sach, ho-ngheo, hoi-dap.",
    ),
    Code(
        "CK110",
        "not-a-mapping",
        "Tệp không chứa một bản ghi",
        "Mỗi tệp YAML mô tả một mục công khai: các dòng dạng `ten_truong: gia_tri`.",
    ),
    Code(
        "CK111",
        "date-order",
        "Thứ tự ngày tháng không hợp lý",
        "Kiểm tra lại các ngày: ngày kết thúc không được trước ngày bắt đầu.",
    ),
    Code(
        "CK112",
        "duplicate-key",
        "Một trường được ghi hai lần",
        "Xoá một trong hai dòng; YAML chỉ giữ dòng sau cùng nên dữ liệu có thể bị mất.",
    ),
    Code(
        "CK113",
        "encoding",
        "Tệp không phải UTF-8",
        "Lưu lại tệp với bảng mã UTF-8 (trong trình soạn thảo: Save with Encoding → UTF-8).",
    ),
    Code(
        "CK114",
        "inconsistent",
        "Dữ liệu mâu thuẫn",
        "Các trường liên quan phải được ghi cùng nhau hoặc cùng để trống.",
    ),
    Code(
        "CK201",
        "answer-late",
        "Câu hỏi trả lời quá hạn",
        "Ghi chú lý do chậm trả lời trong phần trả lời nếu có.",
    ),
    Code(
        "CK202",
        "question-overdue",
        "Câu hỏi đã quá hạn mà chưa có trả lời",
        "Bổ sung câu trả lời (`answer`, `answered`, `answered_by`).",
    ),
    Code(
        "CK901",
        "mkdocs-failed",
        "MkDocs không dựng được trang",
        "Đây thường là lỗi của giao diện (theme/) hoặc mkdocs.yml, không phải của nội dung.",
    ),
    Code(
        "CK902",
        "publish-failed",
        "Không thay được thư mục site/",
        "Kiểm tra quyền ghi vào thư mục dự án; site/ cũ vẫn được giữ nguyên.",
    ),
]

CODES: dict[str, Code] = {c.code: c for c in _CODES}
