"""Reads more than one page needs: reports owed and outstanding, plan progress, status at a past date."""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

from django.db.models import Count, OuterRef, Q, Subquery

from .domain import quarters
from .models import Milestone, Plan, Report, StatusChange, Task, TaskStatus


def reports_outstanding(today: date, department_ids=None, plan=None, limit: int | None = None) -> list[dict]:
    """For published plans: each task of the open or just-passed quarter whose lead has not reported — due within
    the plan's notice window (upcoming) or past due (overdue, for the latest quarter due). With `limit`, the first
    that many (a page lists the first rows; the warnings and reminders read them all)."""
    plans = Plan.objects.filter(status=Plan.Status.PUBLISHED)
    if plan is not None:
        plans = plans.filter(pk=plan.pk)
    out = []
    for p in plans:
        periods = []
        passed = quarters.due_quarters(p.year, today, p.report_day)
        if passed:
            periods.append((*passed[-1], True))
        nxt = quarters.open_quarter(p.year, today, p.report_day)
        if nxt and (nxt[2] - today).days <= p.remind_days:
            periods.append((*nxt, False))
        for year, q, due, overdue in periods:
            reported = Report.objects.filter(task__plan=p, year=year, quarter=q).values("task_id")
            tasks = Task.objects.filter(plan=p, lead__isnull=False).exclude(
                status__in=[TaskStatus.DONE, TaskStatus.DEFERRED]).exclude(pk__in=reported).select_related(
                "lead", "plan")
            if department_ids is not None:
                tasks = tasks.filter(lead_id__in=department_ids)
            if limit is not None:
                if len(out) >= limit:
                    return out
                tasks = tasks[: limit - len(out)]
            for t in tasks:
                out.append({"task": t, "year": year, "quarter": q, "due_on": due, "overdue": overdue,
                            "department": t.lead.name})
    return out


def status_at(plan: Plan, on: date) -> dict[int, str]:
    """Each task's status as it was on `on` (tasks that did not exist yet are left out)."""
    last = StatusChange.objects.filter(task=OuterRef("pk"), on__lte=on).order_by("-on", "-id").values("status")[:1]
    return {pk: s for pk, s in Task.objects.filter(plan=plan).annotate(s=Subquery(last))
            .values_list("pk", "s") if s is not None}


def assessment(plan: Plan, today: date) -> list[dict]:
    """Per lead unit on the platform: the facts and the scored calculation (domain.assessment)."""
    from .domain import assessment as core
    from .models import Evaluation, IndicatorValue, Indicator, TypicalCase

    facts: dict[int, core.UnitFacts] = {}
    names = {}
    tasks = Task.objects.filter(plan=plan, lead__isnull=False).exclude(status=TaskStatus.DEFERRED)
    for t in tasks.select_related("lead"):
        f = facts.setdefault(t.lead_id, core.UnitFacts(name=t.lead.name))
        names[t.lead_id] = t.lead.name
        f.tasks += 1
        f.tasks_done += t.status == TaskStatus.DONE
    due = quarters.due_quarters(plan.year, today, plan.report_day)
    reports = {(r["task_id"], r["year"], r["quarter"]): r for r in
               Report.objects.filter(task__plan=plan).values("task_id", "year", "quarter", "submitted_on", "due_on")}
    for t in tasks.values("pk", "lead_id", "status"):
        for y, q, d in due:
            r = reports.get((t["pk"], y, q))
            if t["status"] == TaskStatus.DONE and r is None:
                continue  # a task completed earlier owes no further reports
            f = facts[t["lead_id"]]
            f.reports_due += 1
            f.reports_on_time += bool(r and r["submitted_on"] <= r["due_on"])
    latest = {}
    for v in IndicatorValue.objects.filter(indicator__task__plan=plan, on__lte=today).order_by("on").select_related(
            "indicator", "indicator__task"):
        latest[v.indicator_id] = v
    for i in Indicator.objects.filter(task__in=tasks).select_related("task"):
        f = facts[i.task.lead_id]
        f.indicators += 1
        v = latest.get(i.pk)
        f.indicators_attained += bool(v and i.attained(v.value))
    for c in TypicalCase.objects.filter(plan=plan, department_id__in=list(facts)):
        f = facts[c.department_id]
        f.cases += 1
        f.cases_city += c.adoption == TypicalCase.Adoption.CITY
        f.cases_state += c.adoption == TypicalCase.Adoption.STATE
    for e in Evaluation.objects.filter(plan=plan, department_id__in=list(facts)):
        facts[e.department_id].evaluations.append(float(e.score))
    rows = []
    for dep, f in facts.items():
        row = core.score(f, plan.weights or None)
        row["department_id"] = dep
        row["facts"] = f
        rows.append(row)
    return core.rank(rows)


def progress(plan: Plan, on: date | None = None) -> dict:
    """Completion by chapter and by lead unit: now, or as it was on `on` (baseline comparison)."""
    tasks = list(Task.objects.filter(plan=plan).values("pk", "path", "chapter", "lead__name", "lead_name", "status"))
    statuses = status_at(plan, on) if on else {t["pk"]: t["status"] for t in tasks}
    by_chapter: dict[str, Counter] = defaultdict(Counter)
    by_unit: dict[str, Counter] = defaultdict(Counter)
    for t in tasks:
        s = statuses.get(t["pk"])
        if s is None:
            continue
        ch = t["path"].split(".")[0] + "、" + (t["chapter"] or "")
        by_chapter[ch][s] += 1
        by_unit[t["lead__name"] or t["lead_name"]][s] += 1
    def rows(d):
        return [{"label": k, "total": sum(c.values()), **{s: c.get(s, 0) for s in TaskStatus.values},
                 "done_rate": round(100 * c.get("done", 0) / sum(c.values()), 1) if c else 0}
                for k, c in d.items()]
    return {"chapters": rows(by_chapter), "units": sorted(rows(by_unit), key=lambda r: -r["total"]),
            "totals": Counter(statuses.values()), "on": on}


def indicator_trends(plan: Plan) -> list[dict]:
    """Each indicator's values over time, for the dashboard's trend chart."""
    from .models import Indicator

    out = []
    for i in Indicator.objects.filter(task__plan=plan).select_related("task").prefetch_related("values")[:50]:
        vals = [(v.on.isoformat(), float(v.value) if v.value is not None else None) for v in i.values.all()]
        out.append({"name": f"{i.task.path} {i.name}", "target": float(i.target), "values": vals,
                    "latest": vals[-1][1] if vals else None})
    return out


def overdue_milestones(plan: Plan, today: date, department_ids=None):
    """Milestones of the plan's tasks past their due date and not yet reached, the most overdue first."""
    qs = Milestone.objects.filter(task__plan=plan, done_on__isnull=True, due_on__lt=today)
    if department_ids is not None:
        qs = qs.filter(task__lead_id__in=department_ids)
    return qs.select_related("task", "task__lead").order_by("due_on", "task__position")
