"""Supervision pages: the board (warnings, anomalies, orders), an order's page, the efficiency dashboard. Thin:
reading through watch/figures, changes through services."""
from __future__ import annotations

import json
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from yiwang.api.errors import DomainError
from yiwang.cases.models import Case
from yiwang.org.models import Department

from . import board as extra_board
from . import demand_watch, excel, figures, rating_watch, services, watch
from .access import supervision_scope
from .domain.levels import LEVEL_LABELS, LEVEL_RANK, Level
from .models import Anomaly, RunState, SupervisionOrder, Warning, WarningKind


def _xlsx(content: bytes, name: str) -> HttpResponse:
    r = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    r["Content-Disposition"] = f'attachment; filename="{name}"'
    return r


def board_warnings(scope, today: date) -> list[dict]:
    """Stored active warnings, overlaid with the live evaluation of the cases the task may not have caught up with
    (live wins for the same (case, kind))."""
    rows: dict[tuple, dict] = {}
    for w in scope.filter(Warning.objects.filter(active=True, case__isnull=False)).select_related(
            "case", "department", "responsible"):
        rows[(w.case_id, w.kind)] = {
            "id": w.pk, "case_id": w.case_id, "case_label": str(w.case), "department": w.department.name,
            "department_id": w.department_id, "kind": w.kind, "kind_label": str(w.get_kind_display()),
            "level": w.level, "level_label": LEVEL_LABELS[Level(w.level)], "due_on": w.due_on,
            "remaining": w.remaining_days, "detail": w.detail, "source": "stored",
            "responsible": str(w.responsible.display_name or w.responsible) if w.responsible_id else ""}
    run = RunState.objects.filter(name="warnings").first()
    live_qs = watch.live_candidates(scope.filter(Case.objects.all()), today, run.ran_at if run else None)
    live = {f.key: f for f in watch.evaluate(live_qs.select_related("department"), today)}
    evaluated = set(live_qs.values_list("pk", flat=True)) if run else None
    for key, row in list(rows.items()):
        if evaluated is not None and key[0] in evaluated and key not in live:
            del rows[key]  # resolved since the last run
    for key, f in live.items():
        row = rows.get(key) or {"id": None, "case_id": f.case.pk, "case_label": str(f.case),
                                "department": f.case.department.name, "department_id": f.case.department_id,
                                "kind": f.kind, "kind_label": str(WarningKind(f.kind).label), "responsible": ""}
        row.update({"level": f.level.value, "level_label": LEVEL_LABELS[f.level], "due_on": f.due_on,
                    "remaining": f.remaining, "detail": f.detail,
                    "source": "stored" if row.get("id") else "live"})
        rows[key] = row
    return sorted(rows.values(), key=lambda r: (-LEVEL_RANK[Level(r["level"])], r["due_on"] or date.max,
                                                r["case_id"]))


def _warning_chart(warnings: list[dict]) -> dict:
    """The board's chart: each department's red and yellow case warnings (all of them, whatever the filter)."""
    by_dept: dict[str, dict[str, int]] = {}
    for w in warnings:
        row = by_dept.setdefault(w["department"], {"red": 0, "yellow": 0})
        if w["level"] in row:
            row[w["level"]] += 1
    labels = sorted(by_dept, key=lambda d: (-by_dept[d]["red"], -by_dept[d]["yellow"], d))
    return {"labels": labels, "red": [by_dept[d]["red"] for d in labels],
            "yellow": [by_dept[d]["yellow"] for d in labels]}


@login_required
def board(request):
    scope = supervision_scope(request.user)
    today = timezone.localdate()
    warnings = every = board_warnings(scope, today)
    level, kind = request.GET.get("level", ""), request.GET.get("kind", "")
    if level:
        warnings = [w for w in warnings if w["level"] == level]
    if kind:
        warnings = [w for w in warnings if w["kind"] == kind]
    anomalies = scope.filter(Anomaly.objects.filter(active=True)).select_related("case", "department")
    orders = scope.filter(SupervisionOrder.objects.all()).select_related("department", "case")
    if request.GET.get("format") == "xlsx":
        return _xlsx(excel.board_xlsx(warnings, anomalies, orders), f"supervision-board-{today}.xlsx")
    return render(request, "supervision/board.html", {
        "warnings": warnings, "demand_warnings": demand_watch.board_rows(scope), "anomalies": anomalies[:300],
        "others": extra_board.extra_rows(scope, today), "orders": orders[:300], "scope": scope,
        "level": level, "kind": kind, "kinds": WarningKind.choices, "freshness": figures.freshness(),
        "chart_json": json.dumps(_warning_chart(every), ensure_ascii=False), "chart_empty": not every,
        "counts": {"red": sum(w["level"] == "red" for w in every),
                   "yellow": sum(w["level"] == "yellow" for w in every),
                   "anomalies": anomalies.count(),
                   "orders_open": orders.filter(status=SupervisionOrder.Status.OPEN).count(),
                   "orders_red": orders.filter(escalation=SupervisionOrder.Escalation.RED,
                                               status=SupervisionOrder.Status.OPEN).count()},
        "default_reply_days": services.conf.order_reply_days(), "today": today,
    })


