"""Keeping stored deadlines true to the calendar: loading a calendar year recomputes open cases' deadlines."""
from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from yiwang.audit.services import record

from ..domain import lifecycle as lc
from ..models import Case
from .common import calendar, lock, refresh_deadline


def recompute_open_deadlines(years: set[int] | None = None) -> int:
    """Recompute the deadline of every case whose clock runs and whose span touches one of `years` (all running
    cases when None): provisional ones, suspended ones and those accepted in or running into those years.
    Returns how many deadlines changed."""
    qs = Case.objects.filter(state__in=[s.value for s in lc.CLOCK_RUNNING], accepted_on__isnull=False)
    if years:
        lo, hi = min(years), max(years)
        qs = qs.filter(Q(deadline_provisional=True) | Q(deadline__isnull=True) |
                       Q(accepted_on__year__lte=hi, deadline__year__gte=lo))
    cal, today, changed = calendar(), timezone.localdate(), 0
    for pk in list(qs.values_list("pk", flat=True)):
        with transaction.atomic():
            case = lock(pk, None)
            before = {"deadline": case.deadline, "deadline_provisional": case.deadline_provisional}
            refresh_deadline(case, cal, at=today)
            after = {"deadline": case.deadline, "deadline_provisional": case.deadline_provisional}
            if after != before:
                case.save(update_fields=["deadline", "deadline_provisional", "updated_at"])
                record(actor=None, action="case.deadline_recomputed", target=case, before=before, after=after,
                       role=lc.SYSTEM, data={"years": sorted(years or [])})
                changed += 1
    return changed + recompute_due_dates(years)


def recompute_due_dates(years: set[int] | None = None) -> int:
    """The other due dates (delivery, 告知承诺 post-check, 容缺 supply) of cases still waiting on them, recomputed
    (and their provisional mark set or cleared) after a calendar year was loaded. Returns how many changed."""
    from .approval import set_due_dates

    waiting = (Q(state__in=[lc.State.APPROVED, lc.State.DENIED], delivered_on__isnull=True,
                 decided_on__isnull=False)
               | Q(post_check__status="pending") | Q(deferral_due__isnull=False, state__in=list(lc.CLOCK_RUNNING)))
    qs = Case.objects.filter(waiting)
    if years:
        lo, hi = min(years), max(years)
        qs = qs.filter(Q(delivery_due_provisional=True) | Q(post_check__due_provisional=True)
                       | Q(deferral_due_provisional=True) | Q(delivery_due__year__gte=lo, decided_on__year__lte=hi)
                       | Q(post_check__due_on__year__gte=lo) | Q(deferral_due__year__gte=lo))
    cal, changed = calendar(), 0
    for pk in list(qs.values_list("pk", flat=True).distinct()):
        with transaction.atomic():
            case = lock(pk, None)
            before = {"delivery_due": case.delivery_due, "delivery_due_provisional": case.delivery_due_provisional,
                      "deferral_due_provisional": case.deferral_due_provisional}
            if set_due_dates(case, cal):
                case.save(update_fields=["delivery_due", "delivery_due_provisional", "deferral_due_provisional",
                                         "updated_at"])
                record(actor=None, action="case.due_dates_recomputed", target=case, before=before,
                       after={"delivery_due": case.delivery_due,
                              "delivery_due_provisional": case.delivery_due_provisional,
                              "deferral_due_provisional": case.deferral_due_provisional},
                       role=lc.SYSTEM, data={"years": sorted(years or [])})
                changed += 1
    return changed


def on_calendar_changed(sender, years=None, **kwargs) -> None:
    recompute_open_deadlines(set(years or ()))
