"""The whole-chain clock over the real working-day calendar: parallel items counted once, builder time, special
procedures and intermediary time apart, each class against its target."""
from datetime import date

import pytest

from yiwang.projects.conf import target_days
from yiwang.projects.domain import clock as ck
from yiwang.projects.domain.classes import Kind
from yiwang.workdays.services import get_calendar

pytestmark = pytest.mark.django_db


def span(key, stage, start, end, *pauses):
    return ck.Span(key=key, stage=stage, start=start, end=end, pauses=tuple(pauses))


def test_parallel_items_are_counted_once():
    cal = get_calendar()
    # 2026-03-02 is a Monday: two items of stage 1 in parallel, one of 5 and one of 3 working days
    c = ck.whole_chain([span("用地预审", "s1", date(2026, 3, 2), date(2026, 3, 9)),
                        span("立项备案", "s1", date(2026, 3, 2), date(2026, 3, 5))],
                       cal, today=date(2026, 3, 20), target=28)
    assert c.by_span == {"用地预审": 5, "立项备案": 3}
    assert c.government == 5 and c.by_stage == {"s1": 5}
    assert c.bottleneck == "用地预审"


def test_builder_time_between_stages_and_in_supplements_is_counted_apart():
    cal = get_calendar()
    supplement = ck.Pause(date(2026, 3, 3), date(2026, 3, 5), ck.BUILDER)  # two working days with the builder
    c = ck.whole_chain([span("用地规划许可", "s1", date(2026, 3, 2), date(2026, 3, 9), supplement),
                        # the builder prepares its design for a week, then files stage 2
                        span("工程规划许可", "s2", date(2026, 3, 16), date(2026, 3, 20))],
                       cal, today=date(2026, 3, 30), target=28)
    assert c.days[ck.GOVERNMENT] == 3 + 4
    assert c.days[ck.BUILDER] == 2 + 5
    assert c.by_stage == {"s1": 3, "s2": 4}


def test_special_procedures_and_intermediary_services_are_not_government_time():
    cal = get_calendar()
    expert = ck.Pause(date(2026, 3, 4), date(2026, 3, 11), ck.SPECIAL, "《行政许可法》第四十五条（专家评审）")
    c = ck.whole_chain([span("消防设计审查", "s3", date(2026, 3, 2), date(2026, 3, 13), expert)], cal,
                       today=date(2026, 3, 31), target=29,
                       outside=[ck.Outside(date(2026, 3, 13), date(2026, 3, 20), "施工图审查")])
    assert c.days == {ck.GOVERNMENT: 4, ck.SPECIAL: 5, ck.INTERMEDIARY: 5, ck.BUILDER: 0}


def test_holidays_are_not_counted():
    """Across the National Day holiday the clock counts the calendar's working days (holidays out, make-up
    working days in), not the days on a wall calendar."""
    cal = get_calendar()
    start, end = date(2026, 9, 28), date(2026, 10, 16)
    c = ck.whole_chain([span("施工许可", "s3", start, end)], cal, today=end, target=28)
    assert c.government == cal.working_days_between(start, end)
    assert c.government < (end - start).days * 5 // 7


@pytest.mark.parametrize("kind, target", [(Kind.GOVERNMENT, 33), (Kind.APPROVED, 29), (Kind.FILED, 28)])
def test_each_class_against_its_target(kind, target):
    """A chain of four stages, each item taking its days; the government's days against the class target."""
    cal = get_calendar()
    assert target_days(kind) == target
    start = date(2026, 4, 7)
    spans, day = [], start
    for stage, n in (("s1", 9), ("s2", 7), ("s3", 5), ("s4", 7)):
        end = cal.add_working_days(day, n)
        spans += [span(f"{stage}-甲", stage, day, end), span(f"{stage}-乙", stage, day, cal.add_working_days(day, 2))]
        day = cal.add_working_days(end, 3)  # three working days of the builder's preparation between stages
    c = ck.whole_chain(spans, cal, today=day, target=target_days(kind))
    assert c.government == 28 and c.days[ck.BUILDER] == 3 * 3 + 0
    assert c.left == target - 28 and not c.over
    assert c.warning(0.8) is (28 >= target * 0.8)


def test_over_target_is_flagged(settings):
    settings.YIWANG_PROJECTS_TARGETS = {"government": 20}
    cal = get_calendar()
    c = ck.whole_chain([span("可研批复", "s1", date(2026, 3, 2), date(2026, 4, 7))], cal,
                       today=date(2026, 4, 7), target=target_days(Kind.GOVERNMENT))
    assert c.target == 20 and c.over and c.left < 0


def test_a_target_above_the_national_ceiling_is_refused(settings):
    settings.YIWANG_PROJECTS_TARGETS = {"filed": 150}
    with pytest.raises(ValueError) as e:
        target_days(Kind.FILED)
    assert "120" in str(e.value)
