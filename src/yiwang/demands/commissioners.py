"""The commissioner's workbench and the assessment per commissioner (enterprises served, visits, demands raised
and closed, rating), with its Excel export — here because they count demands (the registry sits below)."""
from __future__ import annotations

import io
from collections import defaultdict

from django.db.models import Avg, Count, Q
from django.utils import timezone
from openpyxl import Workbook

from yiwang.enterprises.models import Assignment as Commission
from yiwang.enterprises.models import CommissionerRating, Visit, VisitProblem
from yiwang.org.models import Role, User

from .domain import lifecycle as lc
from .models import Category, Channel, Demand


def workbench(user) -> dict:
    today = timezone.localdate()
    enterprises = [c.enterprise for c in Commission.objects.filter(commissioner=user, ended_on__isnull=True)
                   .select_related("enterprise", "enterprise__park").order_by("enterprise__name")]
    ids = [e.pk for e in enterprises]
    demands = Demand.objects.filter(Q(enterprise_id__in=ids) | Q(submitted_by=user)).select_related(
        "category", "enterprise")
    open_problems = VisitProblem.objects.filter(visit__commissioner=user, demand__isnull=True).select_related(
        "visit__enterprise")
    overdue = [d for d in demands.filter(status__in=lc.OPEN) if d.due_on and d.due_on < today]
    return {
        "enterprises": enterprises, "visits": Visit.objects.filter(commissioner=user).select_related("enterprise")[:20],
        "problems": open_problems, "raised": demands.filter(submitted_by=user).order_by("-submitted_at")[:20],
        "overdue": overdue, "categories": Category.objects.filter(is_active=True), "today": today,
    }


def assessment(year: int) -> list[dict]:
    commissioners = User.objects.filter(staff_roles__role=Role.COMMISSIONER).distinct().order_by("username")
    served = defaultdict(int)
    for row in Commission.objects.filter(started_on__year__lte=year).filter(
            Q(ended_on__isnull=True) | Q(ended_on__year__gte=year)).values("commissioner_id").annotate(n=Count("id")):
        served[row["commissioner_id"]] = row["n"]
    visits = dict(Visit.objects.filter(visited_on__year=year).values_list("commissioner_id").annotate(n=Count("id")))
    raised = dict(Demand.objects.filter(channel=Channel.VISIT, submitted_on__year=year).values_list(
        "submitted_by_id").annotate(n=Count("id")))
    closed = dict(Demand.objects.filter(channel=Channel.VISIT, submitted_on__year=year, status=lc.CLOSED)
                  .values_list("submitted_by_id").annotate(n=Count("id")))
    ratings = {r["commissioner_id"]: r for r in CommissionerRating.objects.filter(year=year).values(
        "commissioner_id").annotate(avg=Avg("grade"), n=Count("id"))}
    rows = []
    for c in commissioners:
        r = ratings.get(c.pk, {})
        rows.append({"commissioner": c, "served": served.get(c.pk, 0), "visits": visits.get(c.pk, 0),
                     "raised": raised.get(c.pk, 0), "closed": closed.get(c.pk, 0),
                     "rating": round(r["avg"], 2) if r.get("avg") is not None else None, "ratings": r.get("n", 0)})
    return rows


def assessment_workbook(rows: list[dict], year: int) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年服务专员考评"
    ws.append(["服务专员", "账号", "服务企业数", "走访次数", "走访提出诉求", "其中已办结", "企业评价均分（5分制）",
               "评价数"])
    for r in rows:
        ws.append([str(r["commissioner"]), r["commissioner"].username, r["served"], r["visits"], r["raised"],
                   r["closed"], r["rating"], r["ratings"]])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
