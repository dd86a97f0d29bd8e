"""The only place supervision state changes: warnings and anomalies kept current (idempotent upserts keyed by
(case, kind)), and supervision orders (督办) issued, answered, escalated and closed. Each change is audited; the
responsible person and their head are told once per warning level change."""
from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.services import record, record_many
from yiwang.cases.models import Case
from yiwang.notify.services import enqueue, enqueue_many
from yiwang.org.models import Role, StaffRole, User

from . import anomalies as an
from . import board, conf, watch, watch_sql
from .access import SupervisionScope
from .domain.levels import LEVEL_LABELS, Level
from .models import Anomaly, AnomalyKind, RunState, SupervisionOrder, Warning, WarningKind

SYSTEM = "system"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


def _today(d: date | None) -> date:
    return d or timezone.localdate()


def _warning_snapshot(w: Warning) -> dict:
    return {"level": w.level, "active": w.active, "due_on": w.due_on, "remaining_days": w.remaining_days}


_SYNC_FIELDS = ["level", "due_on", "remaining_days", "detail", "active", "cleared_on", "responsible", "level_since",
                "updated_at"]


def _users(ids) -> dict:
    return {u.pk: u for u in User.objects.filter(pk__in=ids)} if ids else {}


def _tell(user_ids, *, event, subject, body, link, ref):
    for user in User.objects.filter(pk__in=set(i for i in user_ids if i)).order_by("pk"):
        enqueue(event=event, subject=subject, body=body, user=user, link=link, ref=ref)


def _staff_case_link(case) -> str:
    """Warnings and anomalies go to staff: their link is the staff case page, not the applicant's."""
    return reverse("cases:work_case", args=[case.pk])


def _mark_run(name: str, **fields) -> None:
    RunState.objects.update_or_create(name=name, defaults={"ran_at": timezone.now(), **fields})


# ---- warnings ---------------------------------------------------------------------------------------------------
def sync_warnings(today: date | None = None, cases: QuerySet[Case] | None = None, notify: bool = True) -> dict:
    """Upsert the warnings the cases raise today; clear the active warnings of evaluated cases that no longer
    raise them (with `cases` None: every case). Running it twice changes nothing the second time."""
    today = _today(today)
    full = cases is None
    evaluated = watch.candidates(cases)
    # Computed in SQL over every candidate at once (watch_sql; equal to watch.evaluate, the property test says so).
    found = {f.key: f for f in watch_sql.evaluate(evaluated, today)}
    stats = {"raised": 0, "changed": 0, "cleared": 0, "notified": 0}
    with transaction.atomic():
        active = Warning.objects.select_for_update().filter(active=True, case__isnull=False)
        if not full:
            active = active.filter(case__in=cases)
        existing = {(w.case_id, w.kind): w for w in active}
        if found:
            for w in Warning.objects.select_for_update().filter(case__in=evaluated, active=False):
                existing.setdefault((w.case_id, w.kind), w)
        # Written in bulk (a day after a long holiday raises thousands at once): the same rows, audit events in
        # the same order and the same messages as one at a time.
        now = timezone.now()
        written = []  # (warning, finding, snapshot before or None, level changed)
        for key, f in found.items():
            w = existing.pop(key, None)
            before = _warning_snapshot(w) if w else None
            if w is None:
                w = Warning(case=f.case, kind=f.kind, department_id=f.case.department_id, first_seen_on=today,
                            level_since=today)
                stats["raised"] += 1
            elif w.level != f.level or not w.active:
                w.level_since = today
                stats["changed"] += 1
            elif (w.due_on, w.remaining_days, w.detail) == (f.due_on, f.remaining, f.detail[:300]):
                continue  # nothing new: keep the row as it is
            level_changed = w.pk is None or w.level != f.level or not w.active
            w.level, w.due_on, w.remaining_days, w.detail = f.level.value, f.due_on, f.remaining, f.detail[:300]
            w.active, w.cleared_on = True, None
            w.responsible_id = (f.responsible_ids or [None])[0]
            w.updated_at = now
            written.append((w, f, before, level_changed))
        Warning.objects.bulk_create([w for w, _f, b, _c in written if w.pk is None], batch_size=1000)
        Warning.objects.bulk_update([w for w, _f, b, _c in written if b is not None], _SYNC_FIELDS, batch_size=1000)
        record_many([{"action": "supervision.warning." + ("raise" if before is None else "level"), "target": w,
                      "before": before, "after": _warning_snapshot(w),
                      "data": {"case": f.case.number or f.case.pk, "kind": f.kind}}
                     for w, f, before, level_changed in written if level_changed], actor=None, role=SYSTEM)
        told = []
        if notify:
            users = _users({i for w, f, _b, _c in written if w.notified_level != w.level
                            for i in f.responsible_ids + f.head_ids if i})
            outbox = []
            for w, f, _b, _c in written:
                if w.notified_level == w.level:
                    continue
                for uid in sorted({i for i in f.responsible_ids + f.head_ids if i}):
                    if uid in users:
                        outbox.append({
                            "event": f"supervision.warning.{w.level}", "user": users[uid],
                            "subject": f"【{LEVEL_LABELS[Level(w.level)]}】{f.case.number or '办件'}：{WarningKind(f.kind).label}",
                            "body": f"办件{f.case.number or f.case.pk}（{f.case.department.name}）{f.detail}，"
                                    + (f"期限{f.due_on:%Y年%m月%d日}，" if f.due_on else "")
                                    + ("已逾期。" if w.level == Level.RED else f"剩余{f.remaining}个工作日。"),
                            "link": _staff_case_link(f.case), "ref": f"warning:{w.pk}"})
                w.notified_level = w.level
                told.append(w)
            enqueue_many(outbox)
            Warning.objects.bulk_update(told, ["notified_level"], batch_size=1000)
            stats["notified"] = len(told)
        gone = [w for w in existing.values() if w.active]
        events = []
        for w in gone:
            before = _warning_snapshot(w)
            w.active, w.cleared_on, w.notified_level, w.updated_at = False, today, "none", now
            events.append({"action": "supervision.warning.clear", "target": w, "before": before,
                           "after": _warning_snapshot(w), "data": {"case": w.case_id, "kind": w.kind}})
        Warning.objects.bulk_update(gone, ["active", "cleared_on", "notified_level", "updated_at"], batch_size=1000)
        record_many(events, actor=None, role=SYSTEM)
        stats["cleared"] = len(gone)
        if full:
            _mark_run("warnings", note=str(stats)[:200])
    return stats


