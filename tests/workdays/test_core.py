"""The pure core on small synthetic calendars, against a naive day-by-day reference."""
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yiwang.workdays.core import Answer, CalendarRangeError, WorkingCalendar

D = dt.date
HOLIDAYS = {D(2030, 1, 1), D(2030, 2, 4), D(2030, 2, 5), D(2030, 10, 1), D(2031, 5, 1), D(2031, 12, 31)}
WORKDAYS = {D(2030, 2, 9), D(2031, 1, 4)}  # a Saturday each
CAL = WorkingCalendar(2030, 2031, holidays=HOLIDAYS, workdays=WORKDAYS, provisional_years=[2031])


def naive_is_working(day):
    return day in WORKDAYS or (day.weekday() < 5 and day not in HOLIDAYS)


def naive_add(day, n):
    step = 1 if n > 0 else -1
    left = abs(n)
    while left:
        day += dt.timedelta(days=step)
        if naive_is_working(day):
            left -= 1
    return day


def naive_between(a, b):
    if b >= a:  # (a, b]
        return sum(naive_is_working(a + dt.timedelta(days=k)) for k in range(1, (b - a).days + 1))
    return -sum(naive_is_working(b + dt.timedelta(days=k)) for k in range((a - b).days))  # [b, a)


dates = st.dates(min_value=D(2030, 1, 1), max_value=D(2031, 12, 31))


@given(dates)
def test_is_working_day_matches_the_definition(day):
    assert CAL.is_working_day(day) == naive_is_working(day)


@given(dates, st.integers(min_value=-200, max_value=200))
def test_add_matches_naive_reference(day, n):
    expected = naive_add(day, n)
    if not (CAL.first <= expected <= CAL.last):
        with pytest.raises(CalendarRangeError):
            CAL.add_working_days(day, n)
        return
    assert CAL.add_working_days(day, n) == expected
    assert CAL.working_days_between(day, expected) == n


@given(dates, dates)
def test_between_matches_naive_reference(a, b):
    assert CAL.working_days_between(a, b) == naive_between(a, b)


def test_zero_days_is_the_day_itself_even_on_a_holiday():
    assert CAL.add_working_days(D(2030, 1, 1), 0) == D(2030, 1, 1)


def test_start_day_is_not_counted_and_adjusted_saturday_counts():
    assert CAL.add_working_days(D(2030, 2, 1), 1) == D(2030, 2, 6)  # Mon 4 and Tue 5 are holidays
    assert CAL.add_working_days(D(2030, 2, 8), 1) == D(2030, 2, 9)  # adjusted Saturday
    assert CAL.add_working_days(D(2030, 2, 6), -1) == D(2030, 2, 1)


def test_dates_outside_the_range_raise_a_chinese_error():
    with pytest.raises(CalendarRangeError, match="超出工作日历的范围"):
        CAL.is_working_day(D(2029, 12, 31))
    with pytest.raises(CalendarRangeError, match="超出工作日历的范围"):
        CAL.add_working_days(D(2031, 12, 20), 20)
    with pytest.raises(CalendarRangeError, match="早于工作日历的起始日"):
        CAL.add_working_days(D(2030, 1, 10), -20)
    with pytest.raises(CalendarRangeError):
        CAL.working_days_between(D(2030, 1, 1), D(2032, 1, 1))


def test_provisional_answers():
    assert CAL.add_working_days_answer(D(2030, 3, 1), 5) == Answer(D(2030, 3, 8), False)
    answer = CAL.add_working_days_answer(D(2030, 12, 25), 10)
    assert answer.provisional and answer.value.year == 2031
    assert CAL.provisional_between(D(2030, 12, 1), D(2031, 1, 1)) is True
    assert CAL.provisional_between(D(2031, 1, 1), D(2030, 12, 1)) is True
    assert CAL.provisional_between(D(2030, 1, 1), D(2030, 12, 31)) is False
    assert CAL.is_provisional(D(2031, 6, 1)) and not CAL.is_provisional(D(2030, 6, 1))
    assert CAL.working_days_between_answer(D(2030, 3, 1), D(2030, 3, 8)) == Answer(5, False)
    assert CAL.is_working_day_answer(D(2031, 1, 4)) == Answer(True, True)


def test_a_day_cannot_be_both_holiday_and_workday():
    with pytest.raises(ValueError):
        WorkingCalendar(2030, 2030, holidays=[D(2030, 2, 9)], workdays=[D(2030, 2, 9)])


def test_lookups_do_not_walk_day_by_day():
    big = WorkingCalendar(2000, 2099)
    # a loop per day would take far longer than a handful of lookups here
    import time

    start = time.perf_counter()
    for _ in range(2000):
        big.add_working_days(D(2000, 1, 3), 25000)
        big.working_days_between(D(2000, 1, 3), D(2099, 12, 1))
    assert time.perf_counter() - start < 0.5
