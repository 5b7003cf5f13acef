"""Working days in Vietnam, from the `holidays` package.

It knows the public holidays, the days off moved by Government decision and the Saturdays worked
in exchange (26 Apr 2025 was a working day so that 2 May could be a day off).
"""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache

import holidays


@cache
def _calendar() -> holidays.HolidayBase:
    # expand=True (the default) loads each year the first time a date in it is asked about.
    return holidays.country_holidays("VN")


# The answers below are memoised: the calendar is fixed, and holidays' own search walks day by
# day through Python (a thousand questions asked the same deadlines cost a tenth of a second).
_MEMO = 1 << 16


@lru_cache(maxsize=_MEMO)
def is_working_day(day: dt.date) -> bool:
    return bool(_calendar().is_working_day(day))


@lru_cache(maxsize=_MEMO)
def add_working_days(start: dt.date, count: int) -> dt.date:
    """The date `count` working days after `start` (the start day itself is not counted)."""
    return _calendar().get_nth_working_day(start, count)


@lru_cache(maxsize=_MEMO)
def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
    if end <= start:
        return 0
    return int(_calendar().get_working_days_count(start + dt.timedelta(days=1), end))


@lru_cache(maxsize=_MEMO)
def subtract_working_days(end: dt.date, count: int) -> dt.date:
    """The date `count` working days before `end` (the end day itself is not counted)."""
    return _calendar().get_nth_working_day(end, -count)
