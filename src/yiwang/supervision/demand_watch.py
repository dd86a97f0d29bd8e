"""Warnings over the demands loop (supervision reads the floor below): a department that has not acknowledged
(报到) a dispatched demand by its acknowledgement date, or not replied by its reply date. Yellow on the due day
(or one working day before the reply date), red once it has passed. Kept current by the hourly warnings task;
turned into supervision orders on the board like any other warning."""
from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from yiwang.demands.domain import lifecycle as lc
from yiwang.demands.models import Assignment

from yiwang.audit.services import record
from yiwang.org.models import Role, User

from .models import Warning, WarningKind
from .services import _tell
from .watch import calendar


def _recipients(department_id) -> list[int]:
    return list(User.objects.filter(staff_roles__department_id=department_id, staff_roles__role__in=[
        Role.DEMAND_HANDLER, Role.SECTION_HEAD, Role.UNIT_LEADER]).values_list("pk", flat=True).distinct())


def findings(today: date, qs=None) -> dict[tuple[int, str], dict]:
    cal = calendar()
    qs = Assignment.objects.filter(status__in=[lc.A_DISPATCHED, lc.A_ACKNOWLEDGED]) if qs is None else qs
    out = {}
    for a in qs.select_related("demand", "department"):
        if a.status == lc.A_DISPATCHED:
            kind, due, what = WarningKind.DEMAND_ACK, a.ack_due, "报到"
        else:
            kind, due, what = WarningKind.DEMAND_REPLY, a.reply_due, "答复"
        if today > due:
            level = "red"
        elif today == due or (kind == WarningKind.DEMAND_REPLY and cal.covers(today) and cal.covers(due)
                              and cal.working_days_between(today, due) <= 1):
            level = "yellow"
        else:
            continue
        remaining = cal.working_days_between(today, due) if cal.covers(today) and cal.covers(due) else None
        if today > due and remaining is not None:
            remaining = -cal.working_days_between(due, today)
        out[(a.pk, kind)] = {
            "assignment": a, "kind": kind, "level": level, "due_on": due, "remaining": remaining,
            "detail": f"诉求{a.demand.number}（{a.get_role_display()}）{'已逾期未' if level == 'red' else '今日应'}{what}",
        }
    return out


@transaction.atomic
def sync(today: date | None = None) -> dict:
    """Upsert the demand warnings; clear those whose assignment was acknowledged, replied or superseded."""
    today = today or timezone.localdate()
    found = findings(today)
    existing = {(w.demand_assignment_id, w.kind): w for w in Warning.objects.select_for_update().filter(
        demand_assignment__isnull=False, active=True)}
    created = updated = cleared = 0
    for key, f in found.items():
        w = existing.pop(key, None) or Warning.objects.filter(demand_assignment_id=key[0], kind=key[1]).first()
        if w is None:
            w = Warning(demand_assignment=f["assignment"], kind=f["kind"], department=f["assignment"].department,
                        first_seen_on=today, level_since=today, level=f["level"])
            created += 1
        elif w.level != f["level"] or not w.active:
            w.level_since = today
            updated += 1
        changed = w.pk is None or w.level != f["level"] or not w.active
        w.level, w.due_on, w.remaining_days, w.detail = f["level"], f["due_on"], f["remaining"], f["detail"][:300]
        w.active, w.cleared_on = True, None
        w.save()
        if changed:
            record(actor=None, action="supervision.warning.raise", target=w, after={"level": w.level},
                   data={"demand": f["assignment"].demand.number, "kind": w.kind})
        if w.notified_level != w.level:
            _tell(_recipients(w.department_id), event=f"supervision.warning.{w.level}",
                  subject=f"【{'红色' if w.level == 'red' else '黄色'}预警】诉求{f['assignment'].demand.number}",
                  body=f"{w.detail}，期限{w.due_on:%Y年%m月%d日}。", link=f"/demands/{f['assignment'].demand_id}/",
                  ref=f"warning:{w.pk}")
            w.notified_level = w.level
            w.save(update_fields=["notified_level"])
    for w in existing.values():
        w.active, w.cleared_on, w.notified_level = False, today, "none"
        w.save(update_fields=["active", "cleared_on", "notified_level", "updated_at"])
        record(actor=None, action="supervision.warning.clear", target=w, data={"kind": w.kind})
        cleared += 1
    return {"created": created, "updated": updated, "cleared": cleared}


def board_rows(scope) -> list[dict]:
    qs = scope.filter(Warning.objects.filter(active=True, demand_assignment__isnull=False)).select_related(
        "demand_assignment__demand", "department")
    rows = [{"id": w.pk, "demand_id": w.demand_assignment.demand_id, "number": w.demand_assignment.demand.number,
             "title": w.demand_assignment.demand.title, "department": w.department.name, "kind": w.kind,
             "kind_label": str(w.get_kind_display()), "level": w.level, "due_on": w.due_on,
             "remaining": w.remaining_days, "detail": w.detail} for w in qs]
    return sorted(rows, key=lambda r: (r["level"] != "red", r["due_on"] or date.max))
