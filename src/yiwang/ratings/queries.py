"""Read side: which services of a case may be rated, what a user may see, the figures the supervision dashboard
reads and the public, anonymised summary."""
from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet

from yiwang.cases.domain import lifecycle as lc
from yiwang.cases.models import Case
from yiwang.org.scoping import scope_of, scoped

from . import access, conf
from .domain.grades import GRADE_LABELS, GRADES
from .domain.masking import mask
from .domain.occasions import SERVICE_LABELS, CaseFacts, occasions, services_for
from .models import Invitation, Rating, Rectification

FINAL_STATES = frozenset({lc.State.DELIVERED, lc.State.REFUSED, lc.State.WITHDRAWN, lc.State.TERMINATED,
                          lc.State.REVOKED})


# ---- occasions ---------------------------------------------------------------------------------------------------
def facts_for(case: Case) -> CaseFacts:
    concluded_on = None
    if case.state in FINAL_STATES:
        ev = case.events.filter(to_state__in=[s.value for s in FINAL_STATES]).order_by("on", "id").first()
        concluded_on = ev.on if ev else (case.delivered_on or case.decided_on)
    return CaseFacts(
        channel=case.channel, promised=bool(case.item_version.promised_limit_days),
        accepted_on=case.accepted_on, refused_on=case.decided_on if case.state == lc.State.REFUSED else None,
        delivered_on=case.delivered_on, concluded_on=concluded_on)


def occasions_for(case: Case) -> dict[str, date]:
    """Services of the case that have happened and may be rated (rated or not)."""
    return occasions(facts_for(case), twice_for_promised=conf.twice_for_promised())


def services_of(case: Case) -> tuple[str, ...]:
    return services_for(facts_for(case), twice_for_promised=conf.twice_for_promised())


def rating_board(case: Case) -> list[dict]:
    """Each service of the case: whether it can be rated yet, and its rating if there is one."""
    happened = occasions_for(case)
    rated = {r.service: r for r in case.ratings.all()}
    return [{"service": s, "label": SERVICE_LABELS[s], "service_on": happened.get(s), "open": s in happened,
             "rating": rated.get(s)} for s in services_of(case)]


def cases_to_rate(user) -> list[dict]:
    """The applicant's cases with a service rated or waiting to be rated (newest first)."""
    scope = scope_of(user)
    if not scope.applicant_ids:
        return []
    cases = (Case.objects.filter(applicant_id__in=scope.applicant_ids)
             .filter(Q(accepted_on__isnull=False) | Q(state__in=[s.value for s in FINAL_STATES]))
             .select_related("item_version", "department").order_by("-created_at", "-id")[:50])
    out = []
    for case in cases:
        board = [b for b in rating_board(case) if b["open"]]
        if board:
            out.append({"case": case, "board": board})
    return out


# ---- visibility --------------------------------------------------------------------------------------------------
def ratings_visible_to(user) -> QuerySet[Rating]:
    qs = Rating.objects.select_related("case", "department", "item", "applicant")
    return scoped(qs, user, applicant="applicant_id", department="department_id")


def rectifications_visible_to(user) -> QuerySet[Rectification]:
    qs = Rectification.objects.select_related("rating", "rating__case", "rating__item", "department")
    return scoped(qs, user, applicant="rating__applicant_id", department="department_id")


def actions_on(rect: Rectification, user) -> list[str]:
    """What `user` may do with the rectification now (the services check the same)."""
    out = []
    unit = access.in_unit(user, rect.department_id)
    live = rect.status in (Rectification.Status.OPEN, Rectification.Status.CONTACTED)
    if unit and rect.status == Rectification.Status.OPEN:
        out.append("follow_up")
    if unit and rect.status == Rectification.Status.CONTACTED:
        out.append("reply")
    if (access.in_unit(user, rect.department_id, access.UNIT_APPEAL_ROLES) and not rect.appeal_status
            and (live or rect.status == Rectification.Status.REPLIED)):
        out.append("appeal")
    if access.is_supervisor(user) and rect.appeal_status == Rectification.Appeal.PENDING:
        out.append("review")
    if (rect.status == Rectification.Status.REPLIED and rect.rater_grade is None
            and access.is_rater(user, rect.rating.case)):
        out.append("rate_rectification")
    return out


