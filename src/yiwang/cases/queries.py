"""Read side: which cases a user may see, which actions they may take, the timeline and the receipt."""
from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from yiwang.api.errors import DomainError
from yiwang.org.scoping import scope_of

from .domain import lifecycle as lc
from .models import Case, CaseMaterial
from .services.common import case_roles, ledger_for


def cases_visible_to(user) -> QuerySet[Case]:
    """Applicants: their own cases and those of the applicants they act for (their enterprise's); staff: their
    departments' cases (the item's department) and their halls' (the receiving hall); supervisors and system
    administrators: everything."""
    qs = Case.objects.select_related("item_version", "applicant", "department", "hall")
    if user is None or not user.is_authenticated:
        return qs.none()
    scope = scope_of(user)
    if scope.reads_all:
        return qs
    cond = Q(pk__in=[])
    if scope.applicant_ids:
        cond |= Q(applicant_id__in=scope.applicant_ids)
    if scope.department_ids:
        cond |= Q(department_id__in=scope.department_ids)
    if scope.hall_ids:
        cond |= Q(hall_id__in=scope.hall_ids)
    return qs.filter(cond)


def actions_allowed(case: Case, user) -> list[str]:
    """What `user` may do with `case` now: the lifecycle table for their parts in the case, narrowed by the rules
    the services check (step holder, separation of steps, extension once, 容缺 outstanding, bundle delivery)."""
    from .services.approval import check_step_holder

    roles = case_roles(case, user)
    acts = lc.allowed_actions(lc.State(case.state), roles, tier=case.tier, step_index=case.step_index)
    out = []
    for a in acts:
        if a in lc.STEP_ACTIONS:
            try:
                check_step_holder(case, user)
            except DomainError:
                continue
        if a == lc.Action.EXTEND and case.extension_days:
            continue
        if a == lc.Action.APPROVE and case.materials.filter(status=CaseMaterial.Status.DEFERRED).exists():
            continue
        if a == lc.Action.SUPPLY_DEFERRED and not case.materials.filter(status=CaseMaterial.Status.DEFERRED).exists():
            continue
        if a == lc.Action.DELIVER and case.bundle_case_id:
            continue
        if a == lc.Action.ACCEPT and case.tier == "one_step" and lc.OFFICER not in roles:
            continue
        if a == lc.Action.REVOKE:  # only through a post-check that finds a commitment false
            continue
        out.append(a)
    return out


def clock(case: Case, at: date | None = None) -> dict:
    at = at or timezone.localdate()
    lg = ledger_for(case)
    return {
        "accepted_on": case.accepted_on, "limit_days": case.limit_days, "extension_days": case.extension_days,
        "deadline": lg.deadline(), "days_used": lg.used(at) if lg.is_started else None,
        "days_remaining": lg.remaining(at), "suspended": lg.is_suspended, "overdue": lg.is_overdue(at),
        "provisional": lg.provisional(at), "stopped_on": case.stopped_on,
    }


def timeline(case: Case, at: date | None = None) -> dict:
    """The case's events with their dates, the deadline and the working days used (for the API and pages)."""
    events = [
        {"on": e.on, "at": e.at, "action": e.action,
         "label": lc.ACTION_LABELS.get(e.action, {"submit": "提交申请", "post_check": "告知承诺核查"}.get(e.action, e.action)),
         "actor": str(e.actor) if e.actor_id else "系统", "role": e.role, "from_state": e.from_state,
         "to_state": e.to_state, "note": e.note, "data": e.data}
        for e in case.events.select_related("actor").order_by("at", "id")
    ]
    return {"case": case.pk, "number": case.number, "state": case.state,
            "state_label": lc.STATE_LABELS[lc.State(case.state)], "events": events, **clock(case, at)}


def receipt(case: Case) -> dict:
    """受理凭证: what the voucher prints."""
    if not case.number:
        raise DomainError("办件尚未受理，没有受理凭证")
    return {
        "number": case.number, "item": case.item_version.name, "item_code": case.item_version.item.code,
        "applicant": case.applicant.name, "department": case.department.name, "hall": case.hall.name,
        "accepted_on": case.accepted_on, "deadline": case.deadline, "provisional": case.deadline_provisional,
        "deemed_accepted": case.deemed_accepted, "deferral_due": case.deferral_due,
        "deferred": list(case.materials.filter(status=CaseMaterial.Status.DEFERRED)
                         .values_list("material__name", flat=True)),
    }