@login_required
@require_POST
def issue(request):
    scope = supervision_scope(request.user)
    warning = anomaly = None
    try:
        if request.POST.get("anomaly"):
            anomaly = get_object_or_404(scope.filter(Anomaly.objects.all()), pk=request.POST["anomaly"])
        elif request.POST.get("warning"):  # a stored warning (the demands loop's)
            warning = get_object_or_404(scope.filter(Warning.objects.filter(active=True)), pk=request.POST["warning"])
        elif request.POST.get("rectification") and request.POST.get("kind"):  # seen live on the board
            from yiwang.ratings.models import Rectification

            rect = get_object_or_404(scope.filter(Rectification.objects.all()), pk=request.POST["rectification"])
            warning = rating_watch.stored_warning(rect.pk, request.POST["kind"])
            if warning is None:
                raise DomainError("该预警已解除，无需督办", field="rectification")
        elif request.POST.get("case") and request.POST.get("kind"):
            case = get_object_or_404(scope.filter(Case.objects.all()), pk=request.POST["case"])
            warning = Warning.objects.filter(case=case, kind=request.POST["kind"]).first()
            if warning is None or not warning.active:  # seen live on the board: store it first
                services.sync_warnings(cases=Case.objects.filter(pk=case.pk))
                warning = Warning.objects.filter(case=case, kind=request.POST["kind"], active=True).first()
            if warning is None:
                raise DomainError("该预警已解除，无需督办", field="case")
        o = services.issue_order(actor=request.user, instruction=request.POST.get("instruction", ""),
                                 warning=warning, anomaly=anomaly, reply_days=request.POST.get("reply_days") or None)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("supervision:board")
    messages.success(request, f"已发出督办单 {o.number}，答复期限 {o.reply_due:%Y年%m月%d日}")
    return redirect("supervision:order", pk=o.pk)


@login_required
def order(request, pk):
    scope = supervision_scope(request.user)
    o = get_object_or_404(scope.filter(SupervisionOrder.objects.select_related("department", "case", "issued_by",
                                                                                "replied_by")), pk=pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "close":
                services.close_order(o, actor=request.user, expected_version=request.POST.get("version") or 0,
                                     note=request.POST.get("note", ""))
                messages.success(request, "督办已办结")
            else:
                services.reply_order(o, actor=request.user, expected_version=request.POST.get("version") or 0,
                                     reply=request.POST.get("reply", ""))
                messages.success(request, "已答复督办")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("supervision:order", pk=o.pk)
    can_reply = (o.status == SupervisionOrder.Status.OPEN and o.department_id in scope.department_ids)
    return render(request, "supervision/order.html", {
        "o": o, "scope": scope, "can_reply": can_reply,
        "can_close": scope.is_supervisor and o.status == SupervisionOrder.Status.REPLIED})


def _period(request) -> tuple[date, date]:
    today = timezone.localdate()
    try:
        start = date.fromisoformat(request.GET["start"]) if request.GET.get("start") else date(today.year, 1, 1)
        end = date.fromisoformat(request.GET["end"]) if request.GET.get("end") else today
    except ValueError:
        start, end = date(today.year, 1, 1), today
        messages.error(request, "日期格式应为 YYYY-MM-DD，已显示本年度数据")
    if end < start:
        start, end = end, start
    return start, end


@login_required
def dashboard(request):
    scope = supervision_scope(request.user)
    start, end = _period(request)
    dimension = request.GET.get("dimension", "department")
    if dimension not in figures.DIMENSIONS:
        dimension = "department"
    dept_ids = None if scope.is_supervisor else sorted(scope.department_ids)
    department = request.GET.get("department", "")
    filters = {}
    if department.isdigit() and scope.sees_department(int(department)):
        filters["department_id"] = int(department)
    if request.GET.get("channel") in figures.CHANNEL_LABELS:
        filters["channel"] = request.GET["channel"]
    data = figures.dashboard(start, end, dimension, dept_ids, filters)
    if request.GET.get("format") == "xlsx":
        return _xlsx(excel.dashboard_xlsx(data), f"efficiency-{dimension}-{start}-{end}.xlsx")
    chart = {"labels": [g["label"] for g in data["groups"]],
             "series": {k: [g.get(k) for g in data["groups"]] for k in figures.CHART_FIGURES},
             "names": {k: figures.DEFINITION_MAP[k][0] for k in figures.CHART_FIGURES}}
    departments = Department.objects.order_by("code")
    if dept_ids is not None:
        departments = departments.filter(pk__in=dept_ids)
    table_keys = [k for k, *_ in figures.DEFINITIONS]
    return render(request, "supervision/dashboard.html", {
        "demands": figures.demand_figures(start, end, dept_ids),
        "data": data, "definitions": figures.DEFINITIONS, "table_keys": table_keys,
        "rows": [(g["label"], [g.get(k) for k in table_keys]) for g in data["groups"]],
        "total_row": [data["total"].get(k) for k in table_keys],
        "chart_json": json.dumps(chart, ensure_ascii=False), "chart_empty": not any(
            v for values in chart["series"].values() for v in values),
        "dimensions": [(k, v[0]) for k, v in figures.DIMENSIONS.items()],
        "departments": departments, "department": department, "channel": request.GET.get("channel", ""),
        "query": request.GET.urlencode(), "scope": scope,
    })
