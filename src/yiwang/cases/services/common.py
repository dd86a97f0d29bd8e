"""What every case service shares: who plays which part in a case, locking with the expected version, the
lifecycle check, the event/audit trail, messages to the applicant and the deadline ledger."""
from __future__ import annotations

from datetime import date

from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.services import record
from yiwang.notify.services import enqueue
from yiwang.org.models import Role

from ..domain import lifecycle as lc
from ..domain.ledger import Ledger, Suspension as LedgerSuspension
from ..models import Case, CaseEvent
from ..signals import case_changed


class Forbidden(DomainError):
    """The action exists in this state but is not this person's part (403)."""

    status = 403
    code = "forbidden"


def today_or(d: date | None) -> date:
    return d or timezone.localdate()


def calendar():
    from yiwang.workdays.services import get_calendar

    return get_calendar()


# ---- who plays which part -------------------------------------------------------------------------------------
def _staff_roles(user) -> list[tuple[str, int | None, int | None, bool]]:
    cached = getattr(user, "_yiwang_case_roles", None)
    if cached is None:
        scope = getattr(user, "_yiwang_scope", None)  # read this request already by org.scoping.scope_of
        cached = list(scope.staff_roles) if scope is not None else \
            list(user.staff_roles.values_list("role", "department_id", "hall_id", "is_window_officer"))
        user._yiwang_case_roles = cached
    return cached


def case_roles(case: Case, user) -> set[str]:
    """The lifecycle parts `user` may play in `case` (see domain.lifecycle)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    roles: set[str] = set()
    if user.kind == user.Kind.APPLICANT:
        from yiwang.org.scoping import scope_of

        if case.applicant_id in scope_of(user).applicant_ids:
            roles.add(lc.APPLICANT)
    for role, department_id, hall_id, officer in _staff_roles(user):
        if role == Role.CLERK and hall_id == case.hall_id:
            roles.add(lc.CLERK)
            if officer:
                roles.add(lc.OFFICER)
        elif role in lc.DEPARTMENT and department_id == case.department_id:
            roles.add(role)
    return roles


def holds(user, role: str) -> bool:
    return any(r == role for r, *_ in _staff_roles(user)) if user is not None else False


# ---- locking and the lifecycle check -------------------------------------------------------------------------
def lock(case_or_pk, expected_version: int | None) -> Case:
    """Lock the case row and compare the version the caller saw (None only for system tasks)."""
    pk = getattr(case_or_pk, "pk", case_or_pk)
    case = Case.objects.select_for_update(of=("self",)).select_related("item_version", "applicant").get(pk=pk)
    if expected_version is not None and case.version != int(expected_version):
        raise Conflict("办件已被他人更新，请刷新后重试", code="stale_version",
                       extra={"state": case.state, "version": case.version,
                              "allowed_actions": lc.allowed_actions(lc.State(case.state), tier=case.tier,
                                                                    step_index=case.step_index)})
    return case


def check(case: Case, action: lc.Action, roles: set[str]) -> lc.State:
    try:
        return lc.check(lc.State(case.state), action, roles, tier=case.tier, step_index=case.step_index)
    except lc.IllegalTransition as exc:
        cls = Forbidden if exc.kind == "role" else Conflict
        raise cls(exc.message, extra={"state": case.state, "allowed_actions": exc.allowed}) from None


def role_label(roles: set[str], preferred: set[str] | frozenset[str] | None = None) -> str:
    for r in (lc.UNIT_LEADER, lc.SECTION_HEAD, lc.REVIEWER, lc.OFFICER, lc.CLERK, lc.APPLICANT, lc.SYSTEM):
        if r in roles and (preferred is None or r in preferred):
            return r
    return next(iter(sorted(roles)), "")


def snapshot(case: Case) -> dict:
    return {
        "state": case.state, "version": case.version, "step_index": case.step_index, "number": case.number,
        "deadline": case.deadline, "accepted_on": case.accepted_on, "extension_days": case.extension_days,
        "deferral_due": case.deferral_due, "decided_on": case.decided_on, "delivered_on": case.delivered_on,
    }


def commit(case: Case, *, action: str, actor, role: str, on: date, before: dict, note: str = "",
           data: dict | None = None, bump: bool = True) -> Case:
    """Save the case (bumping its version), append the case event and the audit event."""
    if bump:
        case.version += 1
    case.save()
    CaseEvent.objects.create(case=case, action=action, actor=actor if getattr(actor, "pk", None) else None,
                             role=role, on=on, from_state=before.get("state", ""), to_state=case.state,
                             note=note, data=_jsonable(data or {}))
    record(actor=actor, action=f"case.{action}", target=case, before=before, after=snapshot(case), role=role,
           data=data)
    case_changed.send(sender=Case, case=case, action=str(action), from_state=before.get("state", ""), on=on)
    if case.bundle_case_id and lc.State(case.state) in lc.CONCLUDED and before.get("state") in lc.OPEN:
        from .bundles import update_bundle

        update_bundle(case.bundle_case_id, on)
    return case


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def require_text(value: str | None, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field)
    return value


# ---- messages to the applicant ----------------------------------------------------------------------------------
def tell_applicant(case: Case, event: str, subject: str, body: str) -> None:
    applicant = case.applicant
    user = applicant.user
    submitter = case.submitted_by
    if user is None and submitter.kind == submitter.Kind.APPLICANT:
        user = submitter
    ref = case.number or f"case:{case.pk}"
    enqueue(event=f"case.{event}", subject=subject, body=body, user=user, email=applicant.email,
            phone=applicant.phone, link=f"/cases/{case.pk}/", ref=ref)


# ---- the clock --------------------------------------------------------------------------------------------------
def ledger_for(case: Case, cal=None) -> Ledger:
    cal = cal or calendar()
    lg = Ledger(cal)
    if case.accepted_on is None:
        return lg
    lg.started_on, lg.limit_days = case.accepted_on, case.limit_days or 0
    lg.suspensions = [LedgerSuspension(s.started_on, s.resumed_on, s.reason)
                      for s in case.suspensions.order_by("started_on", "id")]
    lg.extension_days = case.extension_days
    lg.stopped_on = case.stopped_on
    return lg


def refresh_deadline(case: Case, cal=None, at: date | None = None) -> Case:
    """Store the ledger's deadline (None while suspended) and whether it is provisional (not saved here)."""
    lg = ledger_for(case, cal)
    case.deadline = lg.deadline()
    case.deadline_provisional = lg.provisional(at or timezone.localdate())
    return case
