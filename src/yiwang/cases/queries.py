"""Read side: which cases a user may see, which actions they may take, the timeline and the receipt."""
from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from yiwang.api.errors import DomainError
from yiwang.org.models import Role
from yiwang.org.scoping import scope_of, scoped

from .domain import lifecycle as lc
from .models import Case, CaseMaterial, CaseStep
from .services.common import _staff_roles, case_roles, ledger_for


def cases_visible_to(user) -> QuerySet[Case]:
    """Applicants: their own cases and those of the applicants they act for (their enterprise's); staff: their
    departments' cases (the item's department) and their halls' (the receiving hall); supervisors and system
    administrators: everything."""
    qs = Case.objects.select_related("item_version", "applicant", "department", "hall")
    return scoped(qs, user, applicant="applicant_id", department="department_id", hall="hall_id")


LAPSED = frozenset({lc.Action.ACCEPT, lc.Action.REFUSE, lc.Action.NOTIFY_SUPPLEMENT})


def applicants_reached(scope) -> Q | None:
    """The applicants a staff member reaches through the cases they handle (their departments' and halls')."""
    if not (scope.case_department_ids or scope.case_hall_ids):
        return None
    cases = Case.objects.filter(Q(department_id__in=scope.case_department_ids) | Q(hall_id__in=scope.case_hall_ids))
    return Q(pk__in=cases.values("applicant_id"))


def actions_allowed(case: Case, user) -> list[str]:
    """What `user` may do with `case` now: the lifecycle table for their parts in the case, narrowed by the rules
    the services check (step holder, separation of steps, extension once, 容缺 outstanding, bundle delivery)."""
    from .services.approval import check_step_holder

    from .services.intake import art32_lapsed

    roles = case_roles(case, user)
    acts = lc.allowed_actions(lc.State(case.state), roles, tier=case.tier, step_index=case.step_index)
    if case.state == lc.State.RECEIVED and set(acts) & LAPSED and art32_lapsed(case):
        # Art. 32: the completeness-check days are over, the law has deemed the case accepted; what is left to
        # the clerk is to record that (视为受理), not to accept, refuse or ask for supplements.
        acts = [a for a in acts if a not in LAPSED]
        if lc.CLERK in roles or lc.OFFICER in roles:
            acts.insert(0, lc.Action.DEEM_ACCEPT.value)
    out = []
    for a in acts:
        if a in lc.STEP_ACTIONS:
            try:
                check_step_holder(case, user)
            except DomainError:
                continue
        if a == lc.Action.EXTEND and case.extension_days:
            continue
        if a == lc.Action.APPROVE and (_has_deferred(case) or not _may_decide_licence(case, user)):
            continue
        if a == lc.Action.SUPPLY_DEFERRED and not _has_deferred(case):
            continue
        if a == lc.Action.DELIVER and case.bundle_case_id:
            continue
        if a == lc.Action.ACCEPT and case.tier == "one_step" and lc.OFFICER not in roles:
            continue
        if a == lc.Action.REVOKE:  # only through a post-check that finds a commitment false
            continue
        if a == lc.Action.SIGN_DEFERRAL and not _only_deferrable_missing(case):
            continue
        if a in lc.HEARING_ACTIONS and not _hearing_allows(case, a, user):
            continue
        if a == lc.Action.RESUME and case.hearing_status in ("requested", "announced", "scheduled"):
            continue  # the signed record ends a hearing
        if a in (lc.Action.APPROVE, lc.Action.DENY) and not _decision_open(case):
            continue

        out.append(a)
    return out


def _hearing(case: Case):
    cached = getattr(case, "_current_hearing", False)
    if cached is False:
        cached = case.hearings.order_by("-id").first() if case.hearing_status else None
        case._current_hearing = cached
    return cached


def _hearing_allows(case: Case, action: str, user) -> bool:
    """The hearing actions the hearing's own state allows (the table has checked the case's state and the role)."""
    status = case.hearing_status
    if action in (lc.Action.NOTIFY_HEARING, lc.Action.ANNOUNCE_HEARING):
        return status not in ("notified", "requested", "announced", "scheduled")
    h = _hearing(case)
    if h is None:
        return False
    if action == lc.Action.REQUEST_HEARING:
        return status == "notified" and timezone.localdate() <= h.request_due
    pending_recusal = bool(h.recusal_requested_on and not h.recusal_decision)
    if action == lc.Action.SCHEDULE_HEARING:
        return status in ("requested", "announced") or (status == "scheduled" and h.recusal_decision == "granted")
    if action == lc.Action.REQUEST_RECUSAL:
        return status == "scheduled" and not pending_recusal
    if action == lc.Action.DECIDE_RECUSAL:
        return status == "scheduled" and pending_recusal
    if action == lc.Action.RECORD_HEARING:
        return status == "scheduled" and not pending_recusal and h.host_id == user.pk \
            and timezone.localdate() >= h.scheduled_for
    return False


def _decision_open(case: Case) -> bool:
    """No decision while the hearing's request period runs (art. 47)."""
    if case.hearing_status != "notified":
        return True
    h = _hearing(case)
    return h is None or timezone.localdate() > h.request_due


