"""Reform pages: plans (upload, the reading beside the document, units to resolve, publish, revisions with their
changes), tasks (reports, contributions, indicators, 督办), dashboard and assessment. Thin: reads through queries,
changes through services."""
from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from yiwang.api.errors import DomainError
from yiwang.org.models import Department

from . import excel, indicators, queries, services
from . import services_milestones as ms
from . import services_parts as parts
from . import services_reports as rs
from .access import reform_scope
from .domain import quarters
from .models import Confidence, Milestone, Plan, PlanDocument, Task, TaskStatus, TypicalCase


def _xlsx(content: bytes, name: str) -> HttpResponse:
    r = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    r["Content-Disposition"] = f'attachment; filename="{name}"'
    return r


def _plans(scope):
    qs = Plan.objects.all()
    return qs if scope.reads_all else qs.exclude(status=Plan.Status.DRAFT)


DUE_SHOWN = 300  # reports outstanding listed on the home (the board and the reminders read them all)


@login_required
def index(request):
    scope = reform_scope(request.user)
    today = timezone.localdate()
    mine = scope.tasks(Task.objects.filter(plan__status=Plan.Status.PUBLISHED)).select_related("plan", "lead") \
        .prefetch_related("units") if scope.department_ids else Task.objects.none()
    mine = [(t, [u for u in t.units.all() if u.department_id in scope.department_ids and u.role != "lead"])
            for t in mine[:300]]
    due = queries.reports_outstanding(today, department_ids=None if scope.reads_all else scope.department_ids,
                                      limit=DUE_SHOWN + 1)
    return render(request, "reform/index.html", {"scope": scope, "plans": _plans(scope), "mine": mine,
                                                 "due": due[:DUE_SHOWN], "due_more": len(due) > DUE_SHOWN, "due_shown": DUE_SHOWN,
                                                 "today": today})


@login_required
@require_POST
def upload(request):
    reform_scope(request.user).require_office()
    f = request.FILES.get("file")
    if f is None:
        messages.error(request, "请选择方案文件")
        return redirect("reform:index")
    try:
        p = services.create_plan(actor=request.user, filename=f.name, content=f.read())
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reform:index")
    messages.success(request, f"已识别{p.tasks.count()}项任务，请对照原文确认后发布")
    return redirect("reform:plan", pk=p.pk)


@login_required
def plan(request, pk):
    scope = reform_scope(request.user)
    p = get_object_or_404(_plans(scope), pk=pk)
    if request.GET.get("format") == "xlsx":
        return _xlsx(excel.division_xlsx(p), f"reform-tasks-{p.pk}.xlsx")
    doc = p.documents.filter(applied=True).order_by("-number").first()
    tasks = scope.tasks(p.tasks.all()).prefetch_related("units", "units__department").select_related("lead")
    pending = services.unresolved(p) if scope.is_office and p.status == Plan.Status.DRAFT else {}
    revisions = p.documents.filter(applied=False).order_by("-number")
    return render(request, "reform/plan.html", {
        "scope": scope, "plan": p, "doc": doc, "lines": (doc.text.splitlines() if doc else []), "tasks": tasks,
        "pending": pending, "departments": Department.objects.filter(is_active=True).order_by("code"),
        "revisions": revisions, "statuses": TaskStatus.choices})