# ---- figures -----------------------------------------------------------------------------------------------------
def _rate(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


def figures(period_start: date, period_end: date, department=None) -> dict:
    """Ratings given in [period_start, period_end] (excluded ones left out): counts per grade, negative count and
    their rectification — followed up, replied, replied on time, rectification rate (replied / negative)."""
    qs = Rating.objects.filter(rated_on__gte=period_start, rated_on__lte=period_end)
    if department is not None:
        qs = qs.filter(department_id=getattr(department, "pk", department))
    excluded = qs.filter(excluded=True).count()
    qs = qs.filter(excluded=False)
    per_grade = {g: 0 for g in GRADES}
    for row in qs.values("grade").annotate(n=Count("id")):
        per_grade[row["grade"]] = row["n"]
    total = sum(per_grade.values())
    rects = Rectification.objects.filter(rating__in=qs.filter(negative=True)).exclude(
        status=Rectification.Status.WITHDRAWN)
    negative = rects.count()
    replied = list(rects.filter(status=Rectification.Status.REPLIED).values_list("replied_on", "reply_due"))
    followed = list(rects.filter(contacted_on__isnull=False).values_list("contacted_on", "follow_up_due"))
    on_time = sum(1 for r, due in replied if r <= due)
    return {
        "period_start": period_start, "period_end": period_end,
        "department": getattr(department, "pk", department),
        "total": total, "per_grade": per_grade,
        "per_grade_labelled": {GRADE_LABELS[g]: n for g, n in per_grade.items()},
        "satisfied": per_grade[5] + per_grade[4] + per_grade[3],
        "satisfaction_rate": _rate(per_grade[5] + per_grade[4] + per_grade[3], total),
        "negative": negative, "followed_up": len(followed),
        "followed_up_on_time": sum(1 for c, due in followed if c <= due),
        "rectified": len(replied), "rectified_on_time": on_time,
        "rectification_rate": _rate(len(replied), negative), "on_time_rate": _rate(on_time, negative),
        "excluded": excluded,
    }


def rating_counts(period_start: date, period_end: date, department_ids=None) -> dict[int, dict]:
    """Per department, ratings given in the period (excluded ones left out): how many, how many negative, how many
    negative ones rectified (replied). One grouped query each; read by the supervision dashboard."""
    qs = Rating.objects.filter(rated_on__gte=period_start, rated_on__lte=period_end, excluded=False)
    if department_ids is not None:
        qs = qs.filter(department_id__in=list(department_ids))
    blank = {"ratings": 0, "negative": 0, "rectified": 0, "services": 0, "invited": 0, "answered": 0}
    out: dict[int, dict] = {}
    for row in qs.values("department_id").annotate(n=Count("id"), neg=Count("id", filter=Q(negative=True))):
        out[row["department_id"]] = {**blank, "ratings": row["n"], "negative": row["neg"]}
    replied = (Rectification.objects.filter(rating__in=qs.filter(negative=True), status=Rectification.Status.REPLIED)
               .values("rating__department_id").annotate(n=Count("id")))
    for row in replied:
        out.setdefault(row["rating__department_id"], dict(blank))["rectified"] = row["n"]
    # Invitations by the day their service happened: each is a ratable service; sent when it reached a channel;
    # answered when the rater's rating (or one recorded on their behalf) came back.
    inv = Invitation.objects.filter(service_on__gte=period_start, service_on__lte=period_end)
    if department_ids is not None:
        inv = inv.filter(department_id__in=list(department_ids))
    for row in inv.values("department_id").annotate(
            n=Count("id"), sent=Count("id", filter=~Q(channels=[])),
            back=Count("id", filter=~Q(channels=[]) & Q(rating__isnull=False))):
        d = out.setdefault(row["department_id"], dict(blank))
        d.update({"services": row["n"], "invited": row["sent"], "answered": row["back"]})
    return out


# ---- public, anonymised ------------------------------------------------------------------------------------------
def _distribution(qs) -> list[dict]:
    counts = {g: 0 for g in GRADES}
    for row in qs.values("grade").annotate(n=Count("id")):
        counts[row["grade"]] = row["n"]
    total = sum(counts.values()) or 1
    return [{"grade": g, "label": GRADE_LABELS[g], "count": counts[g], "share": round(100 * counts[g] / total, 1)}
            for g in GRADES]


def public_summary(period_start: date, period_end: date, department_id: int | None = None) -> dict:
    """What the public page shows: per department and per item the grade distribution and the rectification rate,
    and the negative ratings with their replies — no names, no case numbers, identifiers in text masked."""
    base = Rating.objects.filter(rated_on__gte=period_start, rated_on__lte=period_end, excluded=False)
    if department_id:
        base = base.filter(department_id=department_id)
    departments = []
    for dep_id, dep_name in base.values_list("department_id", "department__name").distinct().order_by(
            "department__name"):
        dq = base.filter(department_id=dep_id)
        figs = figures(period_start, period_end, dep_id)
        items = []
        for item_id, item_name in dq.values_list("item_id", "item__name").distinct().order_by("item__name"):
            iq = dq.filter(item_id=item_id)
            neg = Rectification.objects.filter(rating__in=iq.filter(negative=True)).exclude(
                status=Rectification.Status.WITHDRAWN)
            n_neg = neg.count()
            items.append({"name": item_name, "total": iq.count(), "distribution": _distribution(iq),
                          "negative": n_neg,
                          "rectification_rate": _rate(neg.filter(status=Rectification.Status.REPLIED).count(),
                                                      n_neg)})
        departments.append({"id": dep_id, "name": dep_name, "figures": figs, "distribution": _distribution(dq),
                            "items": items})
    replies = []
    for rect in (Rectification.objects.filter(rating__in=base.filter(negative=True))
                 .exclude(status=Rectification.Status.WITHDRAWN)
                 .select_related("rating", "rating__item", "department").order_by("-rating__rated_on", "-id")[:50]):
        r = rect.rating
        replies.append({
            "department": rect.department.name, "item": r.item.name, "rated_on": r.rated_on,
            "grade": r.grade, "grade_label": GRADE_LABELS[r.grade], "service": SERVICE_LABELS[r.service],
            "tags": list(r.tags), "comment": mask(r.comment), "status": rect.get_status_display(),
            "reply": mask(rect.reply) if rect.status == Rectification.Status.REPLIED else "",
            "replied_on": rect.replied_on, "on_time": rect.replied_on_time,
        })
    return {"period_start": period_start, "period_end": period_end, "departments": departments,
            "replies": replies, "overall": figures(period_start, period_end, department_id)}
