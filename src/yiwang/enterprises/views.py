"""Registry pages: search, the enterprise page (panels), corrections, import/export, assigning commissioners,
logging visits, rating the commissioner. Thin: they call services and `care`. (The commissioner's workbench and
the assessment need demands, so they live in the demands app.)"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from yiwang.api.errors import DomainError
from yiwang.org.models import Park, Region, Role
from yiwang.org.scoping import scope_of

from . import access, care, excel, queries
from .models import Assignment, CorrectionRequest, Enterprise, Scale, Tag
from .panels import Viewer, render_panels
from .paging import Page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(request) -> dict:
    g = request.GET
    return {"q": g.get("q", ""), "industry": g.get("industry", ""), "park": g.get("park", ""),
            "scale": g.get("scale", ""), "tag": g.get("tag", ""), "status": g.get("status", "")}


def _search_qs(request):
    f = _filters(request)
    park = f["park"] if f["park"].isdigit() else None
    return queries.search(access.visible_enterprises(request.user), q=f["q"], industry=f["industry"], park=park,
                          scale=f["scale"], tag=f["tag"], status=f["status"])


def _without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def index(request):
    scope = scope_of(request.user)
    if not scope.is_staff:
        return redirect("enterprises:mine")
    page = Page.of(_search_qs(request).select_related("industry", "park").only(
        "id", "name", "uscc", "scale", "status", "industry__name", "industry__code", "industry__section",
        "industry__level", "park__name", "entity_type"), request.GET.get("page"))
    return render(request, "enterprises/index.html", {
        "page": page, "f": _filters(request), "parks": Park.objects.filter(is_active=True),
        "scales": Scale.choices, "tags": Tag.objects.filter(is_active=True), "statuses": Enterprise.Status.choices,
        "may_edit": access.may_edit(request.user), "querystring": _without_page(request),
    })


@login_required
def mine(request):
    own = list(access.visible_enterprises(request.user).filter(applicant_id__in=scope_of(request.user).applicant_ids))
    if len(own) == 1:
        return redirect("enterprises:detail", pk=own[0].pk)
    return render(request, "enterprises/mine.html", {"enterprises": own})


def _next(request) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else ""


def _enterprise(request, pk) -> Enterprise:
    return get_object_or_404(access.visible_enterprises(request.user).select_related(
        "industry", "park", "region", "applicant"), pk=pk)


@login_required
def detail(request, pk: int):
    e = _enterprise(request, pk)
    scope = scope_of(request.user)
    viewer = Viewer(user=request.user, is_agent=access.is_agent(request.user, e), is_staff=scope.is_staff,
                    scope=scope)
    return render(request, "enterprises/detail.html", {
        "e": e, "viewer": viewer, "panels": render_panels(request, e, viewer),
        "legal_rep": e.legal_representative if viewer.is_agent else access.mask_name(e.legal_representative),
        "may_edit": access.may_edit(request.user),
        "pending": e.corrections.filter(status=CorrectionRequest.Status.PENDING).count(),
    })


@login_required
def correct(request, pk: int):
    e = _enterprise(request, pk)
    if not access.is_agent(request.user, e):
        raise Http404
    errors, form, general = {}, {}, ""
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in care.CORRECTABLE}
        try:
            care.request_correction(e, actor=request.user, changes=form, reason=request.POST.get("reason", ""))
        except DomainError as exc:
            if exc.field in care.CORRECTABLE:
                errors[exc.field] = exc.message
            else:
                general = exc.message
        else:
            messages.success(request, "更正申请已提交，待企业服务中心确认。")
            return redirect("enterprises:detail", pk=e.pk)
    return render(request, "enterprises/correct.html", {
        "e": e, "errors": errors, "general": general, "form": form, "reason": request.POST.get("reason", ""),
        "fields": [(k, Enterprise._meta.get_field(k).verbose_name) for k in care.CORRECTABLE],
        "mine": e.corrections.filter(requested_by=request.user)[:10],
    })


@login_required
def corrections(request):
    if not access.may_edit(request.user):
        raise PermissionDenied
    rows = CorrectionRequest.objects.filter(status=CorrectionRequest.Status.PENDING).select_related(
        "enterprise", "requested_by")[:100]
    return render(request, "enterprises/corrections.html", {"rows": rows})


@login_required
@require_POST
def review_correction(request, pk: int):
    c = get_object_or_404(CorrectionRequest, pk=pk)
    try:
        care.review_correction(c, actor=request.user, accept=request.POST.get("decision") == "accept",
                               note=request.POST.get("note", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已处理更正申请。")
    return redirect("enterprises:corrections")


@login_required
def import_page(request):
    if not access.may_edit(request.user):
        raise PermissionDenied
    result, file_error = None, ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            file_error = "请选择要导入的文件"
        else:
            try:
                result = excel.import_file(upload.name, upload.read(), actor=request.user,
                                           update=request.POST.get("mode") == "update")
            except DomainError as exc:
                file_error = exc.message
    return render(request, "enterprises/import.html", {"result": result, "file_error": file_error},
                  status=400 if file_error or (result and not result.ok) else 200)


@login_required
def template(request):
    resp = HttpResponse(excel.template_workbook(), content_type=XLSX)
    resp["Content-Disposition"] = 'attachment; filename="enterprise-import-template.xlsx"'
    return resp


@login_required
def export(request):
    if not scope_of(request.user).is_staff:
        raise PermissionDenied
    resp = HttpResponse(excel.export_workbook(_search_qs(request)), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="enterprises-{timezone.localdate():%Y%m%d}.xlsx"'
    return resp


# ---- commissioners -------------------------------------------------------------------------------------------------
@login_required
@require_POST
def visit(request, pk: int):
    e = _enterprise(request, pk)
    problems = [p for p in request.POST.get("problems", "").splitlines() if p.strip()]
    try:
        care.log_visit(e, actor=request.user, visited_on=request.POST.get("visited_on") or timezone.localdate(),
                       people_met=request.POST.get("people_met", ""), summary=request.POST.get("summary", ""),
                       problems=problems, form=request.POST.get("form") or "上门走访")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "走访已记录。" + (f"发现问题{len(problems)}个，可一键转为诉求。" if problems else ""))
    return redirect(_next(request) or "enterprises:detail", **({} if _next(request) else {"pk": e.pk}))


@login_required
@require_POST
def rate(request, pk: int):
    e = _enterprise(request, pk)
    try:
        care.rate_commissioner(e, actor=request.user, grade=request.POST.get("grade"),
                               comment=request.POST.get("comment", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "感谢您的评价。")
    return redirect("enterprises:detail", pk=e.pk)


@login_required
def assign(request):
    if not access.may_edit(request.user):
        raise PermissionDenied
    from yiwang.org.models import User

    commissioners = User.objects.filter(staff_roles__role=Role.COMMISSIONER).distinct()
    if request.method == "POST":
        p = request.POST
        who = commissioners.filter(pk=p.get("commissioner") or 0).first()
        try:
            if p.get("uscc"):
                ent = Enterprise.objects.filter(uscc=p["uscc"].strip().upper()).first()
                if ent is None:
                    raise DomainError("未找到该统一社会信用代码的企业", field="uscc")
                n = care.assign_commissioner([ent], actor=request.user, commissioner=who)
            else:
                n = care.assign_by(actor=request.user, commissioner=who,
                                   park=p.get("park") or None, region=p.get("region") or None,
                                   industry=p.get("industry", ""), only_unassigned=p.get("only_unassigned") == "1")
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已分配{n}户企业。")
        return redirect("enterprises:assign")
    return render(request, "enterprises/assign.html", {
        "commissioners": commissioners, "parks": Park.objects.filter(is_active=True),
        "regions": Region.objects.filter(level__gte=Region.Level.TOWNSHIP)[:200],
        "recent": Assignment.objects.select_related("enterprise", "commissioner").order_by("-id")[:20],
    })