def _only_deferrable_missing(case: Case) -> bool:
    """容缺 may be offered: something required is missing and every missing material is a deferrable one."""
    from .domain import materials as mr
    from .services.intake import _status_map, requirements

    from .services import credit_gate

    widened = credit_gate.lenient(case.applicant).lenient_plus
    return mr.completeness(requirements(case), _status_map(case), widened=widened).deferrable_only


def _may_decide_licence(case: Case, user) -> bool:
    from .workbench.licensing import issues_licence, may_issue_for

    return not issues_licence(case) or may_issue_for(user, case)


def _has_deferred(case: Case) -> bool:
    """Whether a 容缺 material is outstanding; from the materials already loaded with the case when they are."""
    loaded = getattr(case, "_prefetched_objects_cache", {}).get("materials")
    if loaded is not None:
        return any(cm.status == CaseMaterial.Status.DEFERRED for cm in loaded)
    return case.materials.filter(status=CaseMaterial.Status.DEFERRED).exists()


# ---- the inbox in SQL ------------------------------------------------------------------------------------------
STAFF_WAITING = frozenset({
    lc.Action.ACCEPT, lc.Action.DEEM_ACCEPT, lc.Action.REFUSE, lc.Action.NOTIFY_SUPPLEMENT, lc.Action.FORWARD,
    lc.Action.SEND_BACK, lc.Action.APPROVE, lc.Action.DENY, lc.Action.RESUME, lc.Action.DELIVER,
})
APPLICANT_WAITING = frozenset({lc.Action.SUPPLEMENT, lc.Action.SUPPLY_DEFERRED})


def _deferred_outstanding() -> Exists:
    return Exists(CaseMaterial.objects.filter(case_id=OuterRef("pk"), status=CaseMaterial.Status.DEFERRED))


def waiting_for(user) -> Q:
    """The cases whose next move is `user`'s, as one SQL condition: exactly the cases for which
    `actions_allowed(case, user)` holds one of STAFF_WAITING (staff) or APPLICANT_WAITING (applicants), so the
    inbox is filtered, ordered and paginated by the database instead of asking every open case in Python.

    Derived from the lifecycle table and the rules `actions_allowed` adds (tests/perf check the two agree):
    - received: refuse is always open to a clerk of the receiving hall (so the case waits for them);
    - under review: the current step's holder, i.e. the role of the step (the window officer's and the acceptor's
      steps: a clerk of the hall, and the acceptor themself once accepted; department steps: that role in the
      case's department), who has taken no *other* step of the case in the multi-step tiers (in 三级审批 the
      acceptance counts as the acceptor's step); at the last step deny is always open, so 容缺 does not matter;
    - suspended: resume, for reviewers, section heads and unit leaders of the department;
    - approved or denied: deliver, for a clerk of the hall, unless the case belongs to a 一件事 (delivered with it);
    - applicants: supplement while supplementing, supply_deferred while a 容缺 material is outstanding.
    """
    S = lc.State
    nothing = Q(pk__in=[])
    if user is None or not getattr(user, "is_authenticated", False):
        return nothing
    rows = _staff_roles(user)
    clerk_halls = sorted({h for r, _d, h, _o in rows if r == Role.CLERK and h})
    officer_halls = sorted({h for r, _d, h, o in rows if r == Role.CLERK and h and o})
    departments = {role: sorted({d for r, d, _h, _o in rows if r == role and d}) for role in lc.DEPARTMENT}
    if user.kind == user.Kind.APPLICANT:
        mine = Q(applicant_id__in=sorted(scope_of(user).applicant_ids))
        if clerk_halls:
            mine |= Q(hall_id__in=clerk_halls)  # a clerk may supplement and supply for the applicant
        return mine & (Q(state=S.SUPPLEMENTING) |
                       (Q(state__in=[S.UNDER_REVIEW, S.SUSPENDED]) & _deferred_outstanding()))
    q = nothing
    if clerk_halls:
        q |= Q(state=S.RECEIVED, hall_id__in=clerk_halls)
        q |= Q(state__in=[S.APPROVED, S.DENIED], hall_id__in=clerk_halls, bundle_case__isnull=True)
    any_department = sorted({d for ids in departments.values() for d in ids})
    if any_department:
        q |= Q(state=S.SUSPENDED, department_id__in=any_department)
    holders = {lc.OFFICER: Q(hall_id__in=officer_halls) if officer_halls else None,
               lc.CLERK: Q(hall_id__in=clerk_halls) if clerk_halls else None,
               **{role: Q(department_id__in=ids) if ids else None for role, ids in departments.items()}}
    for tier, steps in lc.TIERS.items():
        for index, step in enumerate(steps):
            holder = holders[lc.STEP_ROLE[step]]
            if holder is None:
                continue
            cond = Q(state=S.UNDER_REVIEW, tier=tier, step_index=index) & holder
            if step in ("officer", "acceptor"):
                cond &= Q(accepted_by__isnull=True) | Q(accepted_by_id=user.pk)
            if len(steps) >= 2:
                cond &= ~Exists(CaseStep.objects.filter(case_id=OuterRef("pk"), actor_id=user.pk).exclude(step=step))
                if lc.has_acceptor(tier) and step != "acceptor":
                    cond &= Q(accepted_by__isnull=True) | ~Q(accepted_by_id=user.pk)
            q |= cond
    return q


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
