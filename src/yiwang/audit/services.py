"""The audit interface: `record()` appends one event inside the caller's transaction; `verify()` walks the chain;
`events_for()` gives a target's timeline."""
from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.functional import Promise

from . import conf
from .domain.chain import Break, ChainReport, check_chain, event_hash, iso_utc, to_jsonable
from .models import AuditEvent, ChainHead, target_type_of

SYSTEM_ACTOR_NAME = "系统"


class AuditOutsideTransaction(RuntimeError):
    """record() was called outside transaction.atomic(): the event could outlive a rolled-back change."""


class AuditChainHeadMissing(RuntimeError):
    pass


def _fallback(value):
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def jsonable(value):
    """before/after/data as stored and hashed: dates, datetimes, Decimals, UUIDs, sets and model instances
    (their pk) become plain JSON values."""
    return None if value is None else to_jsonable(value, _fallback)


def _actor_fields(actor) -> tuple[int | None, str]:
    if actor is None or not getattr(actor, "is_authenticated", False) or getattr(actor, "pk", None) is None:
        return None, SYSTEM_ACTOR_NAME
    name = getattr(actor, "display_name", "") or actor.get_username() or str(actor)
    return actor.pk, name[:150]


def _target_fields(target) -> tuple[str, str, str]:
    if target is None:
        return "", "", ""
    if not hasattr(target, "_meta"):
        raise TypeError("审计对象必须是模型实例")
    if target.pk is None:
        raise ValueError("审计对象尚未保存（没有主键），请在保存后再记录审计事件")
    return target_type_of(target), str(target.pk), str(target)[:200]


def _lock_head(using: str) -> ChainHead:
    head = ChainHead.objects.using(using).select_for_update().filter(pk=1).first()
    if head is None:
        if AuditEvent.objects.using(using).exists():
            raise AuditChainHeadMissing("审计链头记录缺失，审计链可能被篡改：请运行 yiwang audit verify")
        # First event ever (or a freshly flushed test database): create the head; ON CONFLICT DO NOTHING
        # makes two first appenders safe, the lock below then serialises them.
        ChainHead.objects.using(using).bulk_create([ChainHead(pk=1)], ignore_conflicts=True)
        head = ChainHead.objects.using(using).select_for_update().get(pk=1)
    return head


def record(*, actor, action: str, target, before: dict | None = None, after: dict | None = None,
           role: str = "", data: dict | None = None) -> AuditEvent:
    """Append one event to the chain. Call inside the transaction that makes the change, so the event commits
    or rolls back with it. `target` is a model instance (None only for events about no object)."""
    using = router.db_for_write(AuditEvent) or DEFAULT_DB_ALIAS
    if not transaction.get_connection(using).in_atomic_block:
        raise AuditOutsideTransaction(
            "审计事件必须在业务事务内记录：请在 transaction.atomic() 中调用 yiwang.audit.services.record()"
        )
    if not action or not isinstance(action, str):
        raise ValueError("审计事件必须注明动作（如 case.accept）")
    actor_id, actor_name = _actor_fields(actor)
    target_type, target_id, target_repr = _target_fields(target)
    fields = {
        "actor_id": actor_id, "actor_name": actor_name, "role": str(role or "")[:30], "action": action[:100],
        "target_type": target_type, "target_id": target_id, "target_repr": target_repr,
        "before": jsonable(before), "after": jsonable(after), "data": jsonable(data),
    }
    with transaction.atomic(using=using):
        head = _lock_head(using)
        at = timezone.now()
        seq = head.seq + 1
        digest = event_hash(head.hash, {**fields, "seq": seq, "at": iso_utc(at)})
        event = AuditEvent(seq=seq, at=at, prev_hash=head.hash, hash=digest, **fields)
        event.save(using=using, force_insert=True)
        ChainHead.objects.using(using).filter(pk=1).update(seq=seq, hash=digest)
    return event


def record_many(events: list[dict], *, actor, role: str = "") -> int:
    """Append several events by one actor in one go (bulk imports): the same chain, one head lock and one insert.
    Each event is a dict with record()'s `action`, `target`, `before`, `after`, `data`. Returns the count."""
    if not events:
        return 0
    using = router.db_for_write(AuditEvent) or DEFAULT_DB_ALIAS
    if not transaction.get_connection(using).in_atomic_block:
        raise AuditOutsideTransaction(
            "审计事件必须在业务事务内记录：请在 transaction.atomic() 中调用 yiwang.audit.services.record_many()"
        )
    actor_id, actor_name = _actor_fields(actor)
    with transaction.atomic(using=using):
        head = _lock_head(using)
        seq, prev = head.seq, head.hash
        rows = []
        for e in events:
            if not e.get("action"):
                raise ValueError("审计事件必须注明动作（如 case.accept）")
            target_type, target_id, target_repr = _target_fields(e.get("target"))
            fields = {
                "actor_id": actor_id, "actor_name": actor_name, "role": str(role or "")[:30],
                "action": e["action"][:100], "target_type": target_type, "target_id": target_id,
                "target_repr": target_repr, "before": jsonable(e.get("before")), "after": jsonable(e.get("after")),
                "data": jsonable(e.get("data")),
            }
            seq += 1
            at = timezone.now()
            digest = event_hash(prev, {**fields, "seq": seq, "at": iso_utc(at)})
            rows.append(AuditEvent(seq=seq, at=at, prev_hash=prev, hash=digest, **fields))
            prev = digest
        AuditEvent.objects.using(using).bulk_create(rows, batch_size=500)
        ChainHead.objects.using(using).filter(pk=1).update(seq=seq, hash=prev)
    return len(rows)


def verify(using: str | None = None) -> ChainReport:
    """Walk the whole chain; report OK with the count, or the first broken seq and why.

    The head is read first and only events up to it are walked, so appends running meanwhile are not
    mistaken for a break; an event beyond the head as it stands at the end was written around the head."""
    using = using or router.db_for_read(AuditEvent) or DEFAULT_DB_ALIAS
    heads = ChainHead.objects.using(using).filter(pk=1)
    head = heads.values("seq", "hash").first()
    qs = AuditEvent.objects.using(using).order_by("seq")
    if head is not None:
        qs = qs.filter(seq__lte=head["seq"])
    events = (e.hashed_fields() for e in qs.iterator(chunk_size=conf.verify_chunk_size()))
    report = check_chain(events, head)
    if report.ok and head is not None:
        now = heads.values_list("seq", flat=True).first() or 0
        stray = AuditEvent.objects.using(using).filter(seq__gt=max(now, head["seq"])).order_by("seq").first()
        if stray is not None:
            return ChainReport(False, report.count, report.last_seq,
                               Break(stray.seq, "该事件不在链头之内（绕过链头写入）"))
    return report


def events_for(target):
    """The target's events, oldest first (for timelines)."""
    return AuditEvent.objects.for_target(target).select_related("actor").order_by("seq")