# ---- anomalies --------------------------------------------------------------------------------------------------
def _anomaly_candidates(full: bool) -> tuple[QuerySet[Case], int]:
    """Cases to scan: all (full), else those with audit events, case changes or licences since the last scan."""
    from yiwang.audit.models import AuditEvent

    top = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    state = RunState.objects.filter(name="anomalies").first()
    if full or state is None or state.ran_at is None:
        return Case.objects.all(), top
    ids = set(AuditEvent.objects.filter(seq__gt=state.watermark, target_type="cases.case")
              .values_list("target_id", flat=True))
    ids |= {str(i) for i in Case.objects.filter(updated_at__gte=state.ran_at).values_list("pk", flat=True)}
    for refs in an._licences_by_case_since(state.ran_at):
        ids.add(str(refs))
    return Case.objects.filter(pk__in=[int(i) for i in ids if str(i).isdigit()]), top


def sync_anomalies(today: date | None = None, cases: QuerySet[Case] | None = None, full: bool = False,
                   notify: bool = True) -> dict:
    """Scan for procedure anomalies and upsert them (keyed by (case, kind)); an anomaly whose evidence is gone is
    set inactive. Without `cases`: incremental since the last scan (full=True: every case)."""
    today = _today(today)
    watermark = None
    if cases is None:
        cases, watermark = _anomaly_candidates(full)
    found = {f.key: f for f in an.detect(cases)}
    stats = {"found": 0, "updated": 0, "cleared": 0}
    with transaction.atomic():
        existing = {(a.case_id, a.kind): a for a in Anomaly.objects.select_for_update().filter(case__in=cases)}
        for key, f in found.items():
            a = existing.pop(key, None)
            if a is not None and a.active and a.evidence == f.evidence:
                continue
            before = None if a is None else {"active": a.active, "summary": a.summary}
            if a is None:
                a = Anomaly(case=f.case, kind=f.kind, department_id=f.case.department_id, found_on=today)
                stats["found"] += 1
            else:
                stats["updated"] += 1
            a.evidence, a.summary, a.active, a.responsible_id = f.evidence, f.summary, True, f.responsible_id
            a.save()
            record(actor=None, action="supervision.anomaly." + ("found" if before is None else "update"),
                   target=a, before=before, after={"active": True, "summary": a.summary}, role=SYSTEM,
                   data={"case": f.case.number or f.case.pk, "kind": f.kind, "evidence": f.evidence})
            if notify and not a.notified:
                heads = list(StaffRole.objects.filter(department_id=f.case.department_id,
                                                      role__in=[Role.SECTION_HEAD, Role.UNIT_LEADER])
                             .values_list("user_id", flat=True))
                _tell([f.responsible_id, *heads], event="supervision.anomaly",
                      subject=f"【程序异常】{f.case.number or '办件'}：{AnomalyKind(f.kind).label}",
                      body=f"电子监察发现办件{f.case.number or f.case.pk}{f.summary}，请核实说明。",
                      link=_staff_case_link(f.case), ref=f"anomaly:{a.pk}")
                a.notified = True
                a.save(update_fields=["notified"])
        for a in existing.values():
            if a.active:
                a.active = False
                a.save(update_fields=["active", "updated_at"])
                record(actor=None, action="supervision.anomaly.clear", target=a, before={"active": True},
                       after={"active": False}, role=SYSTEM, data={"case": a.case_id, "kind": a.kind})
                stats["cleared"] += 1
        if watermark is not None:
            _mark_run("anomalies", watermark=watermark, note=str(stats)[:200])
    return stats


