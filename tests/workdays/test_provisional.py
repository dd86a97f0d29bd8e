"""Provisional years 2027–2035 (statutory rules, 13 days, no adjustments) and loading the announced year."""
import datetime as dt

import chinese_calendar
import pytest
from django.db import connection

from yiwang.workdays import seed, services
from yiwang.workdays.models import CalendarDay, CalendarStamp, CalendarYear
from yiwang.workdays.signals import calendar_changed

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", range(2027, 2036))
def test_each_provisional_year_has_13_statutory_days_and_no_adjustments(year):
    row = CalendarYear.objects.get(year=year)
    assert row.status == CalendarYear.Status.PROVISIONAL
    statutory = row.days.filter(kind=CalendarDay.Kind.HOLIDAY).exclude(name__endswith=seed.MAKE_UP_SUFFIX)
    assert statutory.count() == 13
    assert not row.days.filter(kind=CalendarDay.Kind.WORKDAY).exists()
    # 补假: one make-up day (a weekday) for each statutory day that falls on a Saturday or Sunday
    made_up = row.days.filter(name__endswith=seed.MAKE_UP_SUFFIX)
    assert made_up.count() == sum(1 for d in statutory.values_list("date", flat=True) if d.weekday() >= 5)
    assert all(d.weekday() < 5 for d in made_up.values_list("date", flat=True))
    names = list(statutory.values_list("name", flat=True))
    assert names.count("春节") == 4 and names.count("国庆节") == 3 and names.count("劳动节") == 2
    assert names.count("元旦") == names.count("清明节") == names.count("端午节") == names.count("中秋节") == 1
    days = set(statutory.values_list("date", flat=True))
    assert {D(year, 1, 1), D(year, 5, 1), D(year, 5, 2), D(year, 10, 1), D(year, 10, 2), D(year, 10, 3)} <= days
    spring = sorted(statutory.filter(name="春节").values_list("date", flat=True))
    assert [(d - spring[0]).days for d in spring] == [0, 1, 2, 3]  # 4 consecutive days from 除夕


def test_2027_days():
    assert seed.provisional_holidays(2027) == {
        D(2027, 1, 1): "元旦",
        D(2027, 2, 5): "春节", D(2027, 2, 6): "春节", D(2027, 2, 7): "春节", D(2027, 2, 8): "春节",  # 除夕 2/5
        D(2027, 4, 5): "清明节",
        D(2027, 5, 1): "劳动节", D(2027, 5, 2): "劳动节",
        D(2027, 6, 9): "端午节",
        D(2027, 9, 15): "中秋节",
        D(2027, 10, 1): "国庆节", D(2027, 10, 2): "国庆节", D(2027, 10, 3): "国庆节",
    }


def test_2027_make_up_days_follow_each_weekend_holiday():
    """全国年节及纪念日放假办法 art. 6: 除夕 2/5 is a Friday, 2/6–2/7 fall on the weekend → 2/9 and 2/10 off; 5/1–5/2
    (Sat, Sun) → 5/3 and 5/4; 10/2–10/3 (Sat, Sun) → 10/4 and 10/5. 元旦 (Friday) gives none."""
    assert seed.make_up_days(seed.provisional_holidays(2027)) == {
        D(2027, 2, 9): "春节（补假）", D(2027, 2, 10): "春节（补假）",
        D(2027, 5, 3): "劳动节（补假）", D(2027, 5, 4): "劳动节（补假）",
        D(2027, 10, 4): "国庆节（补假）", D(2027, 10, 5): "国庆节（补假）",
    }
    # a holiday on a Saturday: the make-up day skips the Sunday (2028: 元旦 is a Saturday → Monday 1/3)
    assert seed.make_up_days({D(2028, 1, 1): "元旦"}) == {D(2028, 1, 3): "元旦（补假）"}


def test_a_provisional_deadline_across_the_make_up_days():
    """Accepted Friday 2027-04-30: 5/1–5/2 off (weekend) and 5/3–5/4 made up → 5 working days end on 5/11, not 5/7."""
    calendar = services.get_calendar()
    answer = calendar.add_working_days_answer(D(2027, 4, 30), 5)
    assert answer.value == D(2027, 5, 11) and answer.provisional is True


