"""Statistics on residents' questions, per year and per topic (as Alaveteli shows per body)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from generator.types.hoi_dap import Question
from generator.types.record import Record
from generator.vn.workdays import working_days_between


@dataclass(frozen=True)
class QuestionStats:
    label: str
    received: int
    answered: int
    on_time: int
    median_days: float | None
    """Median working days from receipt to answer, over answered questions."""
    overdue: int
    """Unanswered and past the due date on the day of the build."""


def question_stats(
    records: Iterable[Record], working_days: int, as_of: dt.date, *, by: str
) -> list[QuestionStats]:
    """Rows grouped `by` "year" (newest first) or "topic" (alphabetical)."""
    groups: dict[str, list[Question]] = defaultdict(list)
    for record in records:
        if isinstance(record.item, Question) and record.item.tracked:
            key = str(record.year) if by == "year" else record.item.topic or ""
            groups[key].append(record.item)
    rows = [_row(label, items, working_days, as_of) for label, items in groups.items()]
    return sorted(rows, key=lambda r: r.label, reverse=by == "year")


QUARTER_NAMES = ("I", "II", "III", "IV")


def question_quarters(
    records: Iterable[Record], working_days: int, as_of: dt.date
) -> list[QuestionStats]:
    """Rows per quarter of receipt ("Quý I/2025"), oldest first: how the answering keeps pace."""
    groups: dict[tuple[int, int], list[Question]] = defaultdict(list)
    for record in records:
        if isinstance(record.item, Question) and record.item.received:
            received = record.item.received
            groups[(received.year, (received.month - 1) // 3)].append(record.item)
    return [
        _row(f"Quý {QUARTER_NAMES[quarter]}/{year}", groups[(year, quarter)], working_days, as_of)
        for year, quarter in sorted(groups)
    ]


def _row(label: str, items: list[Question], working_days: int, as_of: dt.date) -> QuestionStats:
    statuses = [q.status(working_days, as_of) for q in items]
    days = [
        working_days_between(q.received, q.answered) for q in items if q.answered and q.received
    ]
    return QuestionStats(
        label=label,
        received=len(items),
        answered=sum(s in ("answered", "late") for s in statuses),
        on_time=statuses.count("answered"),
        median_days=statistics.median(days) if days else None,
        overdue=statuses.count("overdue"),
    )
