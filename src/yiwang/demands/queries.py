"""Reads: who sees which demands, the department inbox, the timeline, the figures with their definitions."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Exists, OuterRef, Q

from yiwang.enterprises.models import Assignment as Commission
from yiwang.org.models import Role
from yiwang.org.scoping import scope_of

from .domain import lifecycle as lc
from .models import Assignment, Demand, Event


def visible_demands(user, qs=None):
    """The centre (and supervisors, system administrators) everything; a department's handlers, section heads and
    unit leaders the demands dispatched to their department (any round: the supervision board warns the heads of
    an assignment not acknowledged in time); a commissioner the demands of the enterprises they serve and
    those they raised; a leader the demands escalated to them; an enterprise's agent its own; anyone else nothing."""
    qs = Demand.objects.all() if qs is None else qs
    if user is None or not user.is_authenticated:
        return qs.none()
    scope = scope_of(user)
    if scope.reads_all or scope.has(Role.SERVICE_CENTRE):
        return qs
    cond = Q(pk__in=[])
    handler_deps = [dep for role, dep, _h, _o in scope.staff_roles
                    if role in (Role.DEMAND_HANDLER, Role.SECTION_HEAD, Role.UNIT_LEADER) and dep]
    if handler_deps:
        cond |= Q(Exists(Assignment.objects.filter(demand=OuterRef("pk"), department_id__in=handler_deps)))
    if scope.has(Role.COMMISSIONER):
        cond |= Q(submitted_by=user) | Q(enterprise_id__in=Commission.objects.filter(
            commissioner=user, ended_on__isnull=True).values("enterprise_id"))
    if scope.is_staff:  # a leader a demand was escalated to (the message they get links to it)
        cond |= Q(escalated_to=user)
    if scope.applicant_ids:
        cond |= Q(enterprise__applicant_id__in=scope.applicant_ids)
    return qs.filter(cond)


def department_inbox(department_ids, *, open_only: bool = True):
    """A department's assignments, newest first (served by the assignment_inbox index)."""
    qs = Assignment.objects.filter(department_id__in=department_ids)
    if open_only:
        qs = qs.filter(status__in=[lc.A_DISPATCHED, lc.A_ACKNOWLEDGED])
    return qs.select_related("demand", "demand__category", "demand__enterprise").order_by("-dispatched_on", "-id")


def timeline(demand: Demand, *, internal: bool):
    qs = Event.objects.filter(demand=demand).select_related("actor", "department")
    return qs if internal else qs.filter(public=True)


def may_see_internal(user, demand: Demand) -> bool:
    scope = scope_of(user)
    return scope.is_staff and not scope.applicant_ids.intersection(
        {demand.enterprise.applicant_id} if demand.enterprise_id else set())


# ---- figures --------------------------------------------------------------------------------------------------------
DEFINITIONS = {
    "received": "收到：统计期内提交的诉求数",
    "accepted": "受理：其中已受理的诉求数（不含不予受理和待受理）",
    "closed": "办结：其中已办结的诉求数",
    "closure_rate": "办结率：办结 ÷ 受理",
    "ack_on_time": "按时报到率：派单中在报到期限内报到的比例（未报到且已过期限的计为未按时）",
    "reply_on_time": "按时答复率：派单中在答复期限内答复的比例（未答复且已过期限的计为未按时）",
    "avg_days": "平均办理工作日：办结诉求从受理到办结的工作日数的平均",
    "satisfaction": "满意率：企业评价为满意或基本满意的 ÷ 作出评价的（自动办结不计入分母）",
    "reopen_rate": "重办率：曾因不满意重新办理的 ÷ 办结",
}
DIMENSIONS = {"category": "分类", "department": "牵头部门", "channel": "渠道", "park": "园区", "month": "月份"}


