"""Opening hours → slots (pure core)."""
from datetime import date, time

import pytest

from yiwang.cases.portal import slots as sl


def test_opening_hours_text_is_parsed():
    assert sl.parse_hours("工作日 9:00-12:00，13:30-17:00") == [(time(9), time(12)), (time(13, 30), time(17))]
    assert sl.parse_hours("周六 9：00至12：00") == [(time(9), time(12))]
    assert sl.parse_hours("全天") == []


def test_slots_fit_inside_the_ranges():
    slots = sl.day_slots([(time(9), time(10, 45)), (time(13, 30), time(14, 30))], 30)
    assert [s.label for s in slots] == ["09:00-09:30", "09:30-10:00", "10:00-10:30", "13:30-14:00", "14:00-14:30"]
    with pytest.raises(ValueError):
        sl.day_slots([(time(9), time(10))], 0)


def test_holidays_use_holiday_hours_and_open_only_with_holiday_service():
    assert not sl.hall_open(working_day=False, open_on_holidays=False)
    assert sl.hall_open(working_day=False, open_on_holidays=True)
    assert sl.hours_for(working_day=False, opening_hours="9:00-17:00", holiday_hours="9:00-12:00") == \
        [(time(9), time(12))]
    assert sl.hours_for(working_day=True, opening_hours="无", holiday_hours="") == sl.parse_hours(sl.DEFAULT_HOURS)


def test_bookable_days_start_tomorrow():
    days = sl.bookable_days(date(2026, 3, 2), 3)
    assert days == [date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 5)]
