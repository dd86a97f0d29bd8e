"""The clock through the services, on the platform's own calendar (2026 as announced)."""
from datetime import date

import pytest

from yiwang.api.errors import Conflict, DomainError
from yiwang.cases import services
from yiwang.cases.queries import actions_allowed, timeline
from yiwang.notify.models import Message

from .factories import accepted


def test_suspension_across_the_2026_national_day_holiday(org, items):
    # accepted Mon 9/14, 20 working days (9/20 and 10/10 are adjusted working days): due Fri 10/16
    case = accepted(org, items.two, today=date(2026, 9, 14))
    assert case.deadline == date(2026, 10, 16)
    services.suspend(case, actor=org.reviewer, expected_version=case.version, kind="expert_review",
                     reason="组织专家评审", expected_days=10, today=date(2026, 9, 23))
    case.refresh_from_db()
    assert case.state == "suspended" and case.deadline is None
    msg = Message.objects.get(event="case.suspended")
    assert "专家评审" in msg.body and "10个工作日" in msg.body
    case = services.resume(case, actor=org.reviewer, expected_version=case.version, today=date(2026, 10, 12))
    # 8 working days not counted (9/24, 9/28-30, 10/8, 10/9, 10/10, 10/12): due 10/28
    assert case.state == "under_review" and case.deadline == date(2026, 10, 28)
    t = timeline(case, at=date(2026, 10, 12))
    assert t["days_used"] == 8 and t["days_remaining"] == 12
    assert [e["action"] for e in t["events"]] == ["submit", "accept", "suspend", "resume"]


def test_suspension_needs_a_kind_a_reason_and_the_expected_duration(org, items):
    case = accepted(org, items.two)
    for kw, field in [(dict(kind="party", reason="x", expected_days=3), "kind"),
                      (dict(kind="expert_review", reason="", expected_days=3), "reason"),
                      (dict(kind="expert_review", reason="专家评审", expected_days=0), "expected_days"),
                      # a hearing goes through the hearing procedure (art. 46-48), with its record
                      (dict(kind="hearing", reason="听证", expected_days=3), "kind")]:
        with pytest.raises(DomainError) as e:
            services.suspend(case, actor=org.reviewer, expected_version=case.version, **kw)
        assert e.value.field == field
    with pytest.raises(DomainError):  # the applicant does not start special procedures
        services.suspend(case, actor=org.person_user, expected_version=case.version, kind="expert_review",
                         reason="专家评审", expected_days=5)


def test_extension_once_only_at_most_ten_days_by_a_unit_leader(org, items):
    case = accepted(org, items.two, today=date(2026, 3, 2))
    assert case.deadline == date(2026, 3, 30)
    for person in (org.reviewer, org.section_head):
        with pytest.raises(DomainError) as e:
            services.extend(case, actor=person, expected_version=case.version, days=5, reason="情况复杂")
        assert e.value.status == 403
    with pytest.raises(DomainError) as e:
        services.extend(case, actor=org.unit_leader, expected_version=case.version, days=11, reason="情况复杂",
                        today=date(2026, 3, 20))
    assert e.value.field == "days"
    with pytest.raises(DomainError) as e:
        services.extend(case, actor=org.unit_leader, expected_version=case.version, days=5, reason="", today=date(2026, 3, 20))
    assert e.value.field == "reason"
    case = services.extend(case, actor=org.unit_leader, expected_version=case.version, days=10, reason="需现场核查",
                           today=date(2026, 3, 20))
    assert case.extension_days == 10 and case.deadline == date(2026, 4, 14)  # 4/4-4/6 清明
    assert "需现场核查" in Message.objects.get(event="case.extended").body
    assert "extend" not in actions_allowed(case, org.unit_leader)
    with pytest.raises(Conflict, match="只能延期一次"):
        services.extend(case, actor=org.unit_leader, expected_version=case.version, days=1, reason="再延",
                        today=date(2026, 3, 21))


def test_no_extension_after_the_limit_has_run_out(org, items):
    case = accepted(org, items.two, today=date(2026, 3, 2))
    with pytest.raises(Conflict, match="届满"):
        services.extend(case, actor=org.unit_leader, expected_version=case.version, days=5, reason="x",
                        today=date(2026, 3, 31))


def test_a_decision_stops_the_clock(org, items):
    case = accepted(org, items.one, today=date(2026, 3, 2))
    case = services.approve(case, actor=org.clerk, expected_version=case.version, today=date(2026, 3, 2))
    assert timeline(case, at=date(2026, 5, 1))["days_used"] == 0


def test_loading_a_calendar_year_recomputes_open_deadlines(org, items):
    from yiwang.workdays.signals import calendar_changed

    case = accepted(org, items.two, today=date(2026, 12, 14))
    assert case.deadline_provisional  # runs into 2027, not yet announced
    stored = case.deadline
    # a stale stored deadline is put right when the calendar announces a change of 2027
    type(case).objects.filter(pk=case.pk).update(deadline=date(2027, 2, 1))
    calendar_changed.send(sender=None, years={2027})
    case.refresh_from_db()
    assert case.deadline == stored
    # a case whose span does not touch the year is left alone
    other = accepted(org, items.three, today=date(2026, 3, 2))
    type(other).objects.filter(pk=other.pk).update(deadline=date(2026, 3, 31))
    calendar_changed.send(sender=None, years={2027})
    other.refresh_from_db()
    assert other.deadline == date(2026, 3, 31)


@pytest.mark.django_db(transaction=True)  # calendar_changed is sent after the loading transaction commits
def test_announcing_a_year_moves_the_deadlines_running_into_it(org, items):
    from yiwang.workdays.services import load_year

    case = accepted(org, items.two, today=date(2026, 12, 14))
    assert case.deadline_provisional
    before = case.deadline
    assert before.year == 2027
    # the notice for 2027 gives 1/1-1/3 and an extra week off 1/4-1/8 (hypothetical)
    load_year(2027, [date(2027, 1, d) for d in range(1, 9)], [], notice="测试通知", actor=org.sysadmin)
    case.refresh_from_db()
    assert not case.deadline_provisional
    assert case.deadline > before
    assert case.deadline == services.ledger_for(case).deadline()


def test_only_art45_procedures_and_local_additions_stop_the_clock(org, items, settings):
    """Art. 45: 听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审. 现场勘验 only where a local rule adds it."""
    import pytest

    from yiwang.api.errors import DomainError
    from yiwang.cases import services as svc
    from yiwang.cases.models import Suspension

    from .factories import accepted

    assert {"tender", "auction"} <= set(Suspension.Kind.values)
    case = accepted(org, items.two)
    # the default is the statute's list alone: 现场勘验 does not stop the clock
    with pytest.raises(DomainError, match="第四十五条") as e:
        svc.suspend(case, actor=org.reviewer, expected_version=case.version, kind="site_inspection",
                    reason="现场勘验", expected_days=3, today=case.accepted_on)
    assert e.value.field == "kind"
    s = svc.suspend(case, actor=org.reviewer, expected_version=case.version, kind="tender", reason="组织招标",
                    expected_days=10, today=case.accepted_on)
    assert s.kind == "tender"
    # a district whose local rules count it adds it
    settings.YIWANG_CASES_LOCAL_SPECIAL_PROCEDURES = ["site_inspection"]
    other = accepted(org, items.two)
    s = svc.suspend(other, actor=org.reviewer, expected_version=other.version, kind="site_inspection",
                    reason="现场勘验", expected_days=3, today=other.accepted_on)
    assert s.kind == "site_inspection"