def _key(d: Demand, dimension: str):
    if dimension == "category":
        return d.category.name
    if dimension == "department":
        return d.lead_department.name if d.lead_department_id else "（未派单）"
    if dimension == "channel":
        return d.get_channel_display()
    if dimension == "park":
        return d.enterprise.park.name if d.enterprise_id and d.enterprise.park_id else "（无园区）"
    return f"{d.submitted_on:%Y-%m}"


def figures(start: date, end: date, dimension: str = "category", today: date | None = None, qs=None) -> dict:
    """The loop's figures by one dimension, with the totals and the definition of each figure."""
    from yiwang.workdays.services import get_calendar

    today = today or date.today()
    cal = get_calendar()
    qs = (Demand.objects.all() if qs is None else qs).filter(submitted_on__gte=start, submitted_on__lte=end)
    qs = qs.select_related("category", "lead_department", "enterprise__park")
    assignments = defaultdict(list)
    for a in Assignment.objects.filter(demand__in=qs).values("demand_id", "ack_due", "acknowledged_on", "reply_due",
                                                              "replied_on", "status"):
        assignments[a["demand_id"]].append(a)
    groups: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for d in qs.iterator(chunk_size=2000):
        for key in (_key(d, dimension), "合计"):
            g = groups[key]
            g["received"] += 1
            if d.status not in (lc.SUBMITTED, lc.DECLINED):
                g["accepted"] += 1
            if d.status == lc.CLOSED:
                g["closed"] += 1
                if d.accepted_on and d.closed_on:
                    g["days_total"] += cal.working_days_between(d.accepted_on, d.closed_on) if cal.covers(
                        d.accepted_on) and cal.covers(d.closed_on) else 0
                    g["days_n"] += 1
                if d.reopen_count:
                    g["reopened"] += 1
            if d.evaluation and not d.auto_closed:
                g["evaluated"] += 1
                if d.evaluation in (lc.SATISFIED, lc.BASIC):
                    g["satisfied"] += 1
            for a in assignments[d.pk]:
                if a["acknowledged_on"] or a["ack_due"] < today:
                    g["ack_n"] += 1
                    g["ack_ok"] += bool(a["acknowledged_on"] and a["acknowledged_on"] <= a["ack_due"])
                if a["replied_on"] or a["reply_due"] < today:
                    g["reply_n"] += 1
                    g["reply_ok"] += bool(a["replied_on"] and a["replied_on"] <= a["reply_due"])

    def pct(a, b):
        return round(100.0 * a / b, 1) if b else None

    rows = []
    for key, g in groups.items():
        rows.append({
            "key": key, "received": g["received"], "accepted": g["accepted"], "closed": g["closed"],
            "closure_rate": pct(g["closed"], g["accepted"]), "ack_on_time": pct(g["ack_ok"], g["ack_n"]),
            "reply_on_time": pct(g["reply_ok"], g["reply_n"]),
            "avg_days": round(g["days_total"] / g["days_n"], 1) if g["days_n"] else None,
            "satisfaction": pct(g["satisfied"], g["evaluated"]), "reopen_rate": pct(g["reopened"], g["closed"]),
        })
    total = next((r for r in rows if r["key"] == "合计"), None)
    rows = sorted((r for r in rows if r["key"] != "合计"), key=lambda r: (-r["received"], r["key"]))
    return {"rows": rows, "total": total, "definitions": DEFINITIONS, "dimension": dimension,
            "dimension_label": DIMENSIONS.get(dimension, dimension), "start": start, "end": end}


def department_scores(start: date, end: date) -> dict[int, float]:
    """考核: each department's demand-handling score in 0..1 from the centre's grades (1–5) in the period:
    (mean grade − 1) ÷ 4. Departments without grades have no score (they are neither helped nor hurt)."""
    from django.db.models import Avg

    from .models import DepartmentGrade

    rows = DepartmentGrade.objects.filter(graded_on__gte=start, graded_on__lte=end).values("department_id").annotate(
        avg=Avg("grade"))
    return {r["department_id"]: (float(r["avg"]) - 1) / 4 for r in rows}
