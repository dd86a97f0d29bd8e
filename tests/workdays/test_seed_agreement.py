"""The seeded calendar (2004–2026 from chinesecalendar at migrate time) agrees with chinesecalendar on every day."""
import datetime as dt

import chinese_calendar
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

D = dt.date


def reference_is_working(day):
    return chinese_calendar.is_workday(day)


def naive_add(day, n):
    step = 1 if n > 0 else -1
    left = abs(n)
    while left:
        day += dt.timedelta(days=step)
        if reference_is_working(day):
            left -= 1
    return day


def naive_between(a, b):
    if b >= a:
        return sum(reference_is_working(a + dt.timedelta(days=k)) for k in range(1, (b - a).days + 1))
    return -sum(reference_is_working(b + dt.timedelta(days=k)) for k in range((a - b).days))


def test_every_day_2004_to_2026_agrees(seeded_calendar):
    day, disagreements = D(2004, 1, 1), []
    while day <= D(2026, 12, 31):
        if seeded_calendar.is_working_day(day) != reference_is_working(day):
            disagreements.append(day)
        day += dt.timedelta(days=1)
    assert disagreements == []
    assert not seeded_calendar.provisional_between(D(2004, 1, 1), D(2026, 12, 31))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 12, 31)))
def test_is_working_day_property(seeded_calendar, day):
    assert seeded_calendar.is_working_day(day) == reference_is_working(day)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dates(min_value=D(2005, 1, 1), max_value=D(2025, 12, 31)), st.integers(min_value=-240, max_value=240))
def test_add_working_days_against_naive_reference(seeded_calendar, day, n):
    assert seeded_calendar.add_working_days(day, n) == naive_add(day, n)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 12, 31)),
    st.integers(min_value=-400, max_value=400),
)
def test_working_days_between_against_naive_reference(seeded_calendar, a, offset):
    b = a + dt.timedelta(days=offset)
    if not (D(2004, 1, 1) <= b <= D(2026, 12, 31)):
        b = a - dt.timedelta(days=offset)
    assert seeded_calendar.working_days_between(a, b) == naive_between(a, b)
