"""Working days in Vietnam, from the `holidays` package.

It knows the public holidays, the days off moved by Government decision and the Saturdays worked
in exchange (26 Apr 2025 was a working day so that 2 May could be a day off).

The answers come from a table of each year's days off, made from `holidays` the first time a
year is asked about. Asking `holidays` for Vietnam's calendar imports every country it knows
(about 0.06 s, 250 modules), so a build has the table made on the other core while the YAML is
read (`days_off`) and keeps it with the compiled templates (code_cache.py); `remember` hands it
over. A year outside the table is made here, when first asked about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from holidays import HolidayBase

DaysOff = dict[int, frozenset[dt.date]]
"""Every day that is not a working day (weekends, holidays, days off moved), by year."""

_TABLE: DaysOff = {}
_ONE_DAY = dt.timedelta(days=1)


@cache
def _calendar() -> HolidayBase:
    import holidays  # here: importing it costs 0.05 s, and most runs never need it

    return holidays.country_holidays("VN")


def days_off(years: Iterable[int]) -> DaysOff:
    """The days off in `years`, as the `holidays` package gives them."""
    table: DaysOff = {}
    for year in years:
        calendar = _calendar()  # imported on the first year asked for, not when none is
        day, off = dt.date(year, 1, 1), set()
        while day.year == year:
            if not calendar.is_working_day(day):
                off.add(day)
            day += _ONE_DAY
        table[year] = frozenset(off)
    return table


def remember(table: DaysOff) -> None:
    """Answer from `table` (days_off) for its years instead of asking `holidays` again."""
    _TABLE.update(table)


def known() -> DaysOff:
    """The years answered so far, to keep for the next build."""
    return dict(_TABLE)


def _off(year: int) -> frozenset[dt.date]:
    off = _TABLE.get(year)
    if off is None:
        off = _TABLE[year] = days_off([year])[year]
    return off


def is_working_day(day: dt.date) -> bool:
    return day not in _off(day.year)


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The date `count` working days after `start` (the start day itself is not counted)."""
    return _step(start, count, _ONE_DAY)


def subtract_working_days(end: dt.date, count: int) -> dt.date:
    """The date `count` working days before `end` (the end day itself is not counted)."""
    return _step(end, count, -_ONE_DAY if count else _ONE_DAY)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
    count, day = 0, start + _ONE_DAY
    while day <= end:
        count += is_working_day(day)
        day += _ONE_DAY
    return count


def _step(day: dt.date, count: int, step: dt.timedelta) -> dt.date:
    # As holidays' get_nth_working_day: `count` moves of one working day each; with a count of
    # 0, the day itself if it is a working day, else the next one (forward, as holidays does).
    for _ in range(count or 1):
        if count:
            day += step
        while not is_working_day(day):
            day += step
    return day
