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
    return changed


def on_calendar_changed(sender, years=None, **kwargs) -> None:
    recompute_open_deadlines(set(years or ()))
