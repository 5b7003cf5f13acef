"""Budget tables as the form prints them, and a plain summary above each.

The table keeps the form's headers (a two-level header as colspan and rowspan), its column-number
row ("A B 1 2 5=3/1") and its row order; every figure cell names its column (`data-label`) so that
below a phone's breakpoint the stylesheet shows each row as a card of "label: value" lines, with
every figure on screen and no JavaScript needed. Figures are printed as signed, in the unit the
form prints, which is written above the table and, on a phone, after each figure (`data-unit`: a
card far below the unit line still reads right). A column the form leaves blank in every row was
not published: its cells say so ("–", chưa công bố) rather than vanish from the phone's cards.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from generator.types.ngan_sach import Budget, Column, Table, numeric
from generator.types.record import Record
from generator.validate.budget import (
    ACTUAL_MEASURES,
    ESTIMATE_MEASURES,
    column_total,
    measure_column,
)
from generator.vn.formatting import vnd
from generator.vn.text import fold


def cell_text(value: object, column: Column) -> str:
    """A cell as printed: `1.234.567`, `-500.000.000`, `105,23`, `1.234,5`, `-` for nil."""
    if value is None:
        return ""
    if value == "-":
        return "-"
    if isinstance(value, str):
        return value
    printed = column.decimals
    if isinstance(value, int | float) and printed and _places(value) <= printed:
        # The form's own precision: "110,50" keeps the zero YAML drops from 110.50.
        return _decimal_text(value, printed)
    if isinstance(value, int) and not isinstance(value, bool):
        return vnd(value)
    if isinstance(value, float):
        # Every decimal written is shown: a figure is never rounded for display.
        text = _decimal_text(value, _places(value))
        return text.rstrip("0").rstrip(",") if "," in text else text
    return str(value)


def _places(value: float) -> int:
    """How many decimals the figure was written with: 110.5 -> 1, 333.3333 -> 4."""
    text = repr(float(value))
    return len(text.split(".")[1].rstrip("0")) if "." in text and "e" not in text else 0


def _decimal_text(value: float, decimals: int) -> str:
    text = f"{abs(value):,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return ("-" if value < 0 else "") + text


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


# Abbreviations the forms print in column headings, spelled out for residents once a page.
ABBREVIATIONS = {"NSX": "ngân sách xã", "NSNN": "ngân sách nhà nước"}
_ABBREVIATION = re.compile(r"\b(" + "|".join(ABBREVIATIONS) + r")\b")

UNPUBLISHED = "chưa công bố"


def _heading_html(text: str) -> str:
    """A heading escaped, each abbreviation in an <abbr> whose title spells it out."""
    return _ABBREVIATION.sub(
        lambda m: f'<abbr title="{ABBREVIATIONS[m.group(1)]}">{m.group(1)}</abbr>', _e(text)
    )


def abbreviations(tables: Iterable[Table]) -> str:
    """The legend for the abbreviations the tables use: `NSX: ngân sách xã; NSNN: ...`."""
    used: set[str] = set()
    for table in tables:
        for column in table.columns:
            used.update(_ABBREVIATION.findall(column.heading))
        for row in table.rows:
            used.update(_ABBREVIATION.findall(row.name))
    return "; ".join(f"{short}: {long}" for short, long in ABBREVIATIONS.items() if short in used)


def unpublished_columns(table: Table) -> list[Column]:
    """The figure columns blank in every row: printed on the form but left unfilled."""
    if not table.rows:
        return []
    return [
        column
        for column in table.columns
        if column.kind != "text"
        and not any(cell_text(cells.get(column.key), column) for cells in table.cells)
    ]


def _unpublished_cell(column: Column) -> str:
    return (
        f'<td class="ck-form__{column.kind} ck-form__unpublished" data-col="{_e(column.key)}" '
        f'data-label="{_e(column.heading)}" title="{UNPUBLISHED}">–'
        f'<span class="ck-form__why"> ({UNPUBLISHED})</span></td>'
    )


def _column_heading(column: Column, unpublished: bool) -> str:
    note = f'<br><span class="ck-form__why">({UNPUBLISHED})</span>' if unpublished else ""
    return _heading_html(column.label) + note


def table_html(table: Table) -> str:
    """The table as HTML (Markdown cannot span header cells)."""
    columns = table.columns
    blank = {column.key for column in unpublished_columns(table)}
    grouped = table.has_groups
    head_rows = 2 if grouped else 1
    span = f' rowspan="{head_rows}"' if grouped else ""
    first = [
        f'<th scope="col"{span}>STT</th>',
        f'<th scope="col"{span}>{_e(table.name_label)}</th>',
    ]
    second: list[str] = []
    index = 0
    while index < len(columns):
        column = columns[index]
        if column.group:
            members = [column]
            while (
                index + len(members) < len(columns)
                and columns[index + len(members)].group == column.group
            ):
                members.append(columns[index + len(members)])
            first.append(
                f'<th scope="colgroup" colspan="{len(members)}">{_heading_html(column.group)}</th>'
            )
            second += [
                f'<th scope="col">{_column_heading(m, m.key in blank)}</th>' for m in members
            ]
            index += len(members)
        else:
            heading = _column_heading(column, column.key in blank)
            first.append(f'<th scope="col"{span}>{heading}</th>')
            index += 1
    numbers = "".join(f"<td>{_e(c.number)}</td>" for c in columns)
    lines = [
        '<table class="ck-form">',
        "<thead>",
        "<tr>" + "".join(first) + "</tr>",
    ]
    if second:
        lines.append("<tr>" + "".join(second) + "</tr>")
    lines += [
        f'<tr class="ck-form__numbers"><td>A</td><td>B</td>{numbers}</tr>',
        "</thead>",
        "<tbody>",
    ]
    for r, row in enumerate(table.rows):
        cells = table.cells[r]
        classes = [f"ck-form__level-{row.level}"]
        if row.level == 0 or (row.level == 1 and table.children(r)):
            classes.append("ck-form__group")
        parts = [
            f'<td class="ck-form__code">{_e(row.code or "")}</td>',
            f'<th scope="row" class="ck-form__name">{_e(row.name)}'
            + (f'<span class="ck-form__note"> ({_e(row.note)})</span>' if row.note else "")
            + "</th>",
        ]
        for column in columns:
            if column.key in blank:
                parts.append(_unpublished_cell(column))
                continue
            text = cell_text(cells.get(column.key), column)
            kind = f"ck-form__{column.kind}"
            if not text:
                parts.append(f'<td class="{kind} ck-form__blank" data-col="{_e(column.key)}"></td>')
                continue
            negative = (
                isinstance(numeric(cells.get(column.key)), int | float)
                and (numeric(cells.get(column.key)) or 0) < 0
            )
            unit = f' data-unit="{_e(table.unit)}"' if column.kind == "money" else ""
            parts.append(
                f'<td class="{kind}{" ck-form__negative" if negative else ""}" '
                f'data-col="{_e(column.key)}" data-label="{_e(column.heading)}"{unit}>'
                f"{_e(text)}</td>"
            )
        lines.append(f'<tr class="{" ".join(classes)}">' + "".join(parts) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def billions(amount: int | float, factor: int) -> str:
    """An amount in the form's unit as tỷ đồng: `9,97 tỷ đồng`; below one tỷ, triệu đồng."""
    dong = amount * factor
    if abs(dong) >= 1_000_000_000:
        value, unit = dong / 1_000_000_000, "tỷ đồng"
    else:
        value, unit = dong / 1_000_000, "triệu đồng"
    text = f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{text.rstrip('0').rstrip(',')} {unit}"


