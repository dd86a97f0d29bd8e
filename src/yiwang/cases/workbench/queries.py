"""Read side of the workbench: the counter's queues, the personal inbox and a department's load."""
from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from yiwang.catalog.models import ServiceItem
from yiwang.org.models import Role, StaffRole

from ..domain import lifecycle as lc
from ..models import BundleCase, Case, CaseStep
from ..queries import cases_visible_to
from ..services.common import ledger_for
from . import conf
from .urgency import classify, days_remaining

S = lc.State
CONCLUDED = lc.CONCLUDED


def _calendar():
    from yiwang.workdays.services import get_calendar

    return get_calendar()


def hall_ids(user) -> list[int]:
    return list(user.staff_roles.filter(role=Role.CLERK, hall__isnull=False).values_list("hall_id", flat=True))


def _step_q(tier: str, role: str) -> Q:
    """Cases whose current approval step (tier, step_index) belongs to `role`."""
    q = Q(pk__in=[])
    for i, step in enumerate(lc.steps_of(tier)):
        if lc.STEP_ROLE[step] == role:
            q |= Q(tier=tier, step_index=i)
    return q


def waiting_q(user) -> Q:
    """The cases waiting for `user`: at a clerk's hall the received ones (to accept, refuse or notify) and the
    acceptor's/officer's own first steps; in a department the steps their role holds and the suspended ones."""
    q = Q(pk__in=[])
    for role, department_id, hall_id in user.staff_roles.values_list("role", "department_id", "hall_id"):
        if role == Role.CLERK and hall_id:
            q |= Q(hall_id=hall_id, state=S.RECEIVED)
            q |= Q(hall_id=hall_id, state=S.UNDER_REVIEW, accepted_by=user) & (
                _step_q("one_step", lc.OFFICER) | _step_q("three_step", lc.CLERK) | _step_q("three_plus", lc.CLERK))
        elif role in lc.DEPARTMENT and department_id:
            steps = Q(pk__in=[])
            for tier in lc.TIERS:
                steps |= _step_q(tier, role)
            q |= Q(department_id=department_id) & ((Q(state=S.UNDER_REVIEW) & steps) | Q(state=S.SUSPENDED))
    return q


def annotate_urgency(cases, today: date | None = None):
    """Attach `.urgency` (level, days remaining) to each case."""
    today = today or timezone.localdate()
    cal, near = _calendar(), conf.near_limit_days()
    for c in cases:
        started = c.accepted_on is not None
        if c.state == S.RECEIVED:  # art. 32: five working days to accept, refuse or notify
            from .. import conf as cases_conf

            due = cal.add_working_days(c.pending_since, cases_conf.completeness_check_days())
            c.urgency = classify(days_remaining(cal, today, due), near=1)
            c.due = due
        elif c.state in CONCLUDED:
            c.due = c.deadline
            used = ledger_for(c, cal).used(c.stopped_on or today) if started else None
            c.urgency = classify(None, near=near, started=started, concluded=True, used=used)
        else:
            c.due = c.deadline
            c.urgency = classify(days_remaining(cal, today, c.deadline), near=near,
                                 suspended=c.state == S.SUSPENDED, started=started)
    return cases


def inbox(user, *, item: str = "", state: str = ""):
    """The cases waiting for `user`, soonest deadline first (cases with no deadline last)."""
    qs = cases_visible_to(user).filter(waiting_q(user)).select_related("item_version__item", "applicant")
    if item:
        qs = qs.filter(item_version__item_id=item) if str(item).isdigit() else qs.none()
    if state:
        qs = qs.filter(state=state)
    return qs.order_by(F("deadline").asc(nulls_last=True), "pending_since", "pk")


def inbox_filters(user):
    waiting = cases_visible_to(user).filter(waiting_q(user))
    items = ServiceItem.objects.filter(pk__in=waiting.values("item_version__item_id")).order_by("code")
    states = [(s.value, lc.STATE_LABELS[s]) for s in (S.RECEIVED, S.UNDER_REVIEW, S.SUSPENDED)]
    return items, states


