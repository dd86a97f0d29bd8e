"""Optimistic concurrency, the audit trail of every action, messages in the same transaction, the timeline."""
import pytest

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.models import AuditEvent
from yiwang.cases import services
from yiwang.cases.queries import receipt, timeline
from yiwang.notify.models import Message

from .factories import MON, accepted, file_all


def test_a_stale_version_changes_nothing(org, items):
    case = file_all(org, items.two)
    stale = case.version
    case = services.accept(case, actor=org.clerk, expected_version=stale, today=MON)
    with pytest.raises(Conflict) as e:
        services.forward(case, actor=org.reviewer, expected_version=stale, today=MON)
    assert e.value.code == "stale_version" and e.value.extra["state"] == "under_review"
    case.refresh_from_db()
    assert case.step_index == 0 and case.version == stale + 1


def test_an_illegal_action_is_a_conflict_naming_the_allowed_actions(org, items):
    case = accepted(org, items.one)
    case = services.approve(case, actor=org.clerk, expected_version=case.version, today=MON)
    with pytest.raises(Conflict) as e:
        services.accept(case, actor=org.clerk, expected_version=case.version, today=MON)
    assert e.value.status == 409
    assert e.value.extra == {"state": "approved", "allowed_actions": ["deliver", "revoke"]}


def test_every_action_leaves_an_audit_event_with_who_role_and_states(org, items):
    case = accepted(org, items.two)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=MON)
    ev = AuditEvent.objects.filter(action="case.forward").get()
    assert ev.actor_id == org.reviewer.pk and ev.role == "reviewer"
    assert ev.before["step_index"] == 0 and ev.after["step_index"] == 1
    acc = AuditEvent.objects.get(action="case.accept")
    assert acc.before["state"] == "received" and acc.after["state"] == "under_review"


def test_a_refused_action_leaves_no_trace(org, items):
    case = file_all(org, items.two, skip=[0])
    n_audit, n_msg = AuditEvent.objects.count(), Message.objects.count()
    with pytest.raises(DomainError):
        services.accept(case, actor=org.clerk, expected_version=case.version, today=MON)
    assert AuditEvent.objects.count() == n_audit and Message.objects.count() == n_msg


def test_timeline_and_receipt(org, items):
    case = accepted(org, items.two)
    t = timeline(case, at=MON)
    assert [e["action"] for e in t["events"]] == ["submit", "accept"]
    assert t["deadline"] == case.deadline and t["days_used"] == 0 and t["days_remaining"] == 20
    r = receipt(case)
    assert r["number"] == case.number and r["deadline"] == case.deadline and r["applicant"] == "张三"
