"""record(): events are appended in the caller's transaction, chained, and can never be edited."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from yiwang.audit.models import AuditEvent, AuditImmutable, ChainHead
from yiwang.audit.services import AuditOutsideTransaction, events_for, record, verify


def _record(org, **kw):
    with transaction.atomic():
        return record(actor=org.clerk, action=kw.pop("action", "department.update"), target=org.market, **kw)


def test_events_are_chained_with_actor_and_target(org):
    e1 = _record(org, before={"name": "旧名"}, after={"name": "区市场监督管理局"}, role="clerk")
    e2 = _record(org, data={"fee": Decimal("1.20"), "day": dt.date(2026, 5, 6), "who": org.reviewer,
                            "tags": {"y", "x"}})
    assert (e1.seq + 1, e1.hash) == (e2.seq, e2.prev_hash)
    assert e1.actor == org.clerk and e1.actor_name == "clerk" and e1.role == "clerk"
    assert (e1.target_type, e1.target_id, e1.target_repr) == ("org.department", str(org.market.pk), "区市场监督管理局")
    stored = AuditEvent.objects.get(pk=e2.pk)
    assert stored.data == {"fee": "1.20", "day": "2026-05-06", "who": org.reviewer.pk, "tags": ["x", "y"]}
    assert ChainHead.objects.get().seq == e2.seq
    assert verify().ok


def test_system_events_have_no_actor(org):
    with transaction.atomic():
        event = record(actor=None, action="case.overdue", target=org.market)
    assert event.actor is None and event.actor_name == "系统"


def test_record_outside_a_transaction_is_refused(org):
    # pytest-django wraps each test in a transaction; leave it to see what a caller without one gets.
    atomic = connection.in_atomic_block
    connection.in_atomic_block = False
    try:
        with pytest.raises(AuditOutsideTransaction, match="transaction.atomic"):
            record(actor=org.clerk, action="x.y", target=org.market)
    finally:
        connection.in_atomic_block = atomic


def test_event_rolls_back_with_the_change(org):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            record(actor=org.clerk, action="department.update", target=org.market)
            raise RuntimeError("业务失败")
    assert AuditEvent.objects.count() == before
    _record(org)
    assert verify().ok


def test_unsaved_target_is_refused(org):
    from yiwang.org.models import Department

    with transaction.atomic(), pytest.raises(ValueError, match="尚未保存"):
        record(actor=org.clerk, action="x.y", target=Department(name="新"))


def test_events_cannot_be_changed_or_deleted(org):
    event = _record(org)
    event.action = "forged"
    with pytest.raises(AuditImmutable):
        event.save()
    with pytest.raises(AuditImmutable):
        event.delete()
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "department.update"


def test_events_for_gives_the_target_timeline(org):
    _record(org, action="a.one")
    with transaction.atomic():
        record(actor=org.clerk, action="other", target=org.health)
    _record(org, action="a.two")
    assert [e.action for e in events_for(org.market)] == ["a.one", "a.two"]


def _bypass_update(pk, **fields):
    # Tampering the way an attacker with database access would: around the model's guard.
    from django.db.models import QuerySet

    QuerySet(model=AuditEvent).filter(pk=pk).update(**fields)


def test_altered_event_is_detected(org):
    events = [_record(org, after={"n": i}) for i in range(4)]
    _bypass_update(events[1].pk, after={"n": 99})
    report = verify()
    assert not report.ok and report.broken.seq == events[1].seq and "篡改" in report.broken.reason


def test_altered_event_by_raw_sql_is_detected(org):
    events = [_record(org, after={"n": i}) for i in range(3)]
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {AuditEvent._meta.db_table} SET actor_name = %s WHERE id = %s", ["伪造", events[2].pk])
    report = verify()
    assert not report.ok and report.broken.seq == events[2].seq


def test_deleted_event_is_detected(org):
    events = [_record(org, after={"n": i}) for i in range(4)]
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [events[1].pk])
    report = verify()
    assert not report.ok and report.broken.seq == events[1].seq and "缺失" in report.broken.reason


def test_deleted_last_event_is_detected_through_the_head(org):
    events = [_record(org, after={"n": i}) for i in range(3)]
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [events[-1].pk])
    report = verify()
    assert not report.ok and report.broken.seq == events[-1].seq


def test_altered_head_is_detected(org):
    _record(org)
    ChainHead.objects.update(hash="a" * 64)
    report = verify()
    assert not report.ok and "链头" in report.broken.reason


def test_verify_command_reports_count_or_break(org, capsys):
    for i in range(3):
        _record(org, after={"n": i})
    call_command("audit", "verify")
    assert "审计链完整：3 条事件" in capsys.readouterr().out
    _bypass_update(AuditEvent.objects.order_by("seq")[1].pk, role="sysadmin")
    with pytest.raises(CommandError, match="审计链断裂：第 2 号事件") as exc:
        call_command("audit", "verify")
    assert exc.value.returncode != 0