def test_qingming_follows_the_solar_term():
    assert seed.qingming(2028) == D(2028, 4, 4)
    assert seed.qingming(2027) == D(2027, 4, 5)
    for year in range(2008, 2027):  # 清明 has been a holiday since 2008: the rule day is always off
        assert chinese_calendar.is_holiday(seed.qingming(year)), year


def test_mid_autumn_on_national_day_keeps_13_days():
    days = seed.provisional_holidays(2028)  # 中秋 is 10/3 in 2028
    assert days[D(2028, 10, 4)] == "中秋节" and len(days) == 13


def test_rule_days_agree_with_announced_years():
    """The lunar tables behind the provisional years reproduce the announced statutory days."""
    for year in (2025, 2026):  # the 2024 rules (春节 from 除夕, 劳动节 2 days) apply from 2025
        for day in seed.provisional_holidays(year):
            assert chinese_calendar.is_holiday(day), day


def test_a_computation_touching_2027_is_marked_provisional():
    calendar = services.get_calendar()
    answer = calendar.add_working_days_answer(D(2026, 12, 25), 10)
    assert answer.provisional is True
    assert answer.value == D(2027, 1, 11)  # 12/28–31 (4), 1/1 off, 1/4–8 (5), 1/11 the 10th
    assert calendar.working_days_between(D(2026, 12, 25), answer.value) == 10
    assert calendar.add_working_days_answer(D(2026, 3, 2), 20).provisional is False


def test_loading_2027_flips_provisional_and_fires_the_signal(django_capture_on_commit_callbacks, audit_calls):
    received = []

    def receiver(sender, years, **kwargs):
        received.append((years, services.get_calendar().is_provisional(D(2027, 3, 1))))

    calendar_changed.connect(receiver)
    try:
        assert services.get_calendar().is_provisional(D(2027, 3, 1))
        with django_capture_on_commit_callbacks(execute=True):
            services.load_year(
                2027,
                {D(2027, 1, 1): "元旦", **{D(2027, 2, 5) + dt.timedelta(days=k): "春节" for k in range(7)}},
                [D(2027, 2, 13)],
                notice="国办发明电〔2026〕9号",
            )
    finally:
        calendar_changed.disconnect(receiver)
    assert received == [({2027}, False)]  # after commit, receivers already see the new calendar
    calendar = services.get_calendar()
    answer = calendar.add_working_days_answer(D(2026, 12, 25), 10)
    assert answer.provisional is False
    assert calendar.is_working_day(D(2027, 2, 13))  # the adjusted Saturday
    assert not calendar.is_working_day(D(2027, 2, 11))
    row = CalendarYear.objects.get(year=2027)
    assert row.status == CalendarYear.Status.ANNOUNCED and row.notice == "国办发明电〔2026〕9号" and row.revision == 2
    assert row.days.get(date=D(2027, 2, 13)).name == "春节"  # named after the nearest holiday
    assert len(audit_calls) == 1 and audit_calls[0]["action"] == "workdays.year_loaded"
    assert audit_calls[0]["before"]["status"] == "provisional" and audit_calls[0]["after"]["status"] == "announced"


def test_another_process_loading_a_year_is_seen(settings):
    """A worker's cached calendar is rebuilt when the stamp row changes (another process loaded a year)."""
    settings.YIWANG_CALENDAR_CHECK_SECONDS = 3600
    calendar = services.get_calendar()
    assert services.get_calendar() is calendar  # cached
    row = CalendarYear.objects.get(year=2027)
    row.days.all().delete()  # what another process's load would have written …
    row.status = CalendarYear.Status.ANNOUNCED
    row.save()
    CalendarStamp.objects.filter(pk=1).update(token="other-process")
    assert services.get_calendar() is calendar  # … not seen before the check interval …
    settings.YIWANG_CALENDAR_CHECK_SECONDS = 0
    fresh = services.get_calendar()  # … and seen after it
    assert fresh is not calendar and not fresh.is_provisional(D(2027, 3, 1))
    assert fresh.is_working_day(D(2027, 10, 1))  # its holidays are gone in the other process's data


def test_stamp_is_one_cheap_query(django_assert_num_queries):
    services.get_calendar()
    with django_assert_num_queries(1):
        services.get_calendar()
