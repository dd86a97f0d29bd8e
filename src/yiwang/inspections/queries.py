"""Reads: the object directory under a task's scope filter, draw counts and last inspections (for the caps and
rotation), what is late (for the supervision board), the public lists."""
from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Count, Max, Q

from yiwang.enterprises.models import Enterprise

from .domain import draw as core
from .models import Assignment, Item, ObjectKind, OtherObject, Result, Sampled, Task

SCOPE_KEYS = {"kinds", "industry_sections", "region_codes", "park_codes", "scales", "risk_classes", "tags",
              "licences"}
SCOPE_LABELS = {"kinds": "对象类别", "industry_sections": "行业门类", "region_codes": "区划", "park_codes": "园区",
                "scales": "规模", "risk_classes": "风险分类", "tags": "企业标签", "licences": "持有许可"}


def _cls(value) -> str:
    return value if value in ("A", "B", "C", "D") else "N"


def enterprise_rows(scope: dict, *, today: dt.date | None = None) -> list[tuple[str, str, str]]:
    """(code, kind, risk_class) of the registered, active enterprises in scope — the registry read in place.
    "Licences held" means an e-licence of one of the types in force today under the enterprise's USCC."""
    qs = Enterprise.objects.filter(status=Enterprise.Status.ACTIVE)
    if scope.get("licences"):
        from django.utils import timezone

        from yiwang.licences.queries import holders

        qs = qs.filter(uscc__in=holders(scope["licences"], on=today or timezone.localdate()))
    if scope.get("industry_sections"):
        qs = qs.filter(industry_section__in=scope["industry_sections"])
    if scope.get("region_codes"):
        q = Q()
        for code in scope["region_codes"]:
            q |= Q(region__code__startswith=str(code).rstrip("0") or code)
        qs = qs.filter(q)
    if scope.get("park_codes"):
        qs = qs.filter(park__code__in=scope["park_codes"])
    if scope.get("scales"):
        qs = qs.filter(scale__in=scope["scales"])
    if scope.get("tags"):
        qs = qs.filter(tags__tag__name__in=scope["tags"]).distinct()
    classes = set(scope.get("risk_classes") or [])
    # one plain query (the ORM's SQL, fetched as tuples): a million rows without a model or a Row object each
    sql, params = qs.values_list("uscc", "credit_subject__risk_class").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    kind = ObjectKind.ENTERPRISE.value
    cls = {"A": "A", "B": "B", "C": "C", "D": "D"}
    with core._NoGC():
        rows = [(uscc, kind, cls.get(risk, "N")) for uscc, risk in fetched]
    del fetched
    return [r for r in rows if r[2] in classes] if classes else rows


def other_rows(scope: dict, kinds):
    qs = OtherObject.objects.filter(active=True, kind__in=kinds)
    if scope.get("industry_sections"):
        qs = qs.filter(industry_section__in=scope["industry_sections"])
    if scope.get("park_codes"):
        qs = qs.filter(park__code__in=scope["park_codes"])
    if scope.get("scales"):
        qs = qs.filter(scale__in=scope["scales"])
    classes = set(scope.get("risk_classes") or [])
    from yiwang.licences.queries import type_variants

    wanted = type_variants(scope.get("licences") or [])
    for code, kind, risk, licences in qs.values_list("code", "kind", "risk_class", "licences"):
        if wanted and not wanted.intersection(type_variants(licences or [])):
            continue
        c = _cls(risk)
        if not classes or c in classes:
            yield core.Row(code, kind, c)


def objects_in_scope(scope: dict, *, today: dt.date | None = None) -> list[tuple[str, str, str]]:
    """(code, kind, risk class) of every object the scope covers (plain tuples, in no particular order)."""
    kinds = list(scope.get("kinds") or [ObjectKind.ENTERPRISE.value])
    rows = enterprise_rows(scope, today=today) if ObjectKind.ENTERPRISE.value in kinds else []
    others = [k for k in kinds if k != ObjectKind.ENTERPRISE.value]
    if others:
        rows.extend(other_rows(scope, others))
    return rows


def eligible_rows(scope: dict, *, year: int, today: dt.date) -> tuple[list, dict[str, str]]:
    """The objects a snapshot may hold (the scope, minus those at the yearly cap or inspected recently) and the
    excluded ones with their reasons (published with the parameters, so the burden stays visible)."""
    from . import conf

    rows = objects_in_scope(scope, today=today)
    out = core.exclusions(drawn_this_year=draws_this_year(year), cap=conf.max_draws_per_year(),
                          last_inspected=last_inspected(),
                          recent_since=today - dt.timedelta(days=conf.recent_skip_days()))
    excluded = {}
    if out:
        kept = []
        for r in rows:
            if r[0] in out:
                excluded[r[0]] = out[r[0]]
            else:
                kept.append(r)
        rows = kept
    return rows, excluded


