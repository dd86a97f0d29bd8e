"""Department management pages for organisation administrators. Thin: changes go through org.departments."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render

from yiwang.api.errors import DomainError

from . import departments as svc
from .models import Department, FilingCode, Region


def _require(request):
    if not svc.can_manage_org(request.user):
        raise PermissionDenied("只有系统管理员可以维护部门")


@login_required
def department_list(request):
    _require(request)
    depts = (Department.objects.select_related("region")
             .prefetch_related(Prefetch("filing_codes", queryset=FilingCode.objects.order_by("code")))
             .annotate(items=Count("service_items")).order_by("code"))
    return render(request, "org/departments.html", {"departments": depts})


@login_required
def department_edit(request, pk=None):
    _require(request)
    dept = get_object_or_404(Department, pk=pk) if pk else None
    errors, values = {}, {}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in ("code", "name", "short_name", "kind", "uscc", "phone",
                                                        "address", "aliases", "filing_codes")}
        region = Region.objects.filter(pk=request.POST.get("region") or 0).first()
        try:
            saved, warnings = svc.save_department(
                actor=request.user, department=dept, region=region,
                is_active=bool(request.POST.get("is_active")) if dept else True,
                **{k: v for k, v in values.items() if k != "filing_codes"}, filing_codes=values["filing_codes"])
            messages.success(request, f"已保存部门“{saved.name}”")
            for w in warnings:
                messages.warning(request, w)
            return redirect("org:departments")
        except ValidationError as exc:
            errors = exc.message_dict
        except DomainError as exc:
            messages.error(request, exc.message)
    elif dept is not None:
        values = {k: getattr(dept, k) for k in ("code", "name", "short_name", "kind", "uscc", "phone", "address",
                                                 "aliases")}
        values["filing_codes"] = "\n".join(f"{c.code} {c.note}".strip() for c in dept.filing_codes.all())
        values["region"] = dept.region_id
    return render(request, "org/department_form.html", {
        "dept": dept, "values": values, "errors": errors, "regions": Region.objects.order_by("code"),
        "kinds": Department.Kind.choices,
        "problems": svc.code_warnings(dept, [c.code for c in dept.filing_codes.all()]) if dept else []},
        status=400 if errors else 200)


# ---- bringing up a district from one workbook (org.district) ----------------------------------------------------------
@login_required
def district(request):
    from django.http import HttpResponse

    from . import district as loader

    if not (loader.may_load_org(request.user) or loader.may_load_roles(request.user)):
        raise PermissionDenied("组织机构导入由系统管理员（区划、部门、大厅、人员）和安全管理员（岗位）负责")
    if request.method == "GET" and request.GET.get("template"):
        response = HttpResponse(loader.template(), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        response["Content-Disposition"] = 'attachment; filename="district-template.xlsx"'
        return response
    report, error = None, None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "请选择要导入的 .xlsx 工作簿"
        else:
            try:
                report = loader.load(upload.read(), actor=request.user, dry_run=bool(request.POST.get("dry_run")))
            except loader.DistrictError as exc:
                report, error = exc.report, exc.report.errors and "工作簿有错误，未导入任何数据" or exc.message
            except DomainError as exc:
                error = exc.message
    response = render(request, "org/district.html", {
        "report": report, "error": error, "dry_run": bool(request.POST.get("dry_run")),
        "may_org": loader.may_load_org(request.user), "may_roles": loader.may_load_roles(request.user)},
        status=400 if error else 200)
    if report and report.passwords:
        response["Cache-Control"] = "no-store"  # the initial passwords are shown once
    return response