def _share(part: float, whole: float) -> str:
    return f"{part / whole * 100:.1f}".replace(".", ",") + "%"


SIDE_WORDS = {"thu": "thu", "chi": "chi"}


def _balance_rows(table: Table) -> dict[str, int]:
    """In a balance table, the rows that total revenue and spending ("TỔNG SỐ THU ...")."""
    found: dict[str, int] = {}
    for index, row in enumerate(table.rows):
        words = fold(row.name).lower()
        for side in ("thu", "chi"):
            if side not in found and words.startswith((f"tong so {side}", f"tong {side}")):
                found[side] = index
    return found


def summary(item: Budget, table: Table, records: Iterable[Record] = ()) -> list[str]:
    """Sentences for a resident: the totals in tỷ đồng, the share executed, the largest lines,
    the same report of the previous year, and any amendment's increases and reductions."""
    if table.factor is None:
        return []
    factor = table.factor
    sentences: list[str] = []
    estimate = measure_column(table, ESTIMATE_MEASURES)
    actual = measure_column(table, ACTUAL_MEASURES)
    period = f" {item.partial_period}" if item.partial_period else ""
    actual_word = (
        "quyết toán" if actual and actual.measure == "quyet-toan" else f"thực hiện{period}"
    )
    sides: list[tuple[str, int | None]] = []
    if table.kind in SIDE_WORDS:
        sides.append((SIDE_WORDS[table.kind], None))
    elif table.kind == "can-doi":
        sides += [(side, index) for side, index in _balance_rows(table).items()]
    for side, index in sides:

        def total(column: Column | None, index: int | None = index) -> int | float | None:
            if column is None:
                return None
            if index is not None:
                return table.figure(index, column.key)
            return column_total(table, column)

        planned, done = total(estimate), total(actual)
        parts = []
        if planned is not None:
            parts.append(f"dự toán {billions(planned, factor)}")
        if done is not None:
            text = f"{actual_word} {billions(done, factor)}"
            if planned:
                text += f", đạt {_share(done, planned)} dự toán"
            parts.append(text)
        outturn = total(measure_column(table, ("uoc-thuc-hien",)))
        if outturn is not None and done is None:
            # A draft estimate beside the current year's estimated outturn (forms 103–105).
            text = f"ước thực hiện năm {item.year - 1} {billions(outturn, factor)}"
            if planned is not None and outturn:
                text += f" (dự toán bằng {_share(planned, outturn)} số ước thực hiện)"
            parts.append(text)
        if parts:
            sentences.append(f"Tổng {side} ngân sách xã: " + "; ".join(parts) + ".")
        previous = _previous_year(item, table, records)
        if previous is not None and (done is not None or planned is not None):
            last_table, last_item = previous
            column = actual if done is not None else estimate
            assert column is not None
            measure = measure_column(
                last_table, (column.measure,) if column.measure else ESTIMATE_MEASURES
            )
            before = column_total(last_table, measure)
            now = done if done is not None else planned
            if before and now is not None and last_table.factor:
                change = now * factor / (before * last_table.factor) - 1
                word = "tăng" if change >= 0 else "giảm"
                sentences.append(
                    f"Cùng kỳ năm {last_item.year}: {billions(before, last_table.factor)}; năm nay "
                    f"{word} {_share(abs(change), 1)}."
                )
    if table.kind in SIDE_WORDS:
        sentences += _largest(table, actual or estimate, factor)
    sentences += _amendments(table)
    return sentences


