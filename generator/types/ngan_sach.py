"""ngan-sach: budget disclosures (estimate, execution by period, final accounts).

Legal basis: Law 10/2022 Art. 11(2); Decree 163/2016 Art. 49 (budget years up to 2025); Law
89/2025 Art. 15, Decree 73/2026 Arts. 36–37 and Circular 26/2026 Art. 26 (from budget year 2026).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from generator.diagnostics.positions import FieldPath
from generator.types.common import (
    Amount,
    Date,
    Decision,
    Problem,
    StrictModel,
    Text,
    Year,
)
from generator.types.notice import Posted
from generator.vn.formatting import vnd

Phase = Literal[
    "du-thao-du-toan",
    "du-toan",
    "quy-1",
    "quy-2",
    "quy-3",
    "quy-4",
    "6-thang",
    "9-thang",
    "ca-nam",
    "quyet-toan",
    "kiem-toan",
]

PHASE_TITLES: dict[str, str] = {
    "du-thao-du-toan": "Dự thảo dự toán trình HĐND",
    "du-toan": "Dự toán được HĐND quyết định",
    "quy-1": "Thực hiện dự toán quý I",
    "quy-2": "Thực hiện dự toán quý II",
    "quy-3": "Thực hiện dự toán quý III",
    "quy-4": "Thực hiện dự toán quý IV",
    "6-thang": "Thực hiện dự toán 6 tháng",
    "9-thang": "Thực hiện dự toán 9 tháng",
    "ca-nam": "Thực hiện dự toán cả năm",
    "quyet-toan": "Quyết toán ngân sách",
    "kiem-toan": "Thực hiện kiến nghị kiểm toán",
}

UNIT_TITLES = {"dong": "đồng", "nghin-dong": "nghìn đồng", "trieu-dong": "triệu đồng"}
AMOUNT_TITLES = {"estimate": "dự toán", "actual": "thực hiện"}


class BudgetLine(StrictModel):
    """Một dòng của bảng thu hoặc chi; có thể có các dòng con."""

    code: Text
    """Mã số hoặc số thứ tự của dòng theo biểu mẫu, ví dụ `I`, `1`, `1.1`."""
    name: Text
    """Nội dung thu / chi, ví dụ "Thuế sử dụng đất phi nông nghiệp"."""
    estimate: Amount | None = None
    """Số dự toán (số nguyên, không dấu chấm; có thể viết 1_250_000)."""
    actual: Amount | None = None
    """Số thực hiện hoặc quyết toán trong kỳ."""
    lines: list[BudgetLine] = []
    """Các dòng con; tổng của chúng phải bằng số của dòng này."""


class Totals(StrictModel):
    """Dòng tổng cộng ghi trên biểu mẫu; phải bằng tổng các dòng chi tiết."""

    estimate: Amount | None = None
    """Tổng số dự toán."""
    actual: Amount | None = None
    """Tổng số thực hiện."""


class BudgetTable(StrictModel):
    """Một bảng thu hoặc chi: các dòng và dòng tổng cộng."""

    total: Totals | None = None
    """Dòng tổng cộng như trên biểu mẫu đã được phê duyệt."""
    lines: list[BudgetLine]
    """Các dòng của bảng, theo thứ tự trên biểu mẫu."""

    @property
    def has_actual(self) -> bool:
        """Whether any execution figure is given (an estimate alone has none)."""
        return (self.total is not None and self.total.actual is not None) or any(
            _has_actual(line) for line in self.lines
        )


def _has_actual(line: BudgetLine) -> bool:
    return line.actual is not None or any(_has_actual(child) for child in line.lines)


class Budget(Posted):
    """Công khai ngân sách xã: dự toán, tình hình thực hiện theo kỳ, quyết toán."""

    year: Year
    """Năm ngân sách, ví dụ 2025."""
    phase: Phase
    """Giai đoạn ngân sách, ví dụ du-thao-du-toan, du-toan, quy-1, 6-thang, ca-nam, quyet-toan."""
    approval: Decision | None = None
    """Văn bản phê duyệt hoặc quyết định (nghị quyết HĐND, quyết định UBND)."""
    form_code: Text | None = None
    """Số hiệu biểu mẫu nếu có (biểu mẫu của tỉnh hoặc của HĐND)."""
    form_source: (
        Literal["bieu-trinh-hdnd", "bieu-hdnd-quyet-dinh", "mau-cua-tinh", "mau-81"] | None
    ) = None
    """Biểu mẫu (từ năm 2026): bieu-trinh-hdnd, bieu-hdnd-quyet-dinh, mau-cua-tinh, mau-81."""
    sent_to_council: Date | None = None
    """Ngày gửi dự thảo dự toán đến đại biểu HĐND (mốc tính hạn 5 ngày làm việc, đến năm 2026)."""
    council_session_opened: Date | None = None
    """Ngày khai mạc kỳ họp HĐND xem xét dự toán (mốc tính hạn, dự toán từ năm 2027)."""
    submitted: Date | None = None
    """Ngày trình báo cáo thực hiện cả năm lên HĐND hoặc cơ quan có thẩm quyền (mốc tính hạn)."""
    unit: Literal["dong", "nghin-dong", "trieu-dong"] = "dong"
    """Đơn vị tính của các số liệu: dong, nghin-dong hoặc trieu-dong."""
    revenue: BudgetTable | None = None
    """Bảng thu ngân sách xã."""
    expenditure: BudgetTable | None = None
    """Bảng chi ngân sách xã."""

    def period_year(self) -> int:
        return self.year

    def default_slug(self, stem: str) -> str:
        # One disclosure per phase per year: the URL is /ngan-sach/<year>/<phase>/.
        return self.phase

    def listing_note(self) -> str:
        return f"{self.phase_title} năm {self.year}"

    @property
    def phase_title(self) -> str:
        return PHASE_TITLES[self.phase]

    @property
    def unit_title(self) -> str:
        return UNIT_TITLES[self.unit]

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if self.approval and self.approval.date > self.published:
            yield Problem("CK111", ("approval", "date"), "văn bản phê duyệt ban hành sau ngày đăng")
        if self.revenue is None and self.expenditure is None:
            yield Problem(
                "CK101",
                (),
                "thiếu cả bảng thu `revenue` và bảng chi `expenditure`",
                "Thêm ít nhất một bảng số liệu; xem mẫu trong content/ngan-sach/.",
            )
        for side, label in (("revenue", "thu"), ("expenditure", "chi")):
            table: BudgetTable | None = getattr(self, side)
            if table is not None:
                yield from _table_problems(table, (side,), label, self.unit_title)


def _sum(lines: list[BudgetLine], amount: str) -> int:
    return sum(getattr(line, amount) or 0 for line in lines)


def _mismatch(path: FieldPath, what: str, stated: int, computed: int, unit: str) -> Problem:
    difference = stated - computed
    return Problem(
        "CK106",
        path,
        f"{what} ghi {vnd(stated)} {unit} nhưng cộng các dòng chi tiết được {vnd(computed)} {unit} "
        f"(chênh lệch {vnd(difference)} {unit})",
        "Đối chiếu lại với biểu mẫu đã được phê duyệt: sửa dòng tổng hoặc dòng chi tiết bị sai.",
    )


def _table_problems(
    table: BudgetTable, path: FieldPath, label: str, unit: str
) -> Iterator[Problem]:
    for amount, amount_title in AMOUNT_TITLES.items():
        stated = getattr(table.total, amount) if table.total else None
        if stated is not None:
            computed = _sum(table.lines, amount)
            if stated != computed:
                yield _mismatch(
                    (*path, "total", amount), f"Tổng {amount_title} {label}", stated, computed, unit
                )
    yield from _lines_problems(table.lines, (*path, "lines"), unit)


def _lines_problems(lines: list[BudgetLine], path: FieldPath, unit: str) -> Iterator[Problem]:
    for index, line in enumerate(lines):
        if not line.lines:
            continue
        for amount, amount_title in AMOUNT_TITLES.items():
            stated = getattr(line, amount)
            if stated is not None:
                computed = _sum(line.lines, amount)
                if stated != computed:
                    yield _mismatch(
                        (*path, index, amount),
                        f"Số {amount_title} của dòng {line.code} ({line.name})",
                        stated,
                        computed,
                        unit,
                    )
        yield from _lines_problems(line.lines, (*path, index, "lines"), unit)
