"""Working days in Vietnam, from the `holidays` package.

It knows the public holidays, the days off moved by Government decision and the Saturdays worked
in exchange (26 Apr 2025 was a working day so that 2 May could be a day off).

Each year's days off are listed once, when that year is first asked about: a deadline check
asks thousands of times a build.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from holidays import HolidayBase

_ONE_DAY = dt.timedelta(days=1)


@cache
def _calendar() -> HolidayBase:
    import holidays  # here: importing it loads every country's calendar, and most runs need none

    return holidays.country_holidays("VN")


@cache
def _off(year: int) -> frozenset[dt.date]:
    """Every day of `year` that is not a working day (weekends, holidays, days off moved)."""
    calendar = _calendar()
    day, off = dt.date(year, 1, 1), set()
    while day.year == year:
        if not calendar.is_working_day(day):
            off.add(day)
        day += _ONE_DAY
    return frozenset(off)


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
