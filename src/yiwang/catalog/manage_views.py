"""Catalogue administration pages: import (upload → dry run → confirm → progress → report), template and export
downloads, and the 待完善 list. Thin: every change goes through `importing.jobs`."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from yiwang.api.errors import DomainError

from . import excel
from .importing import columns as C
from .importing import jobs
from .importing import report as report_book
from .models import ImportJob, ItemVersion, ServiceItem
from .permissions import manageable_departments

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_PROBLEMS = 300


def _xlsx(content: bytes, name: str) -> HttpResponse:
    r = HttpResponse(content, content_type=XLSX)
    r["Content-Disposition"] = f'attachment; filename="{name}"'
    return r


def _require_admin(request):
    if not manageable_departments(request.user).exists():
        raise PermissionDenied("只有事项管理员可以维护事项目录")


def _columns():
    return [{"header": h, "required": k in C.ITEM_REQUIRED, "aliases": "、".join(a),
             "note": excel.TEMPLATE_NOTES.get(h, "")} for k, h, _kind, a in C.ITEM_COLUMNS]


@login_required
def import_page(request):
    _require_admin(request)
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            effective = dt.date.fromisoformat(request.POST["effective_date"]) if request.POST.get("effective_date") \
                else None
        except ValueError:
            effective = None
            messages.error(request, "生效日期格式应为 年-月-日")
        else:
            try:
                job = jobs.start(fileobj=upload, filename=upload.name, actor=request.user, effective_date=effective,
                                 create_departments=bool(request.POST.get("create_departments"))) if upload \
                    else None
                if job is None:
                    messages.error(request, "请选择要导入的 Excel 文件")
                else:
                    return redirect("catalog:import_job", job.pk)
            except DomainError as exc:
                messages.error(request, exc.message)
                status = exc.status
                return render(request, "catalog/manage/import.html", _import_ctx(request), status=status)
    return render(request, "catalog/manage/import.html", _import_ctx(request))


def _import_ctx(request):
    return {"jobs": ImportJob.objects.select_related("created_by")[:10], "running": jobs.running_job(),
            "columns": _columns(), "material_columns": [h for _k, h, *_ in C.MATERIAL_COLUMNS],
            "defaults": [(C.LABELS[k], C.default_label(k, C.default_of(k))) for k in C.DEFAULTED],
            "today": dt.date.today()}


def _job(request, pk):
    _require_admin(request)
    return get_object_or_404(ImportJob.objects.select_related("created_by"), pk=pk)


def _job_ctx(job):
    r = job.report or {}
    problems = (r.get("errors") or []) + (r.get("warnings") or [])
    return {"job": job, "r": r, "progress": jobs.progress(job), "problems": problems[:SHOWN_PROBLEMS],
            "more_problems": max(0, len(problems) - SHOWN_PROBLEMS),
            "live": job.state in (ImportJob.State.CHECKING, ImportJob.State.IMPORTING)}


@login_required
def import_job(request, pk):
    job = _job(request, pk)
    template = "catalog/manage/_job.html" if request.headers.get("HX-Request") else "catalog/manage/job.html"
    return render(request, template, _job_ctx(job))


@login_required
@require_POST
def import_confirm(request, pk):
    job = _job(request, pk)
    try:
        jobs.confirm(job, actor=request.user)
        messages.success(request, "已开始导入")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("catalog:import_job", job.pk)


@login_required
@require_POST
def import_cancel(request, pk):
    job = _job(request, pk)
    try:
        jobs.cancel(job, actor=request.user)
        messages.success(request, "已放弃本次导入，未写入任何数据")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("catalog:import_job", job.pk)


@login_required
def import_report(request, pk):
    job = _job(request, pk)
    return _xlsx(report_book.workbook(job.report or {}, filename=job.filename), f"import-report-{job.pk}.xlsx")


@login_required
def template(request):
    _require_admin(request)
    return _xlsx(excel.template_workbook(), "catalogue-template.xlsx")


@login_required
def export(request):
    _require_admin(request)
    items = ServiceItem.objects.exclude(status__in=["cancelled", "delegated"]).filter(
        department__in=manageable_departments(request.user))
    return _xlsx(excel.export_workbook(items), f"catalogue-{dt.date.today():%Y%m%d}.xlsx")


def pending_items(user):
    """待完善: items in use whose version in force has defaults still to confirm, no materials stated, or no
    受理条件 / 办理流程."""
    v = "current_version__"
    return (ServiceItem.objects.filter(department__in=manageable_departments(user), current_version__isnull=False)
            .exclude(status__in=["cancelled", "delegated"])
            .filter(~Q(**{f"{v}pending_fields": []}) | Q(**{f"{v}materials_given": False})
                    | Q(**{f"{v}conditions": ""}) | Q(**{f"{v}steps": ""}))
            .select_related("department", "current_version").order_by("department__code", "code"))


@login_required
def pending(request):
    _require_admin(request)
    qs = pending_items(request.user)
    rows = []
    for item in qs[:500]:
        cv: ItemVersion = item.current_version
        missing = [C.LABELS.get(f, f) for f in cv.pending_fields or []]
        if not cv.materials_given:
            missing.insert(0, "材料待完善")
        if not cv.conditions:
            missing.append("受理条件")
        if not cv.steps:
            missing.append("办理流程")
        rows.append((item, missing))
    return render(request, "catalog/manage/pending.html", {"rows": rows, "count": qs.count()})
