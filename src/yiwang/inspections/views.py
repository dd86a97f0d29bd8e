"""双随机、一公开 pages: the public page (item lists and Excel, plans, announced tasks, draws with replay, results,
首违不罚 lists and benchmarks, the standalone checker), and the departments' work (announce, witnessed draw, visit,
recusal, result entry, publication, violations, figures). Thin: they call services."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from yiwang.api.errors import DomainError

from . import access, api, excel, figures, queries, services
from .domain import draw as core
from .domain import leniency as lv
from .models import Assignment, Benchmark
from .models import Conflict as ConflictRow
from .models import Inspector, LeniencyEntry, OtherObject, Outcome, Plan, Result, Sampled, Task, Violation


def index(request):
    dep = request.GET.get("department", "")
    items = queries.public_items().order_by("department__code", "code")
    if dep:
        items = items.filter(department__code=dep)
    return render(request, "inspections/index.html", {
        "items": items, "department": dep, "plans": Plan.objects.select_related("department")[:50],
        "tasks": queries.public_tasks()[:50], "departments": sorted({i.department for i in queries.public_items()},
                                                                    key=lambda d: d.code),
        "manages": bool(access.departments(request.user) is None or access.departments(request.user)),
    })


def items_xlsx(request):
    items = queries.public_items().order_by("department__code", "code")
    if request.GET.get("department"):
        items = items.filter(department__code=request.GET["department"])
    resp = HttpResponse(excel.items_xlsx(items),
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = 'attachment; filename="inspection-items.xlsx"'
    return resp


def rules(request):
    return render(request, "inspections/rules.html", {
        "leniency": LeniencyEntry.objects.select_related("department").order_by("department__code", "code"),
        "benchmarks": Benchmark.objects.select_related("department").order_by("department__code", "code"),
        "decisions": Violation.objects.filter(decision=Violation.Decision.NO_PENALTY).select_related(
            "result__item", "department").order_by("-decided_on")[:50],
    })


def checker(request):
    """The standalone checker: the draw core itself, standard library only."""
    body = Path(core.__file__).read_bytes()
    resp = HttpResponse(body, content_type="text/x-python; charset=utf-8")
    resp["Content-Disposition"] = 'attachment; filename="draw.py"'
    return resp


def _task_for(request, pk) -> Task:
    task = get_object_or_404(api._visible_tasks(request.user), pk=pk)
    return task


def task_detail(request, pk):
    task = _task_for(request, pk)
    draw = getattr(task, "draw", None)
    params = json.loads(task.params_json) if task.params_json else {}
    manages = access.manages(request.user, task.plan.department_id) if request.user.is_authenticated else False
    inspector = getattr(request.user, "inspector", None) if request.user.is_authenticated else None
    sampled = list(task.sampled.prefetch_related("assignments__inspector", "assignments__department", "results"))
    mine = set()
    if inspector is not None:
        mine = set(Assignment.objects.filter(sampled__task=task, inspector=inspector, recused=False)
                   .values_list("sampled_id", flat=True))
    inclusion = None
    if draw and request.GET.get("uscc"):
        try:
            inclusion = api.inclusion(task, request.GET["uscc"])
        except DomainError as exc:
            inclusion = {"error": exc.message}
    show_internal = manages or bool(mine)
    return render(request, "inspections/task.html", {
        "task": task, "draw": draw, "params": params, "manages": manages, "sampled": sampled, "mine": mine,
        "show_internal": show_internal, "inclusion": inclusion, "uscc": request.GET.get("uscc", ""),
        "replay": core.replay(task.params_json.encode(), task.snapshot.encode(), draw.seed_json.encode(),
                              draw.selection.encode()) if draw else None,
        "outcomes": Outcome.choices, "items": list(task.items.select_related("department")),
        "results": list(queries.published_results(task)) if task.published_at or task.sampled.filter(
            published_at__isnull=False).exists() else [],
        "classes": core.CLASS_LABELS, "now": timezone.now(), "corrections": task.corrections.all(),
    })


def replay_page(request, pk):
    """Replay the published files of a task, or files the visitor uploads (POST computes, changes nothing)."""
    task = _task_for(request, pk)
    draw = getattr(task, "draw", None)
    if draw is None:
        raise Http404
    uploaded = None
    if request.method == "POST":
        files = {}
        for name, stored in [("params", task.params_json), ("snapshot", task.snapshot), ("seed", draw.seed_json),
                             ("selection", draw.selection)]:
            f = request.FILES.get(name)
            files[name] = f.read() if f else stored.encode("utf-8")
        uploaded = core.replay(files["params"], files["snapshot"], files["seed"], files["selection"])
    stored = core.replay(task.params_json.encode(), task.snapshot.encode(), draw.seed_json.encode(),
                         draw.selection.encode())
    return render(request, "inspections/replay.html", {"task": task, "draw": draw, "stored": stored,
                                                       "uploaded": uploaded})


def file_download(request, pk, name):
    task = _task_for(request, pk)
    if name not in ("params.json", "snapshot.csv", "seed.json", "selection.csv"):
        raise Http404
    body = api.published_file(task, name)
    if body is None:
        raise Http404
    resp = HttpResponse(body, content_type="application/json; charset=utf-8" if name.endswith(".json")
                        else "text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


def _date(value):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise DomainError("日期格式应为YYYY-MM-DD") from None


def _back(request, task, error: DomainError | None = None, ok: str = ""):
    if error is not None:
        messages.error(request, error.message)
    elif ok:
        messages.success(request, ok)
    return redirect("inspections:task", pk=task.pk)


@login_required
@require_POST
def task_act(request, pk, action):
    task = _task_for(request, pk)
    p = request.POST
    try:
        if action == "announce":
            services.announce_task(actor=request.user, task=task, expected_version=p.get("version"))
            ok = "已公告抽取参数和对象快照哈希"
        elif action == "draw":
            services.draw_task(actor=request.user, task=task, values=p.getlist("values"),
                               witnesses=p.get("witnesses", ""))
            ok = "抽取完成，结果已公示，可复核"
        elif action == "publish":
            n = services.publish(actor=request.user, task=task)
            ok = f"已公示{n}户的检查结果"
        else:
            raise Http404
    except DomainError as exc:
        return _back(request, task, exc)
    return _back(request, task, ok=ok)


@login_required
@require_POST
def sampled_act(request, pk, action):
    s = get_object_or_404(Sampled.objects.select_related("task"), pk=pk)
    task = _task_for(request, s.task_id)
    p = request.POST
    try:
        if action == "visit":
            services.schedule_visit(actor=request.user, sampled=s, visit_on=_date(p.get("visit_on")),
                                    expected_version=p.get("version"))
            ok = "已确定检查日期并发出检查通知"
        elif action == "recuse":
            a = get_object_or_404(Assignment, pk=p.get("assignment") or 0, sampled=s)
            repl = services.recuse(actor=request.user, assignment=a, reason=p.get("reason", ""))
            ok = f"已登记回避，按同一规则递补{repl.inspector.name}"
        elif action == "result":
            item = s.task.items.filter(pk=p.get("item") or 0).first()
            if item is None:
                raise DomainError("请选择本任务的抽查事项")
            f = request.FILES.get("evidence")
            services.enter_result(actor=request.user, sampled=s, item=item, outcome=p.get("outcome", ""),
                                  inspected_on=_date(p.get("inspected_on")), detail=p.get("detail", ""),
                                  follow_up=p.get("follow_up", ""), rectify_by=_date(p.get("rectify_by")),
                                  handed_to=p.get("handed_to", ""), evidence=(f.name, f.read()) if f else None)
            ok = "已录入检查结果"
        else:
            raise Http404
    except DomainError as exc:
        return _back(request, task, exc)
    return _back(request, task, ok=ok)


@login_required
def violation(request, pk):
    """Record a violation of a result (with the platform's proposal) and decide it."""
    r = get_object_or_404(Result.objects.select_related("sampled__task", "item__department"), pk=pk)
    if not (access.manages(request.user, r.item.department_id)
            or Assignment.objects.filter(sampled=r.sampled, inspector__user=request.user, recused=False).exists()):
        raise PermissionDenied
    v = Violation.objects.filter(result=r).first()
    error = ""
    if request.method == "POST":
        p = request.POST
        try:
            if v is None:
                v = services.record_violation(actor=request.user, result=r, code=p.get("code", ""),
                                              circumstance=p.get("circumstance", ""), minor=bool(p.get("minor")),
                                              corrected=bool(p.get("corrected")), harmless=bool(p.get("harmless")))
                messages.success(request, "已登记违法行为，平台已给出建议")
            else:
                services.decide_violation(actor=request.user, violation=v, decision=p.get("decision", ""),
                                          reason=p.get("reason", ""), decision_number=p.get("decision_number", ""),
                                          penalty=p.get("penalty", ""), expected_version=p.get("version"))
                messages.success(request, "已作出决定")
            return redirect("inspections:violation", pk=r.pk)
        except DomainError as exc:
            error = exc.message
    return render(request, "inspections/violation.html", {
        "result": r, "violation": v, "error": error, "labels": lv.PROPOSAL_LABELS,
        "codes": LeniencyEntry.objects.filter(department=r.item.department).values_list("code", "violation"),
        "manages": access.manages(request.user, r.item.department_id)})


@login_required
def directory(request):
    """The inspector directory (执法证号, fields, availability, declared conflicts with their dates) of the
    departments the user manages, and the directory of other objects; a conflict is declared here."""
    deps = access.departments(request.user)
    if deps is not None and not deps:
        raise PermissionDenied
    inspectors = Inspector.objects.select_related("department").prefetch_related("conflicts")
    if deps is not None:
        inspectors = inspectors.filter(department_id__in=deps)
    error = ""
    if request.method == "POST":
        inspector = get_object_or_404(inspectors, pk=request.POST.get("inspector") or 0)
        try:
            services.declare_conflict(actor=request.user, inspector=inspector,
                                      object_code=request.POST.get("object_code", ""),
                                      kind=request.POST.get("kind", ""), note=request.POST.get("note", ""),
                                      declared_on=_date(request.POST.get("declared_on")))
            messages.success(request, f"已登记{inspector.name}的利害关系申报")
            return redirect("inspections:directory")
        except DomainError as exc:
            error = exc.message
    return render(request, "inspections/directory.html", {
        "inspectors": inspectors, "objects": OtherObject.objects.filter(active=True)[:500], "error": error,
        "kinds": ConflictRow.Kind.choices})


@login_required
def figures_view(request):
    if not access.reads_internal(request.user):
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    data = figures.year_figures(year)
    if request.GET.get("format") == "xlsx":
        resp = HttpResponse(excel.figures_xlsx(data),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = f'attachment; filename="inspection-figures-{year}.xlsx"'
        return resp
    return render(request, "inspections/figures.html", {"data": data, "definitions": figures.DEFINITIONS,
                                                        "year": year})