def _largest(table: Table, column: Column | None, factor: int) -> list[str]:
    if column is None:
        return []
    rows = [
        (value, table.rows[i].name)
        for i, row in enumerate(table.rows)
        if row.level == 1 and isinstance(value := table.figure(i, column.key), int | float)
    ]
    rows.sort(reverse=True)
    if len(rows) < 2:
        return []
    # Row names are capitalised as headings; in a sentence only the first word of it is.
    named = ", ".join(
        f"{_in_sentence(name.rstrip('.')) if n else name.rstrip('.')} ({billions(value, factor)})"
        for n, (value, name) in enumerate(rows[:3])
    )
    return [f"Các khoản lớn nhất: {named}."]


def _in_sentence(name: str) -> str:
    """`Các khoản thu phân chia` -> `các khoản thu phân chia`; an acronym (`UBND`) stays."""
    first = name.split(" ", 1)[0]
    return name if first.isupper() and len(first) > 1 else name[:1].lower() + name[1:]


def _amendments(table: Table) -> list[str]:
    column = measure_column(table, ("dieu-chinh",))
    if column is None:
        return []
    # A change inside a group already listed is part of that group's change: said as "trong
    # đó", so that the listed changes add up to the total's (a reader sums the lines).
    listed: list[tuple[str, list[str]]] = []
    ancestors: list[tuple[int, bool]] = []  # (level, listed) of the rows above, outermost first
    for index, row in enumerate(table.rows):
        while ancestors and ancestors[-1][0] >= row.level:
            ancestors.pop()
        value = numeric(table.cells[index].get(column.key))
        changed = bool(value) and row.level > 0
        inside = any(was_listed for _, was_listed in ancestors)
        ancestors.append((row.level, changed and not inside))
        if not changed or value is None:
            continue
        amount = f"{vnd(abs(round(value)))} {table.unit}"
        if inside and listed:
            word = "giảm" if value < 0 else "tăng"
            listed[-1][1].append(f"{_in_sentence(row.name.rstrip('.'))} {word} {amount}")
        else:
            word = "Giảm" if value < 0 else "Tăng"
            listed.append((f"{word} {amount}: {row.name.rstrip('.')}", []))
    return [
        f"{head} (trong đó {'; '.join(parts)})." if parts else f"{head}." for head, parts in listed
    ]


def _previous_year(
    item: Budget, table: Table, records: Iterable[Record]
) -> tuple[Table, Budget] | None:
    for record in records:
        other = record.item
        if isinstance(other, Budget) and other.year == item.year - 1 and other.phase == item.phase:
            match = next((t for t in other.published_tables if t.kind == table.kind), None)
            if match is not None:
                return match, other
    return None


def template_globals() -> dict[str, object]:
    return {
        "budget_table_html": table_html,
        "budget_summary": summary,
        "budget_abbreviations": abbreviations,
        "budget_unpublished_columns": unpublished_columns,
    }
