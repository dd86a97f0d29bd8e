"""Credit pages: the public 信用公示 search and verification, the subject's own credit (repair, reports), and the
credit office's and departments' work (records, import, repairs, measures, figures). Thin: they call services."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from yiwang.api.errors import DomainError
from yiwang.org.models import Department

from . import access, queries, services
from .domain import kinds as k
from .models import Measure, Record, Repair, Report, Subject
from .report_pdf import render as render_pdf
from .services import repairs, reports


def _staff(request):
    if not access.reads_all(request.user):
        raise PermissionDenied
    return request.user


def public(request):
    q = request.GET.get("q", "").strip()
    results = queries.search(q) if q else []
    rows = [{"subject": s, "code": reports.public_code(s),
             "count": queries.published(s.records.all()).count()} for s in results]
    return render(request, "credit/public.html", {"q": q, "rows": rows, "searched": bool(q)})


def subject_public(request, pk):
    subject = get_object_or_404(Subject, pk=pk)
    full = access.reads_all(request.user) or subject.code in access.own_codes(request.user)
    ctx = queries.panel(subject, full=full)
    ctx["code"] = subject.code if full else reports.public_code(subject)
    ctx["can_apply"] = subject.code in access.own_codes(request.user)
    return render(request, "credit/subject.html", ctx)


@login_required
def mine(request):
    codes = access.own_codes(request.user)
    subjects = [s for c in codes for s in Subject.objects.by_code(c)]
    panels = []
    for s in subjects:
        p = queries.panel(s, full=True)
        p["reports"] = list(s.reports.all()[:5])
        panels.append(p)
    return render(request, "credit/mine.html", {"panels": panels, "none": not codes})


def _date(value):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise DomainError(f"日期“{value}”格式不正确（应为 2026-03-01）") from None


@login_required
@require_POST
def apply_repair(request, pk):
    record = get_object_or_404(Record, pk=pk)
    upload = request.FILES.get("proof")
    try:
        repairs.apply_repair(record, actor=request.user, correction=request.POST.get("correction", ""),
                             commitment_signed=request.POST.get("commitment_signed") == "on",
                             proof=(upload.name, upload.read()) if upload else None,
                             report_number=request.POST.get("report_number", ""))
        messages.success(request, "信用修复申请已提交，认定部门将在规定时限内作出决定。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(request.POST.get("next") or "credit:mine")


@login_required
@require_POST
def issue_report(request, pk):
    subject = get_object_or_404(Subject, pk=pk)
    try:
        report = reports.issue_report(subject, actor=request.user, purpose=request.POST.get("purpose", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(request.POST.get("next") or "credit:mine")
    messages.success(request, f"信用报告 {report.number} 已出具。")
    return redirect("credit:report_pdf", number=report.number)


@login_required
def report_pdf(request, number):
    report = get_object_or_404(Report.objects.select_related("subject", "department"), number=number)
    if not reports.may_issue(request.user, report.subject):
        raise Http404
    response = HttpResponse(render_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="credit-report-{report.number}.pdf"'
    return response


def verify(request):
    token = (request.POST.get("payload") or request.GET.get("p") or "").strip()
    result = reports.verify(token) if token else None
    return render(request, "credit/verify.html", {"result": result, "payload": token})


# ---- staff ------------------------------------------------------------------------------------------------------
def _office_context(request):
    user = request.user
    deps = access.record_departments(user)
    recs = Record.objects.select_related("subject", "department").order_by("-created_at")
    pending = Repair.objects.filter(status=Repair.Status.SUBMITTED).select_related("record__subject",
                                                                                  "record__department")
    if deps is not None:
        recs, pending = recs.filter(department_id__in=deps), pending.filter(record__department_id__in=deps)
    return {"records": recs[:50], "repairs": pending, "measures": Measure.objects.all(),
            "figures": services.figures(), "is_office": access.is_office(user),
            "departments": Department.objects.filter(pk__in=deps) if deps is not None else Department.objects.all(),
            "kinds": sorted(k.LABELS.items(), key=lambda kv: kv[1]), "severities": k.SEVERITY_LABELS.items(),
            "fields": k.SPECIAL_FIELDS.items()}


@login_required
def office(request):
    _staff(request)
    return render(request, "credit/office.html", _office_context(request))


@login_required
@require_POST
def add_record(request):
    user = _staff(request)
    p = request.POST
    try:
        r = services.add_record(
            actor=user, subject_code=p.get("subject_code", ""), subject_name=p.get("subject_name", ""),
            subject_kind=p.get("subject_kind") or k.LEGAL, kind=p.get("kind", ""),
            department=Department.objects.filter(pk=p.get("department") or 0).first(),
            severity=p.get("severity", ""), special_field=p.get("special_field", ""), title=p.get("title", ""),
            decision_number=p.get("decision_number", ""), legal_basis=p.get("legal_basis", ""),
            content=p.get("content", ""), decided_on=_date(p.get("decided_on")), valid_until=_date(p.get("valid_until")))
        messages.success(request, f"已录入：{r}（{r.subject.name}）")
        return redirect("credit:office")
    except DomainError as exc:
        ctx = _office_context(request)
        ctx.update({"error": exc.message, "error_field": exc.field, "form": p})
        return render(request, "credit/office.html", ctx, status=400)


@login_required
@require_POST
def import_records(request):
    user = _staff(request)
    upload = request.FILES.get("file")
    ctx = _office_context(request)
    if upload is None:
        ctx["import_errors"] = [(0, "请选择要导入的文件")]
        return render(request, "credit/office.html", ctx, status=400)
    try:
        result = services.import_records(actor=user, file_name=upload.name, data=upload.read())
    except DomainError as exc:
        ctx["import_errors"] = [(0, exc.message)]
        return render(request, "credit/office.html", ctx, status=400)
    if not result.ok:
        ctx["import_errors"] = result.errors
        return render(request, "credit/office.html", ctx, status=400)
    messages.success(request, f"已导入 {result.created} 条信用记录" +
                     (f"；提示 {len(result.warnings)} 条（代码校验未通过，按原样保存）" if result.warnings else ""))
    return redirect("credit:office")


@login_required
def import_template(request):
    _staff(request)
    response = HttpResponse(services.template_xlsx(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="credit-records-template.xlsx"'
    return response


@login_required
@require_POST
def decide_repair(request, pk):
    user = _staff(request)
    repair = get_object_or_404(Repair, pk=pk)
    try:
        repairs.decide_repair(repair, actor=user, approve=request.POST.get("decision") == "approve",
                              reason=request.POST.get("reason", ""), expected_version=request.POST.get("version"))
        messages.success(request, "已作出信用修复决定。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("credit:office")


@login_required
@require_POST
def switch_measure(request, pk):
    user = _staff(request)
    m = get_object_or_404(Measure, pk=pk)
    try:
        services.switch_measure(m, actor=user, enabled=not m.enabled, expected_version=request.POST.get("version"))
        messages.success(request, f"措施“{m.name}”已" + ("停用" if m.enabled else "启用"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("credit:office")