def draws_this_year(year: int, exclude_task=None) -> dict[str, int]:
    """How many tasks drew each object this year (a joint task is one)."""
    qs = Sampled.objects.filter(year=year)
    if exclude_task is not None:
        qs = qs.exclude(task=exclude_task)
    return dict(qs.values_list("code").annotate(n=Count("task", distinct=True)).values_list("code", "n"))


def last_inspected() -> dict[str, dt.date]:
    return dict(Sampled.objects.filter(inspected_on__isnull=False).values_list("code")
                .annotate(last=Max("inspected_on")).values_list("code", "last"))


def names_of(rows) -> dict[str, tuple[str, int | None]]:
    codes = [r.code for r in rows]
    out = {u: (n, pk) for pk, u, n in Enterprise.objects.filter(uscc__in=codes).values_list("pk", "uscc", "name")}
    out.update({c: (n, None) for c, n in OtherObject.objects.filter(code__in=codes).values_list("code", "name")})
    return out


def task_departments(task: Task) -> list:
    """The departments that draw inspectors for a task: the lead, and in a joint plan each participant."""
    deps = [task.plan.department]
    if task.is_joint:
        deps += [d for d in task.plan.participants.order_by("code") if d.pk != task.plan.department_id]
    return deps


def active_assignments(sampled: Sampled):
    return sampled.assignments.filter(recused=False).select_related("inspector", "department")


def previous_inspectors(code: str, before_task) -> set[str]:
    """執法证号 of the inspectors of the object's previous inspection (rotation: not the same people twice)."""
    prev = Sampled.objects.filter(code=code).exclude(task=before_task).order_by("-task__created_at", "-id").first()
    if prev is None:
        return set()
    return set(Assignment.objects.filter(sampled=prev, recused=False).values_list("inspector__cert_no", flat=True))


def public_items(department_id=None):
    qs = Item.objects.filter(active=True).select_related("department")
    return qs.filter(department_id=department_id) if department_id else qs


def public_tasks():
    return Task.objects.exclude(status=Task.Status.DRAFT).select_related("plan", "plan__department")


def published_results(task: Task):
    return (Result.objects.filter(sampled__task=task, sampled__published_at__isnull=False)
            .select_related("sampled", "item"))


# ---- what is late (read by the supervision board) ------------------------------------------------------------------
WARN_WORKING_DAYS = 2  # yellow from this many working days before a due date; red once it has passed


def _calendar():
    from yiwang.workdays.services import get_calendar

    return get_calendar()


def late(today: dt.date, department_ids=None) -> list[dict]:
    """Objects whose results are not entered within the entry limit (per department of the missing items), or not
    published within the publication limit (the lead department), counted in working days from the inspection (or
    the visit date while nothing is entered). Yellow as the due date nears, red once it has passed."""
    from . import conf

    cal = _calendar()
    qs = (Sampled.objects.filter(task__status=Task.Status.DRAWN, published_at__isnull=True)
          .filter(Q(inspected_on__isnull=False) | Q(visit_on__lte=today))
          .select_related("task", "task__plan__department").prefetch_related("task__items__department", "results"))
    out = []
    for s in qs:
        base = s.inspected_on or s.visit_on
        if not (cal.covers(base) and cal.covers(today)):
            continue
        entry_due = s.entry_due or cal.add_working_days(base, conf.entry_days())
        publish_due = s.publish_due or cal.add_working_days(base, conf.publish_days())
        entered = {r.item_id for r in s.results.all()}
        missing = [i for i in s.task.items.all() if i.pk not in entered]
        checks = []
        for dep in {i.department for i in missing}:
            checks.append(("entry", dep, entry_due, f"检查结果未在检查后{conf.entry_days()}个工作日内录入"
                           f"（{len([i for i in missing if i.department == dep])}项未录入）"))
        checks.append(("publication", s.task.plan.department, publish_due,
                       f"检查结果未在检查后{conf.publish_days()}个工作日内公示"))
        for kind, dep, due, detail in checks:
            if department_ids is not None and dep.pk not in department_ids:
                continue
            left = cal.working_days_between(today, due) if due > today else -cal.working_days_between(due, today)
            if today > due:
                level = "red"
            elif left <= WARN_WORKING_DAYS:
                level = "yellow"
            else:
                continue
            out.append({"sampled": s, "kind": kind, "department": dep, "due_on": due, "remaining": left,
                        "level": level, "detail": detail if level == "red" else f"{detail}的期限将至（剩{left}个工作日）"})
    return out
