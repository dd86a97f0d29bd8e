"""Supervision orders (督办): issued by an efficiency supervisor, answered by the department's head, escalated
when unanswered (unit leader, then red), closed by the supervisor; each step audited."""
from datetime import date

import pytest

from tests.cases.factories import accepted
from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.models import AuditEvent
from yiwang.notify.models import Message
from yiwang.supervision import services
from yiwang.supervision.models import SupervisionOrder, Warning

pytestmark = pytest.mark.django_db
LATE = date(2026, 3, 31)


@pytest.fixture
def warning(org, items):
    accepted(org, items.two)
    services.sync_warnings(today=LATE)
    return Warning.objects.get(kind="case_limit")


def test_full_round_trip_with_escalation(org, warning):
    o = services.issue_order(actor=org.supervisor, warning=warning, instruction="请说明超期原因并限期办结",
                             reply_days=3, today=LATE)
    assert o.reply_due == date(2026, 4, 3) and o.department == org.market and o.case_id == warning.case_id
    assert Message.objects.filter(user=org.section_head, event="supervision.order").exists()
    assert services.escalate_orders(today=date(2026, 4, 3)) == []  # not yet overdue
    services.escalate_orders(today=date(2026, 4, 7))  # 4/4–6 清明: next working day 4/7
    o.refresh_from_db()
    assert o.escalation == SupervisionOrder.Escalation.UNIT_LEADER
    assert Message.objects.filter(user=org.unit_leader, event="supervision.order.escalated").count() == 1
    services.escalate_orders(today=date(2026, 4, 8))  # still within the 2 working days
    o.refresh_from_db()
    assert o.escalation == SupervisionOrder.Escalation.UNIT_LEADER
    services.escalate_orders(today=date(2026, 4, 10))
    o.refresh_from_db()
    assert o.escalation == SupervisionOrder.Escalation.RED and o.red_on == date(2026, 4, 10)
    assert Message.objects.filter(user=org.supervisor, event="supervision.order.escalated").count() == 1
    with pytest.raises(DomainError):  # someone outside the department
        services.reply_order(o, actor=org.health_reviewer, expected_version=o.version, reply="x")
    with pytest.raises(Conflict):
        services.reply_order(o, actor=org.section_head, expected_version=o.version - 1, reply="x")
    o = services.reply_order(o, actor=org.section_head, expected_version=o.version, reply="已督促办结", today=date(2026, 4, 10))
    assert o.status == "replied" and o.answered_on_time is False
    assert Message.objects.filter(user=org.supervisor, event="supervision.order.replied").exists()
    with pytest.raises(DomainError):
        services.close_order(o, actor=org.section_head, expected_version=o.version)
    o = services.close_order(o, actor=org.supervisor, expected_version=o.version, note="同意", today=date(2026, 4, 10))
    assert o.status == "closed"
    actions = list(AuditEvent.objects.filter(target_type="supervision.supervisionorder", target_id=str(o.pk))
                   .values_list("action", flat=True))
    assert actions == ["supervision.order.issue", "supervision.order.escalate", "supervision.order.escalate",
                       "supervision.order.reply", "supervision.order.close"]


def test_reply_on_time_and_who_may_issue(org, warning):
    with pytest.raises(DomainError) as exc:
        services.issue_order(actor=org.section_head, warning=warning, instruction="x", today=LATE)
    assert exc.value.status == 403
    with pytest.raises(DomainError) as exc:
        services.issue_order(actor=org.supervisor, warning=warning, instruction=" ", today=LATE)
    assert exc.value.field == "instruction"
    o = services.issue_order(actor=org.supervisor, warning=warning, instruction="请加快办理", today=LATE)
    o = services.reply_order(o, actor=org.unit_leader, expected_version=o.version, reply="已办结", today=LATE)
    assert o.answered_on_time is True
    assert services.escalate_orders(today=date(2026, 5, 1)) == []
