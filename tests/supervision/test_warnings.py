"""Deadline warnings: each kind fires on a case that nears or passes its limit, not on a clean one; stored once
per (case, kind); messages go out once per level change."""
from datetime import date

import pytest

from tests.cases.factories import MON, accepted, file_all, mats
from yiwang.cases import services as cs
from yiwang.notify.models import Message
from yiwang.supervision import services, watch
from yiwang.supervision.models import Warning

pytestmark = pytest.mark.django_db


def kinds(case, today):
    return {f.kind: f.level.value for f in watch.evaluate(watch.candidates().filter(pk=case.pk), today)}


def test_clean_case_raises_nothing(org, items):
    case = accepted(org, items.two)
    assert kinds(case, date(2026, 3, 3)) == {}


def test_case_limit_yellow_when_near_and_red_when_overdue(org, items):
    case = accepted(org, items.two)  # 20 working days from 2026-03-02: deadline 2026-03-30
    assert case.deadline == date(2026, 3, 30)
    assert "case_limit" not in kinds(case, date(2026, 3, 20))   # 6 left
    assert kinds(case, date(2026, 3, 24))["case_limit"] == "yellow"  # 4 left = 20% of 20
    assert kinds(case, date(2026, 3, 30))["case_limit"] == "yellow"  # the last day
    assert kinds(case, date(2026, 3, 31))["case_limit"] == "red"


def test_step_limit_uses_the_share_of_the_limit(org, items):
    case = accepted(org, items.three)  # three steps: acceptor 20% → 4 working days
    assert "step_limit" not in kinds(case, date(2026, 3, 3))
    assert kinds(case, date(2026, 3, 5))["step_limit"] == "yellow"
    found = kinds(case, date(2026, 3, 9))
    assert found["step_limit"] == "red" and "case_limit" not in found
    cs.forward(case, actor=org.clerk, expected_version=case.version, today=date(2026, 3, 9))
    assert "step_limit" not in kinds(case, date(2026, 3, 10))  # the reviewer's step starts afresh (10 days)


def test_art32_received_not_handled_within_five_working_days(org, items):
    case = file_all(org, items.two)
    assert kinds(case, date(2026, 3, 3)) == {}
    assert kinds(case, date(2026, 3, 9))["art32"] == "yellow"  # 5th working day
    assert kinds(case, date(2026, 3, 10))["art32"] == "red"


def test_delivery_within_ten_working_days_of_the_decision(org, items):
    case = accepted(org, items.two)
    case = cs.forward(case, actor=org.reviewer, expected_version=case.version, today=MON)
    case = cs.approve(case, actor=org.section_head, expected_version=case.version, today=MON)
    assert case.delivery_due == date(2026, 3, 16)
    assert "delivery" not in kinds(case, date(2026, 3, 9))
    assert kinds(case, date(2026, 3, 17))["delivery"] == "red"
    cs.deliver(case, actor=org.clerk, expected_version=case.version, method="window", today=date(2026, 3, 17))
    assert kinds(case, date(2026, 3, 18)) == {}


def test_deferred_materials_and_post_check_due(org, items):
    deferred = file_all(org, items.two, skip={1})
    deferred = cs.accept(deferred, actor=org.clerk, expected_version=deferred.version, deferral_due=date(2026, 3, 6),
                         commitment_signer="张三", today=MON)
    assert kinds(deferred, date(2026, 3, 3)) == {}
    assert kinds(deferred, date(2026, 3, 5))["deferral"] == "yellow"
    assert kinds(deferred, date(2026, 3, 9))["deferral"] == "red"

    m = mats(items.commit)
    case = cs.submit_case(submitter=org.person_user, applicant=org.person, item_version=items.commit,
                          idempotency_key="pc", files={m[0].pk: ("a.pdf", b"%PDF-1 a", "application/pdf"),
                                                       m[2].pk: ("b.pdf", b"%PDF-1 b", "application/pdf")},
                          commitments=[m[1].pk], commitment_signed=True, today=MON)
    case = cs.accept(case, actor=org.clerk, expected_version=case.version, today=MON)
    due = case.post_check.due_on  # 20 working days after the deadline 3/30 until decided (decision 0003)
    assert due == date(2026, 4, 28)
    assert kinds(case, due)["post_check"] == "yellow"
    assert kinds(case, date(2026, 4, 30))["post_check"] == "red"


def test_sync_is_idempotent_and_notifies_once_per_level_change(org, items):
    case = accepted(org, items.two)
    services.sync_warnings(today=date(2026, 3, 24))
    w = Warning.objects.get(case=case, kind="case_limit")
    assert (w.level, w.active, w.notified_level) == ("yellow", True, "yellow")
    to_reviewer = Message.objects.filter(user=org.reviewer, event="supervision.warning.yellow")
    to_head = Message.objects.filter(user=org.section_head, event="supervision.warning.yellow")
    assert to_reviewer.count() == 1 and to_head.count() == 1
    services.sync_warnings(today=date(2026, 3, 24))
    services.sync_warnings(today=date(2026, 3, 25))
    assert Warning.objects.filter(case=case, kind="case_limit").count() == 1
    assert to_reviewer.count() == 1  # same level: no new message
    services.sync_warnings(today=date(2026, 3, 31))
    w.refresh_from_db()
    assert w.level == "red"
    assert Message.objects.filter(user=org.reviewer, event="supervision.warning.red", ref=f"warning:{w.pk}").count() == 1
    services.sync_warnings(today=date(2026, 3, 31))
    assert Message.objects.filter(user=org.reviewer, ref=f"warning:{w.pk}").count() == 2  # yellow, then red


def test_warning_cleared_when_the_case_concludes(org, items):
    case = accepted(org, items.two)
    services.sync_warnings(today=date(2026, 3, 31))
    assert Warning.objects.filter(case=case, active=True).exists()
    cs.withdraw(case, actor=org.person_user, expected_version=case.version, today=date(2026, 3, 31))
    services.sync_warnings(today=date(2026, 3, 31))
    assert not Warning.objects.filter(case=case, active=True).exists()
    assert Warning.objects.get(case=case, kind="case_limit").cleared_on == date(2026, 3, 31)