# ---- supervision orders (督办) -------------------------------------------------------------------------------------
def _heads(department_id: int, roles) -> list[int]:
    return list(StaffRole.objects.filter(department_id=department_id, role__in=roles).values_list("user_id", flat=True))


def _order_snapshot(o: SupervisionOrder) -> dict:
    return {"status": o.status, "escalation": o.escalation, "reply_due": o.reply_due, "replied_on": o.replied_on,
            "version": o.version}


def _lock_order(order, expected_version) -> SupervisionOrder:
    o = SupervisionOrder.objects.select_for_update(of=("self",)).select_related("department").get(pk=getattr(order, "pk", order))
    if expected_version is not None and o.version != int(expected_version):
        raise Conflict("督办单已被他人更新，请刷新后重试", code="stale_version",
                       extra={"status": o.status, "version": o.version})
    return o


def issue_order(*, actor, instruction: str, warning: Warning | None = None, anomaly: Anomaly | None = None,
                department=None, reply_days: int | None = None, today: date | None = None) -> SupervisionOrder:
    """督办: an efficiency supervisor turns a warning or an anomaly into an order to the department."""
    today = _today(today)
    if not SupervisionScope(actor).is_supervisor and not (
            warning is None and anomaly is None and board.may_issue_department_orders(actor)):
        raise Forbidden("只有效能监察人员可以发起督办")
    instruction = (instruction or "").strip()
    if not instruction:
        raise DomainError("请填写督办事项", field="instruction")
    source = warning or anomaly
    if source is None and department is None:
        raise DomainError("请选择督办的预警、异常或部门", field="department")
    try:
        reply_days = conf.order_reply_days() if reply_days in (None, "") else int(reply_days)
    except (TypeError, ValueError):
        raise DomainError("答复时限应为整数个工作日", field="reply_days") from None
    if not 1 <= reply_days <= 30:
        raise DomainError("答复时限应为1至30个工作日", field="reply_days")
    department_id = getattr(department, "pk", department) or source.department_id
    with transaction.atomic():
        o = SupervisionOrder.objects.create(
            number=f"DB-{today:%Y%m%d}-{timezone.now():%H%M%S%f}", case_id=getattr(source, "case_id", None),
            warning=warning, anomaly=anomaly, department_id=department_id, instruction=instruction,
            issued_by=actor, issued_on=today, reply_days=reply_days, **_reply_due(watch.calendar(), today, reply_days))
        o.number = f"DB-{today:%Y%m%d}-{o.pk:06d}"
        o.save(update_fields=["number"])
        record(actor=actor, action="supervision.order.issue", target=o, before=None, after=_order_snapshot(o),
               role=Role.SUPERVISOR, data={"instruction": instruction, "warning": getattr(warning, "pk", None),
                                           "anomaly": getattr(anomaly, "pk", None), "department": department_id})
        recipients = _heads(department_id, [Role.SECTION_HEAD]) or _heads(department_id, [Role.UNIT_LEADER])
        _tell(recipients, event="supervision.order", subject=f"督办通知：{o.number}",
              body=f"{instruction}（请于{o.reply_due:%Y年%m月%d日}前答复）", link=f"/supervision/orders/{o.pk}/",
              ref=o.number)
        return o


def reply_order(order, *, actor, expected_version: int, reply: str, today: date | None = None) -> SupervisionOrder:
    """The department's section head or unit leader answers the order."""
    today = _today(today)
    reply = (reply or "").strip()
    if not reply:
        raise DomainError("请填写督办答复", field="reply")
    with transaction.atomic():
        o = _lock_order(order, expected_version)
        if not StaffRole.objects.filter(user=actor, department_id=o.department_id,
                                        role__in=[Role.SECTION_HEAD, Role.UNIT_LEADER]).exists():
            raise Forbidden("只有被督办部门的科室负责人或单位负责人可以答复督办")
        if o.status != SupervisionOrder.Status.OPEN:
            raise Conflict("督办单已答复或已办结", extra={"status": o.status, "version": o.version})
        before = _order_snapshot(o)
        o.status, o.reply, o.replied_by, o.replied_on = SupervisionOrder.Status.REPLIED, reply, actor, today
        o.version += 1
        o.save()
        role = (StaffRole.objects.filter(user=actor, department_id=o.department_id)
                .values_list("role", flat=True).order_by("role").first())
        record(actor=actor, action="supervision.order.reply", target=o, before=before, after=_order_snapshot(o),
               role=role or "", data={"reply": reply, "on_time": o.answered_on_time})
        _tell([o.issued_by_id], event="supervision.order.replied", subject=f"督办已答复：{o.number}",
              body=f"{o.department.name}答复：{reply}" + ("" if o.answered_on_time else "（逾期答复）"),
              link=f"/supervision/orders/{o.pk}/", ref=o.number)
        return o


