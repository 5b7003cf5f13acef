"""Working days answered from the table of days off give what the `holidays` package gives."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from generator.vn import workdays

VN = holidays.country_holidays("VN")
YEARS = range(2015, 2031)
DAYS = [dt.date(2015, 1, 1) + dt.timedelta(days=n) for n in range(0, 16 * 365, 1)]


def test_every_day_from_2015_to_2030_is_a_working_day_exactly_when_holidays_says_so():
    assert [workdays.is_working_day(day) for day in DAYS] == [VN.is_working_day(d) for d in DAYS]


def test_known_exchanges_of_days_off():
    # Decision on the 2025 holidays: Friday 2 May off, Saturday 26 April worked in exchange.
    assert not workdays.is_working_day(dt.date(2025, 5, 2))
    assert workdays.is_working_day(dt.date(2025, 4, 26))
    # Tết 2025: 25 January (Saturday) to 2 February off.
    assert not any(
        workdays.is_working_day(dt.date(2025, 1, 27) + dt.timedelta(d)) for d in range(7)
    )


@pytest.mark.parametrize("count", [0, 1, 3, 5, 15, 30])
def test_adding_and_subtracting_working_days_matches_holidays(count):
    starts = DAYS[:: 7 + count]  # every weekday and season, Tết included, with few calls
    assert [workdays.add_working_days(d, count) for d in starts] == [
        VN.get_nth_working_day(d, count) for d in starts
    ]
    assert [workdays.subtract_working_days(d, count) for d in starts] == [
        VN.get_nth_working_day(d, -count) for d in starts
    ]


def test_working_days_between_counts_after_the_start_up_to_the_end():
    pairs = [(a, a + dt.timedelta(days=n)) for a in DAYS[::97] for n in (0, 1, 6, 40, 200)]
    expected = [
        VN.get_working_days_count(a + dt.timedelta(days=1), b) if b > a else 0 for a, b in pairs
    ]
    assert [workdays.working_days_between(a, b) for a, b in pairs] == expected
    assert workdays.working_days_between(dt.date(2025, 3, 10), dt.date(2025, 3, 1)) == 0