@login_required
@require_POST
def resolve(request, pk):
    reform_scope(request.user).require_office()
    p = get_object_or_404(Plan, pk=pk)
    name = request.POST.get("name", "")
    choice = request.POST.get("department", "")
    try:
        services.resolve_unit(actor=request.user, name=name, plan=p, external=choice == "external",
                              department=None if choice in ("", "external") else int(choice))
        messages.success(request, f"已确认“{name}”，今后的方案将自动对应")
    except (DomainError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", "请选择对应部门"))
    return redirect("reform:plan", pk=p.pk)


@login_required
@require_POST
def publish(request, pk):
    reform_scope(request.user).require_office()
    p = get_object_or_404(Plan, pk=pk)
    try:
        services.publish_plan(actor=request.user, plan=p, expected_version=request.POST.get("version") or 0)
        messages.success(request, "方案已发布，各牵头单位可按季度报送")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("reform:plan", pk=p.pk)


@login_required
@require_POST
def revision(request, pk):
    reform_scope(request.user).require_office()
    p = get_object_or_404(Plan, pk=pk)
    f = request.FILES.get("file")
    if f is None:
        messages.error(request, "请选择修订稿文件")
        return redirect("reform:plan", pk=p.pk)
    try:
        doc, _ = services.upload_revision(actor=request.user, plan=p, filename=f.name, content=f.read())
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reform:plan", pk=p.pk)
    return redirect("reform:document", pk=doc.pk)


@login_required
def document(request, pk):
    scope = reform_scope(request.user)
    doc = get_object_or_404(PlanDocument.objects.select_related("plan"), pk=pk, plan__in=_plans(scope))
    if request.method == "POST":
        scope.require_office()
        try:
            s = services.apply_revision(actor=request.user, document=doc,
                                        expected_version=request.POST.get("version") or 0)
            messages.success(request, f"修订稿已应用：新增{s['added']}项，修改{s['changed']}项，删除{s['removed']}项（已删除的任务保留并暂缓）")
            return redirect("reform:plan", pk=doc.plan_id)
        except DomainError as exc:
            messages.error(request, exc.message)
    if request.GET.get("download"):
        r = HttpResponse(bytes(doc.content), content_type="application/octet-stream")
        r["Content-Disposition"] = f'attachment; filename="{doc.filename}"'
        return r
    changes = services.revision_diff(doc) if not doc.applied else None
    return render(request, "reform/document.html", {"doc": doc, "plan": doc.plan, "changes": changes,
                                                    "scope": scope})


def _task_or_404(scope, pk) -> Task:
    return get_object_or_404(scope.tasks(Task.objects.select_related("plan", "lead")), pk=pk)


@login_required
def task(request, pk):
    scope = reform_scope(request.user)
    t = _task_or_404(scope, pk)
    today = timezone.localdate()
    open_q = quarters.open_quarter(t.plan.year, today, t.plan.report_day)
    passed = quarters.due_quarters(t.plan.year, today, t.plan.report_day)
    reported = set(t.reports.values_list("year", "quarter"))
    choices = [(y, q, d) for y, q, d in passed + ([open_q] if open_q else []) if (y, q) not in reported]
    return render(request, "reform/task.html", {
        "scope": scope, "task": t, "plan": t.plan, "units": t.units.select_related("department"),
        "milestones": [(m, m.overdue(today)) for m in t.milestones.all()], "today": today,
        "may_milestones": (scope.is_office or scope.leads(t)) and t.plan.status != Plan.Status.CLOSED,
        "may_parts": (scope.is_office or scope.leads(t)) and t.plan.status != Plan.Status.CLOSED,
        "reports": t.reports.prefetch_related("evidence", "cases").order_by("year", "quarter"),
        "contributions": t.contributions.select_related("department").order_by("year", "quarter"),
        "indicators": [(i, i.values.order_by("-on").first()) for i in t.indicators.all()],
        "orders": t.orders.select_related("order", "order__issued_by"),
        "visits": t.visits.all(), "leads": scope.leads(t), "co_departments": scope.co_departments(t),
        "quarter_choices": choices, "statuses": TaskStatus.choices, "confidences": Confidence.choices,
        "figures": indicators.CHOICES, "adoptions": TypicalCase.Adoption.choices})


def _files(request):
    return [(f.name, f.read()) for f in request.FILES.getlist("evidence")]


@login_required
@require_POST
def task_action(request, pk, act):
    scope = reform_scope(request.user)
    t = _task_or_404(scope, pk)
    P = request.POST
    try:
        if act == "report":
            year, q = (P.get("period") or "-").split("-")
            cases = [(P.get("case_title", ""), P.get("case_summary", ""))] if P.get("case_title") else []
            r = rs.submit_report(actor=request.user, task=t, year=year, quarter=q, progress=P.get("progress", ""),
                                 problems=P.get("problems", ""), next_steps=P.get("next_steps", ""),
                                 status=P.get("status") or None, confidence=P.get("confidence") or None,
                                 files=_files(request), cases=cases)
            messages.success(request, f"已报送{r.year}年第{r.quarter}季度情况" + ("" if r.on_time else "（逾期报送）"))
        elif act == "contribute":
            year, q = (P.get("period") or "-").split("-")
            rs.contribute(actor=request.user, task=t, year=year, quarter=q, text=P.get("text", ""),
                          files=_files(request))
            messages.success(request, "配合情况已报送牵头单位")
        elif act == "update":
            fields = {k: P.get(k) for k in ("status", "status_reason", "confidence") if k in P}
            if scope.is_office:
                fields.update({k: P.get(k) for k in ("text", "deadline", "lead_name") if k in P})
                if "co" in P:
                    fields["co"] = [x for x in P.get("co", "").replace("，", "、").split("、")]
            services.update_task(actor=request.user, task=t, expected_version=P.get("version") or 0, **fields)
            messages.success(request, "任务已更新")
        elif act == "indicator":
            rs.add_indicator(actor=request.user, task=t, name=P.get("name", ""), target=P.get("target", ""),
                             source=P.get("source", "manual"), comparison=P.get("comparison", "ge"))
            messages.success(request, "指标已添加")
        elif act == "value":
            ind = get_object_or_404(t.indicators, pk=P.get("indicator"))
            rs.enter_indicator_value(actor=request.user, indicator=ind, value=P.get("value", ""))
            messages.success(request, "指标值已填报")
        elif act == "order":
            link = rs.issue_order(actor=request.user, task=t, instruction=P.get("instruction", ""),
                                  reply_days=P.get("reply_days") or None)
            messages.success(request, f"已发出督办单 {link.order.number}")
        elif act == "milestone_add":
            ms.add_milestone(actor=request.user, task=t, title=P.get("title", ""), due_on=P.get("due_on", ""))
            messages.success(request, "里程碑已添加")
        elif act in ("milestone_edit", "milestone_done"):
            m = get_object_or_404(Milestone, pk=P.get("milestone"), task=t)
            if act == "milestone_edit":
                ms.update_milestone(actor=request.user, milestone=m, expected_version=P.get("version"),
                                    title=P.get("title"), due_on=P.get("due_on"),
                                    evidence_note=P.get("evidence_note"))
                messages.success(request, "里程碑已修改")
            else:
                ms.complete_milestone(actor=request.user, milestone=m, expected_version=P.get("version"),
                                      done_on=P.get("done_on"), evidence_note=P.get("evidence_note", ""))
                messages.success(request, "里程碑已完成")
        elif act == "part":
            u = get_object_or_404(t.units, pk=P.get("unit"))
            u = parts.update_part(actor=request.user, unit=u, expected_version=P.get("version"),
                                  part=P.get("part", ""), deadline=P.get("deadline", ""))
            messages.success(request, f"已更新“{u.name}”的分工")
        elif act == "order_close":
            link = get_object_or_404(t.orders.select_related("order"), pk=P.get("link"))
            rs.close_order(actor=request.user, link=link, expected_version=P.get("version"),
                           note=P.get("note", ""))
            messages.success(request, f"督办单 {link.order.number} 已办结")
        elif act == "visit":
            rs.record_visit(actor=request.user, task=t, findings=P.get("findings", ""))
            messages.success(request, "督查情况已记录")
        elif act == "adoption":
            case = get_object_or_404(TypicalCase, pk=P.get("case"), plan=t.plan)
            rs.mark_adoption(actor=request.user, case=case, adoption=P.get("adoption", ""), quality=P.get("quality"))
            messages.success(request, "采纳情况已更新")
        else:
            raise PermissionDenied
    except DomainError as exc:
        messages.error(request, exc.message)
    except ValueError:
        messages.error(request, "请选择报送季度")
    return redirect("reform:task", pk=t.pk)


def _chosen_plan(scope, request):
    plans = _plans(scope).exclude(status=Plan.Status.DRAFT)
    pk = request.GET.get("plan")
    return (get_object_or_404(plans, pk=pk) if pk else plans.first()), plans


@login_required
def dashboard(request):
    scope = reform_scope(request.user)
    p, plans = _chosen_plan(scope, request)
    today = timezone.localdate()
    baseline = None
    if request.GET.get("on"):
        try:
            baseline = date.fromisoformat(request.GET["on"])
        except ValueError:
            messages.error(request, "基准日期格式应为2025-06-30")
    ctx = {"scope": scope, "plans": plans, "plan": p, "today": today, "baseline": baseline}
    if p is not None:
        now = queries.progress(p)
        ctx["status_totals"] = [(k, label, now["totals"].get(k, 0)) for k, label in TaskStatus.choices]
        ctx.update({"now": now, "then": queries.progress(p, baseline) if baseline else None,
                    "lagging": p.tasks.filter(status=TaskStatus.LAGGING).select_related("lead")[:100],
                    "outstanding": queries.reports_outstanding(today, plan=p)[:200],
                    "late_milestones": list(queries.overdue_milestones(p, today)),
                    "trends": queries.indicator_trends(p), "statuses": TaskStatus.choices})
    return render(request, "reform/dashboard.html", ctx)


@login_required
def assessment(request, pk):
    scope = reform_scope(request.user)
    if not scope.reads_all:
        raise PermissionDenied("只有改革办、评估人员和效能监察人员可以查看考核")
    p = get_object_or_404(_plans(scope), pk=pk)
    today = timezone.localdate()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "evaluate":
                rs.evaluate(actor=request.user, plan=p, department=request.POST.get("department"),
                            score=request.POST.get("score", ""), comments=request.POST.get("comments", ""))
                messages.success(request, "评价表已提交")
            else:
                rs.set_weights(actor=request.user, plan=p, weights=request.POST)
                messages.success(request, "考核权重已更新")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("reform:assessment", pk=p.pk)
    rows = queries.assessment(p, today)
    if request.GET.get("format") == "xlsx":
        return _xlsx(excel.assessment_xlsx(p, rows), f"reform-assessment-{p.pk}.xlsx")
    from .domain.assessment import DEFAULT_WEIGHTS, LABELS

    weights = {**DEFAULT_WEIGHTS, **(p.weights or {})}
    return render(request, "reform/assessment.html", {
        "scope": scope, "plan": p, "rows": rows, "weights": [(k, LABELS[k], weights[k]) for k in DEFAULT_WEIGHTS],
        "departments": Department.objects.filter(pk__in=[r["department_id"] for r in rows]), "today": today})
