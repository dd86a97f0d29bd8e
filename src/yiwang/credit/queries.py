"""Reads more than one page or API needs: the public search, what is published, a subject's panel."""
from __future__ import annotations

import datetime as dt
import re

from django.db.models import Q
from django.utils import timezone

from .domain import kinds as k
from .domain import measures as dm
from .models import Grade, GradeModel, Record, Repair, Subject

CODE_RE = re.compile(r"^[0-9A-Za-z]{15,18}$")


def published(qs=None, today: dt.date | None = None):
    """Records shown on the public 信用公示 pages: in force, of a published kind, within the publication window."""
    today = today or timezone.localdate()
    qs = Record.objects.all() if qs is None else qs
    return qs.filter(status=Record.Status.ACTIVE, kind__in=list(k.PUBLISHED_KINDS)).filter(
        Q(publish_until__isnull=True) | Q(publish_until__gte=today))


def search(q: str, limit: int = 20) -> list[Subject]:
    """By USCC (or ID number) exactly, or by name (contains; trigram index on PostgreSQL)."""
    q = "".join((q or "").split())
    if not q:
        return []
    if CODE_RE.match(q):
        return list(Subject.objects.by_code(q)[:limit])
    if len(q) < 2:
        return []
    return list(Subject.objects.filter(name__icontains=q).order_by("name")[:limit])


def panel(subject: Subject, *, full: bool, today: dt.date | None = None) -> dict:
    """What a subject's credit panel shows: published records (all records when `full`), current grades with their
    explanations, grade history, the measures in force and why."""
    from .services.measures import _measures, state_of
    from .services.repairs import repair_check

    today = today or timezone.localdate()
    qs = subject.records.select_related("department")
    records = list(qs.order_by("-decided_on", "-pk")) if full else list(published(qs, today).order_by("-decided_on"))
    grades, history = {}, {}
    if full:
        for kind in GradeModel.Kind.values:
            rows = list(Grade.objects.filter(subject=subject, kind=kind).select_related("model")[:10])
            if rows:
                grades[kind], history[kind] = rows[0], rows
    applied = dm.applicable(_measures(), state_of(subject), today) if full else []
    repairs = ({r.record_id: r for r in Repair.objects.filter(record__subject=subject, status=Repair.Status.SUBMITTED)}
               if full else {})
    for r in records:
        r.repair_reason = repair_check(r, today) if full else ""
        r.open_repair = repairs.get(r.pk)
    return {"subject": subject, "records": records, "grades": grades, "history": history,
            "applied": [a.as_dict() for a in applied], "full": full, "repairable_kinds": k.REPAIRABLE_KINDS}