def close_order(order, *, actor, expected_version: int, note: str = "", today: date | None = None) -> SupervisionOrder:
    """The supervisor accepts the reply and closes the order."""
    today = _today(today)
    with transaction.atomic():
        o = _lock_order(order, expected_version)
        if not SupervisionScope(actor).is_supervisor and not (
                o.case_id is None and o.issued_by_id == actor.pk and board.may_issue_department_orders(actor)):
            raise Forbidden("只有效能监察人员可以办结督办")
        if o.status != SupervisionOrder.Status.REPLIED:
            raise Conflict("督办单尚未答复，不能办结", extra={"status": o.status, "version": o.version})
        before = _order_snapshot(o)
        o.status, o.closed_on, o.closing_note = SupervisionOrder.Status.CLOSED, today, (note or "").strip()[:500]
        o.version += 1
        o.save()
        record(actor=actor, action="supervision.order.close", target=o, before=before, after=_order_snapshot(o),
               role=Role.SUPERVISOR, data={"note": o.closing_note})
        return o


def escalate_orders(today: date | None = None) -> list[SupervisionOrder]:
    """Unanswered orders past their reply date go to the unit leader; still unanswered `order_red_after_days`
    working days later, they are flagged red (and the issuing supervisor told)."""
    today = _today(today)
    cal, done = watch.calendar(), []
    due = SupervisionOrder.objects.filter(status=SupervisionOrder.Status.OPEN, reply_due__lt=today,
                                          escalation__lt=SupervisionOrder.Escalation.RED)
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            o = _lock_order(pk, None)
            if o.status != SupervisionOrder.Status.OPEN:
                continue
            before = _order_snapshot(o)
            if o.escalation == SupervisionOrder.Escalation.NONE:
                o.escalation, o.escalated_on = SupervisionOrder.Escalation.UNIT_LEADER, today
                subject, recipients = f"督办逾期未答复（已升级）：{o.number}", _heads(o.department_id, [Role.UNIT_LEADER])
            elif today > cal.add_working_days(o.escalated_on, conf.order_red_after_days()):
                o.escalation, o.red_on = SupervisionOrder.Escalation.RED, today
                subject = f"督办逾期未答复（红牌）：{o.number}"
                recipients = _heads(o.department_id, [Role.UNIT_LEADER]) + [o.issued_by_id]
            else:
                continue
            o.version += 1
            o.save()
            record(actor=None, action="supervision.order.escalate", target=o, before=before,
                   after=_order_snapshot(o), role=SYSTEM, data={"escalation": o.escalation})
            _tell(recipients, event="supervision.order.escalated", subject=subject,
                  body=f"{o.department.name}未在{o.reply_due:%Y年%m月%d日}前答复督办：{o.instruction}",
                  link=f"/supervision/orders/{o.pk}/", ref=o.number)
            done.append(o)
    return done


def _reply_due(cal, issued_on, reply_days) -> dict:
    due = cal.add_working_days_answer(issued_on, reply_days)
    return {"reply_due": due.value, "due_provisional": due.provisional}


def recompute_order_dues(years: set[int] | None = None) -> int:
    """After a calendar year was loaded: open orders' reply due dates counted again from the day they were issued,
    their provisional mark set or cleared. Audited."""
    qs = SupervisionOrder.objects.filter(status=SupervisionOrder.Status.OPEN)
    if years:
        qs = qs.filter(Q(due_provisional=True) | Q(reply_due__year__gte=min(years), issued_on__year__lte=max(years)))
    cal, changed = watch.calendar(), 0
    for pk in list(qs.values_list("pk", flat=True)):
        with transaction.atomic():
            o = SupervisionOrder.objects.select_for_update().get(pk=pk)
            before = {"reply_due": o.reply_due, "due_provisional": o.due_provisional}
            after = _reply_due(cal, o.issued_on, o.reply_days)
            if after != before:
                o.reply_due, o.due_provisional = after["reply_due"], after["due_provisional"]
                o.save(update_fields=["reply_due", "due_provisional"])
                record(actor=None, action="supervision.order.due_recomputed", target=o, before=before, after=after,
                       role="system", data={"years": sorted(years or [])})
                changed += 1
    return changed


def on_calendar_changed(sender, years=None, **kwargs) -> None:
    recompute_order_dues(set(years or ()))
