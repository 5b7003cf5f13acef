"""The commune budget forms a clerk can name instead of spelling out their columns.

Circular 343/2016/TT-BTC (budget years up to 2025) numbers the commune forms 103 to 120, suffix
"/CK TC-NSNN". The column sets below are the ones the forms usually print: a commune's own copy
may add or drop a column, in which case the YAML lists its columns and they win over these.
From budget year 2026 (Decree 73/2026, Circular 26/2026/TT-BTC Art. 26) there are no commune form
numbers: the tables follow what the council approves and the province's templates; the entries
keyed `nd73-...` are the layouts those usually take, and any other layout is written out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.vn.text import fold

MEASURE_TITLES = {
    "du-toan": "Dự toán",
    "uoc-thuc-hien": "Ước thực hiện",
    "thuc-hien": "Thực hiện",
    "luy-ke": "Lũy kế từ đầu năm",
    "quyet-toan": "Quyết toán",
    "da-giao": "Dự toán đã giao",
    "dieu-chinh": "Điều chỉnh tăng (+), giảm (-)",
    "sau-dieu-chinh": "Dự toán sau điều chỉnh",
    "so-sanh": "So sánh (%)",
    "khac": "Khác",
}
"""What a column reports; the charts and the summary read the estimate and execution columns."""

KIND_TITLES = {
    "can-doi": "Cân đối ngân sách xã",
    "thu": "Thu ngân sách xã",
    "chi": "Chi ngân sách xã",
    "chi-dau-tu": "Chi đầu tư phát triển",
    "tai-chinh-khac": "Các hoạt động tài chính khác của xã",
    "khac": "Bảng số liệu",
}


@dataclass(frozen=True)
class FormColumn:
    key: str
    label: str
    group: str | None = None
    kind: str = "money"
    formula: str | None = None
    measure: str | None = None
    scope: str | None = None


@dataclass(frozen=True)
class Form:
    number: str
    """`104/CK TC-NSNN`."""
    title: str
    """The title as printed, without the year: "Dự toán thu ngân sách xã"."""
    kind: str
    stage: str
    """What the form is for, as printed in brackets under the title."""
    columns: tuple[FormColumn, ...]


def _split(first: int, groups: tuple[tuple[str, str], ...]) -> tuple[FormColumn, ...]:
    """Revenue forms: each group split into THU NSNN (state revenue on the territory) and THU NSX
    (the commune's own share); the comparison columns divide the later by the earlier."""
    columns: list[FormColumn] = []
    key = first
    for group, measure in groups:
        for label, scope in (("Thu NSNN", "nsnn"), ("Thu NSX", "nsx")):
            columns.append(FormColumn(str(key), label, group, measure=measure, scope=scope))
            key += 1
    if len(groups) == 2:
        for offset, (label, scope) in enumerate((("Thu NSNN", "nsnn"), ("Thu NSX", "nsx"))):
            a, b = first + offset, first + 2 + offset
            columns.append(
                FormColumn(
                    str(key),
                    label,
                    "So sánh (%)",
                    kind="percent",
                    formula=f"{b}/{a}",
                    measure="so-sanh",
                    scope=scope,
                )
            )
            key += 1
    return tuple(columns)


def _pair(before: tuple[str, str], after: tuple[str, str]) -> tuple[FormColumn, ...]:
    return (
        FormColumn("1", before[0], measure=before[1]),
        FormColumn("2", after[0], measure=after[1]),
        FormColumn("3", "So sánh (%)", kind="percent", formula="2/1", measure="so-sanh"),
    )


_OUTTURN = ("Ước thực hiện năm hiện hành", "uoc-thuc-hien")
_DRAFT = ("Dự toán năm kế hoạch", "du-toan")
_ESTIMATE = ("Dự toán năm", "du-toan")
_EXECUTED = ("Thực hiện", "luy-ke")
_ACCOUNTS = ("Quyết toán", "quyet-toan")

_OTHER_FINANCE = (
    FormColumn("1", "Số dư đầu năm", measure="khac"),
    FormColumn("2", "Số thu", measure="khac"),
    FormColumn("3", "Số chi", measure="khac"),
    FormColumn("4", "Số dư cuối năm", formula="1+2-3", measure="khac"),
)


def _investment(last: tuple[str, str], *, compare: bool) -> tuple[FormColumn, ...]:
    columns = [
        FormColumn("1", "Địa điểm xây dựng", kind="text"),
        FormColumn("2", "Thời gian khởi công - hoàn thành", kind="text"),
        FormColumn("3", "Tổng mức đầu tư được duyệt", measure="khac"),
        FormColumn("4", "Lũy kế vốn đã bố trí đến hết năm trước", measure="khac"),
        FormColumn("5", last[0], measure=last[1]),
    ]
    if compare:
        columns[4] = FormColumn("5", "Dự toán", measure="du-toan")
        columns.append(FormColumn("6", "Quyết toán", measure="quyet-toan"))
        columns.append(
            FormColumn("7", "So sánh (%)", kind="percent", formula="6/5", measure="so-sanh")
        )
    return tuple(columns)


_DRAFT_STAGE = "Dự toán trình Hội đồng nhân dân"
_APPROVED_STAGE = "Dự toán đã được Hội đồng nhân dân quyết định"
_EXECUTION_STAGE = "Tình hình thực hiện quý, 6 tháng, năm"
_ACCOUNTS_STAGE = "Quyết toán đã được Hội đồng nhân dân phê chuẩn"

FORMS: dict[str, Form] = {
    f.number: f
    for f in (
        Form(
            "103/CK TC-NSNN",
            "Cân đối ngân sách xã",
            "can-doi",
            _DRAFT_STAGE,
            _pair(_OUTTURN, _DRAFT),
        ),
        Form(
            "104/CK TC-NSNN",
            "Dự toán thu ngân sách xã",
            "thu",
            _DRAFT_STAGE,
            _split(
                1,
                (
                    ("Ước thực hiện năm hiện hành", "uoc-thuc-hien"),
                    ("Dự toán năm kế hoạch", "du-toan"),
                ),
            ),
        ),
        Form(
            "105/CK TC-NSNN",
            "Dự toán chi ngân sách xã",
            "chi",
            _DRAFT_STAGE,
            _pair(_OUTTURN, _DRAFT),
        ),
        Form(
            "106/CK TC-NSNN",
            "Dự toán chi đầu tư phát triển của ngân sách xã",
            "chi-dau-tu",
            _DRAFT_STAGE,
            _investment(("Dự toán năm kế hoạch", "du-toan"), compare=False),
        ),
        Form(
            "107/CK TC-NSNN",
            "Dự toán các hoạt động tài chính khác của xã",
            "tai-chinh-khac",
            _DRAFT_STAGE,
            _OTHER_FINANCE,
        ),
        Form(
            "108/CK TC-NSNN",
            "Cân đối ngân sách xã",
            "can-doi",
            _APPROVED_STAGE,
            (FormColumn("1", "Dự toán năm", measure="du-toan"),),
        ),
        Form(
            "109/CK TC-NSNN",
            "Dự toán thu ngân sách xã",
            "thu",
            _APPROVED_STAGE,
            _split(1, (("Dự toán năm", "du-toan"),)),
        ),
        Form(
            "110/CK TC-NSNN",
            "Dự toán chi ngân sách xã",
            "chi",
            _APPROVED_STAGE,
            (FormColumn("1", "Dự toán năm", measure="du-toan"),),
        ),
        Form(
            "111/CK TC-NSNN",
            "Dự toán chi đầu tư phát triển của ngân sách xã",
            "chi-dau-tu",
            _APPROVED_STAGE,
            _investment(("Dự toán năm", "du-toan"), compare=False),
        ),
        Form(
            "112/CK TC-NSNN",
            "Dự toán các hoạt động tài chính khác của xã",
            "tai-chinh-khac",
            _APPROVED_STAGE,
            _OTHER_FINANCE,
        ),
        Form(
            "113/CK TC-NSNN",
            "Cân đối ngân sách xã",
            "can-doi",
            _EXECUTION_STAGE,
            _pair(_ESTIMATE, _EXECUTED),
        ),
        Form(
            "114/CK TC-NSNN",
            "Thực hiện thu ngân sách xã",
            "thu",
            _EXECUTION_STAGE,
            _split(1, (("Dự toán năm", "du-toan"), ("Thực hiện", "luy-ke"))),
        ),
        Form(
            "115/CK TC-NSNN",
            "Thực hiện chi ngân sách xã",
            "chi",
            _EXECUTION_STAGE,
            _pair(_ESTIMATE, _EXECUTED),
        ),
        Form(
            "116/CK TC-NSNN",
            "Quyết toán cân đối ngân sách xã",
            "can-doi",
            _ACCOUNTS_STAGE,
            _pair(_ESTIMATE, _ACCOUNTS),
        ),
        Form(
            "117/CK TC-NSNN",
            "Quyết toán thu ngân sách xã",
            "thu",
            _ACCOUNTS_STAGE,
            _split(1, (("Dự toán", "du-toan"), ("Quyết toán", "quyet-toan"))),
        ),
        Form(
            "118/CK TC-NSNN",
            "Quyết toán chi ngân sách xã",
            "chi",
            _ACCOUNTS_STAGE,
            _pair(_ESTIMATE, _ACCOUNTS),
        ),
        Form(
            "119/CK TC-NSNN",
            "Quyết toán chi đầu tư phát triển của ngân sách xã",
            "chi-dau-tu",
            _ACCOUNTS_STAGE,
            _investment(_ACCOUNTS, compare=True),
        ),
        Form(
            "120/CK TC-NSNN",
            "Quyết toán các hoạt động tài chính khác của xã",
            "tai-chinh-khac",
            _ACCOUNTS_STAGE,
            _OTHER_FINANCE,
        ),
        # From budget year 2026: no form numbers; the usual shapes of the council's tables and the
        # province's execution template, named so that a clerk need not list their columns.
        Form(
            "nd73-du-toan",
            "Dự toán thu, chi ngân sách xã",
            "khac",
            "Biểu do Hội đồng nhân dân xã quyết định",
            (FormColumn("1", "Dự toán năm", measure="du-toan"),),
        ),
        Form(
            "nd73-thuc-hien",
            "Tình hình thực hiện dự toán ngân sách xã",
            "khac",
            "Biểu mẫu của tỉnh (quý, 6 tháng, 9 tháng, năm)",
            (
                FormColumn("1", "Dự toán năm", measure="du-toan"),
                FormColumn("2", "Thực hiện trong kỳ", measure="thuc-hien"),
                FormColumn("3", "Lũy kế từ đầu năm", measure="luy-ke"),
                FormColumn(
                    "4",
                    "So sánh lũy kế với dự toán (%)",
                    kind="percent",
                    formula="3/1",
                    measure="so-sanh",
                ),
            ),
        ),
        Form(
            "nd73-quyet-toan",
            "Quyết toán thu, chi ngân sách xã",
            "khac",
            "Biểu do Hội đồng nhân dân xã phê chuẩn",
            _pair(_ESTIMATE, _ACCOUNTS),
        ),
        Form(
            "dieu-chinh",
            "Điều chỉnh dự toán ngân sách xã",
            "khac",
            "Nghị quyết điều chỉnh dự toán của Hội đồng nhân dân xã",
            (
                FormColumn("1", "Dự toán đã giao", measure="da-giao"),
                FormColumn("2", "Điều chỉnh tăng (+), giảm (-)", measure="dieu-chinh"),
                FormColumn("3", "Dự toán sau điều chỉnh", formula="1+2", measure="sau-dieu-chinh"),
            ),
        ),
    )
}


def find_form(name: str) -> Form | None:
    """`104/CK TC-NSNN`, `Biểu số 104/CK TC-NSNN`, `104` or `biểu 104` -> form 104."""
    key = fold(name).lower()
    for number, form in FORMS.items():
        if fold(number).lower() == key:
            return form
    match = re.search(r"\b(1[01]\d|120)\b", key)
    if match and ("ck" in key or re.fullmatch(r"(bieu( so)?\s*)?\d{3}", key.strip())):
        return FORMS.get(f"{match.group(1)}/CK TC-NSNN")
    return None


UNITS: dict[str, int] = {
    "dong": 1,
    "1000 dong": 1_000,
    "1 000 dong": 1_000,
    "nghin dong": 1_000,
    "ngan dong": 1_000,
    "trieu dong": 1_000_000,
    "1000000 dong": 1_000_000,
    "1 000 000 dong": 1_000_000,
    "ty dong": 1_000_000_000,
    "nghin-dong": 1_000,
    "trieu-dong": 1_000_000,
}
"""The units forms print, folded (no tone marks, lower case, dots and spaces as one space)."""


def unit_key(text: str) -> str:
    folded = fold(text).lower().replace("đ", "d")
    folded = re.sub(r"^(don vi( tinh)?|dvt)\s*:?\s*", "", folded.strip())
    folded = re.sub(r"(?<=\d)[.,](?=\d{3})", " ", folded)
    return " ".join(folded.replace(":", " ").strip(" .()").split())


def unit_factor(text: str) -> int | None:
    """How many đồng one unit is: `1000 đồng` -> 1000; None for a unit not known (never guess)."""
    return UNITS.get(unit_key(text))