# ---- the counter -------------------------------------------------------------------------------------------------
def today_queue(user, today: date | None = None):
    """Cases filed at the clerk's halls today, and the received ones still waiting for a decision (art. 32)."""
    today = today or timezone.localdate()
    halls = hall_ids(user)
    base = Case.objects.filter(hall_id__in=halls).select_related("item_version", "applicant")
    filed_today = list(base.filter(received_on=today).order_by("-created_at"))
    pending = annotate_urgency(list(base.filter(state__in=[S.RECEIVED, S.SUPPLEMENTING])  # 绿色通道 first
                                    .order_by("-green_channel", "pending_since", "pk")), today)
    return filed_today, pending


def ready_for_delivery(user):
    """统一窗口出件: decided single cases and concluded bundles at the clerk's halls, not yet handed over."""
    halls = hall_ids(user)
    cases = (Case.objects.filter(hall_id__in=halls, state__in=[S.APPROVED, S.DENIED], bundle_case__isnull=True)
             .select_related("item_version", "applicant", "delivery_choice").order_by("delivery_due", "pk"))
    bundles = (BundleCase.objects.filter(hall_id__in=halls, status=BundleCase.Status.CONCLUDED)
               .select_related("bundle", "applicant", "delivery_choice").order_by("concluded_on", "pk"))
    return list(cases), list(bundles)


def recently_delivered(user, days: int = 7):
    since = timezone.localdate() - timedelta(days=days)
    return (Case.objects.filter(hall_id__in=hall_ids(user), state=S.DELIVERED, delivered_on__gte=since)
            .select_related("item_version", "applicant").order_by("-delivered_on", "-pk")[:30])


# ---- department load -------------------------------------------------------------------------------------------
def load_departments(user) -> list[int]:
    """Departments whose load `user` may see: where they are section head or unit leader; every department for
    supervisors, system administrators and superusers."""
    from yiwang.org.models import Department
    from yiwang.org.scoping import scope_of

    if scope_of(user).reads_all:
        return list(Department.objects.filter(service_items__isnull=False).values_list("pk", flat=True)
                    .distinct().order_by("pk"))
    return list(user.staff_roles.filter(role__in=[Role.SECTION_HEAD, Role.UNIT_LEADER], department__isnull=False)
                .values_list("department_id", flat=True).distinct())


def department_load(department_id: int, today: date | None = None) -> dict:
    """Open cases per state, per waiting step and per person (the steps they took on open cases and in the last
    30 days), and how many are overdue."""
    today = today or timezone.localdate()
    open_states = [s.value for s in lc.OPEN]
    qs = Case.objects.filter(department_id=department_id, state__in=open_states)
    per_state = {row["state"]: row["n"] for row in qs.values("state").annotate(n=Count("pk"))}
    states = [(lc.STATE_LABELS[s], per_state.get(s.value, 0)) for s in (S.RECEIVED, S.SUPPLEMENTING,
                                                                      S.UNDER_REVIEW, S.SUSPENDED)]
    per_step: dict[str, int] = {}
    for tier, idx, n in (qs.filter(state=S.UNDER_REVIEW).values_list("tier", "step_index")
                         .annotate(n=Count("pk"))):
        try:
            label = lc.STEP_LABELS[lc.steps_of(tier)[idx]]
        except (ValueError, IndexError):
            continue
        per_step[label] = per_step.get(label, 0) + n
    overdue = qs.filter(state=S.UNDER_REVIEW, deadline__lt=today).count()
    since = today - timedelta(days=30)
    people = []
    staff = (StaffRole.objects.filter(department_id=department_id, role__in=lc.DEPARTMENT)
             .select_related("user").order_by("role", "user__username"))
    for sr in staff:
        steps = CaseStep.objects.filter(actor=sr.user, case__department_id=department_id)
        people.append({
            "name": sr.user.display_name or sr.user.username, "role": Role(sr.role).label,
            "open_handled": steps.filter(case__state__in=open_states).values("case").distinct().count(),
            "steps_30": steps.filter(at__date__gte=since).count(),
        })
    soonest = annotate_urgency(list(qs.filter(state=S.UNDER_REVIEW, deadline__isnull=False)
                                    .select_related("item_version", "applicant").order_by("deadline", "pk")[:50]), today)
    at_risk = [c for c in soonest if c.urgency.level in ("near", "overdue")][:20]
    return {"states": states, "per_step": sorted(per_step.items()), "overdue": overdue,
            "open_total": sum(per_state.values()), "people": people, "at_risk": at_risk}
