"""The 2026 notice as docs/rules.md states it: the seed (and chinesecalendar) must match it exactly."""
import datetime as dt

import chinese_calendar
import pytest

from yiwang.workdays.models import CalendarDay, CalendarYear
from yiwang.workdays.services import get_calendar

D = dt.date


def _span(a, b):
    return {a + dt.timedelta(days=k) for k in range((b - a).days + 1)}


RULES_2026_DAYS_OFF = (
    _span(D(2026, 1, 1), D(2026, 1, 3)) | _span(D(2026, 2, 15), D(2026, 2, 23)) | _span(D(2026, 4, 4), D(2026, 4, 6))
    | _span(D(2026, 5, 1), D(2026, 5, 5)) | _span(D(2026, 6, 19), D(2026, 6, 21)) | _span(D(2026, 9, 25), D(2026, 9, 27))
    | _span(D(2026, 10, 1), D(2026, 10, 7))
)
RULES_2026_ADJUSTED = {D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)}


@pytest.mark.django_db
def test_seeded_2026_is_exactly_the_notice():
    year = CalendarYear.objects.get(year=2026)
    assert year.status == CalendarYear.Status.ANNOUNCED
    assert set(year.days.filter(kind=CalendarDay.Kind.HOLIDAY).values_list("date", flat=True)) == RULES_2026_DAYS_OFF
    assert set(year.days.filter(kind=CalendarDay.Kind.WORKDAY).values_list("date", flat=True)) == RULES_2026_ADJUSTED
    assert year.days.get(date=D(2026, 2, 17)).name == "春节"
    assert year.days.get(date=D(2026, 10, 10)).name == "国庆节"


def test_chinesecalendar_agrees_with_the_notice():
    off = {d for d in _span(D(2026, 1, 1), D(2026, 12, 31)) if chinese_calendar.is_holiday(d) and d.weekday() < 5}
    assert off == {d for d in RULES_2026_DAYS_OFF if d.weekday() < 5}
    assert {d for d in _span(D(2026, 1, 1), D(2026, 12, 31)) if chinese_calendar.is_workday(d) and d.weekday() >= 5} == RULES_2026_ADJUSTED


@pytest.mark.django_db
@pytest.mark.parametrize(
    "start, n, expected",
    [
        # After 9/30 come 10/1–7 off; Thursday 10/8 is the first working day (10/9 is the second).
        (D(2026, 9, 30), 1, D(2026, 10, 8)),
        (D(2026, 9, 30), 2, D(2026, 10, 9)),
        (D(2026, 9, 30), 3, D(2026, 10, 10)),  # adjusted Saturday
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # adjusted Saturday before 春节
        (D(2026, 2, 14), 1, D(2026, 2, 24)),
        (D(2026, 9, 24), 0, D(2026, 9, 24)),  # immediate item: due the same day
        (D(2026, 10, 8), -1, D(2026, 9, 30)),
        (D(2026, 1, 5), -1, D(2026, 1, 4)),  # adjusted Sunday counts backwards too
        (D(2026, 3, 2), 20, D(2026, 3, 30)),  # 行政许可法 art. 42: 20 working days
    ],
)
def test_examples(start, n, expected):
    calendar = get_calendar()
    assert calendar.add_working_days(start, n) == expected
    assert calendar.working_days_between(start, expected) == n


@pytest.mark.django_db
def test_2026_flags():
    calendar = get_calendar()
    assert not calendar.is_working_day(D(2026, 10, 1))
    assert calendar.is_working_day(D(2026, 10, 10))  # Saturday, adjusted
    assert not calendar.is_working_day(D(2026, 10, 11))
    assert calendar.working_days_in_year(2026) == 248
