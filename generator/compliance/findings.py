"""Stage 3: date-driven checks against the records, as of a given day.

The dated legal rules are evaluated by generator/compliance/ (the report is passed in); this stage
turns the report's failures into warnings and adds the commune's own time limit for answering
questions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from generator.compliance.evaluate import Report
from generator.compliance.report import report_diagnostics
from generator.diagnostics import Diagnostic, diagnostic
from generator.types.hoi_dap import Question
from generator.types.record import Record
from generator.types.site import SiteConfig
from generator.vn.formatting import vn_date


def check(
    records: Iterable[Record], site: SiteConfig, as_of: dt.date, report: Report | None = None
) -> list[Diagnostic]:
    found = list(_question_deadlines(records, site, as_of))
    if report is not None:
        found += report_diagnostics(report)
    return found


def _question_deadlines(
    records: Iterable[Record], site: SiteConfig, as_of: dt.date
) -> Iterator[Diagnostic]:
    days = site.qa_answer_working_days
    for record in records:
        item = record.item
        if not isinstance(item, Question) or not item.tracked:
            continue
        due = item.due_date(days)
        status = item.status(days, as_of)
        if status == "late":
            yield diagnostic(
                "CK201",
                f"trả lời ngày {vn_date(item.answered)}, quá hạn {vn_date(due)} "
                f"({days} ngày làm việc từ ngày tiếp nhận)",
                record.source.name,
                record.source.locate(("answered",)),
                field="answered",
            )
        elif status == "overdue":
            yield diagnostic(
                "CK202",
                f"đến ngày {vn_date(as_of)} chưa trả lời; hạn là {vn_date(due)}",
                record.source.name,
                record.source.locate(("received",)),
                field="received",
            )
