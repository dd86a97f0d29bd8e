"""Project pages: the tracking board (review centre, bureau, departments, builders), a project's page with its
clock, registering a project, the builder's stage form (一表申请), the risk matrix. Thin: they call services."""
from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render

from yiwang.api.errors import DomainError
from yiwang.enterprises.models import Enterprise
from yiwang.enterprises.paging import Page
from yiwang.org.models import Department, Park, Region

from . import access, queries, services
from .domain import clock as ck
from .domain.classes import KIND_LABELS, ROUTE_LABELS, STAGE_LABELS, Stage, stages_of
from .models import Project, RiskMatrix, StageApplication, StageCase


def _errors(exc) -> dict[str, str]:
    if isinstance(exc, ValidationError):
        return {k: "；".join(v) for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else \
            {"form": "；".join(exc.messages)}
    return {exc.field or "form": exc.message}


def _board_qs(request):
    qs = access.visible_projects(request.user).select_related("builder", "region", "park")
    g = request.GET
    if g.get("kind"):
        qs = qs.filter(kind=g["kind"])
    if g.get("route"):
        qs = qs.filter(route=g["route"])
    if g.get("park"):
        qs = qs.filter(park__code=g["park"])
    if g.get("department"):
        qs = qs.filter(stages__items__case__department__code=g["department"]).distinct()
    items = StageCase.objects.select_related("case", "stage_item__item__department")
    return qs.prefetch_related(Prefetch("stages", queryset=StageApplication.objects.prefetch_related(
        Prefetch("items", queryset=items)))).order_by("-id")


@login_required
def board(request):
    if not access.sees_projects(request.user):
        raise PermissionDenied
    page = Page.of(_board_qs(request), request.GET.get("page"), size=20)
    deps = access.department_ids(request.user)
    rows = [queries.tracking_row(p, departments=None if access.is_builder_agent(request.user, p) else deps)
            for p in page.object_list]
    return render(request, "projects/board.html", {
        "rows": rows, "page": page, "kinds": list(KIND_LABELS.items()), "routes": list(ROUTE_LABELS.items()),
        "parks": Park.objects.filter(is_active=True).order_by("code"),
        "departments": Department.objects.filter(service_items__project_stage__gt="").distinct().order_by("code"),
        "f": request.GET, "centre": access.is_centre(request.user), "may_register": _may_register(request.user),
    })


def _may_register(user) -> bool:
    return access.is_centre(user) or bool(_own_enterprises(user))


def _own_enterprises(user):
    from yiwang.org.scoping import scope_of

    return list(Enterprise.objects.filter(applicant_id__in=scope_of(user).applicant_ids,
                                          status=Enterprise.Status.ACTIVE))


@login_required
def detail(request, pk: int):
    project = get_object_or_404(_board_qs(request), pk=pk)
    agent = access.is_builder_agent(request.user, project)
    row = queries.tracking_row(project, departments=None if agent else access.department_ids(request.user))
    filed = {a.stage: a for a in project.stages.all()}
    stages = [{"stage": s, "label": STAGE_LABELS[s], "app": filed.get(s.value),
               "refusal": services.filing_refusal_of(project, s) if s.value not in filed else None}
              for s in stages_of(project.route_enum)]
    c = row["clock"]
    buckets = [(ck.BUCKET_LABELS[b], c.days[b], ck.BASIS.get(b, "")) for b in
               (ck.GOVERNMENT, ck.BUILDER, ck.INTERMEDIARY, ck.SPECIAL)]
    return render(request, "projects/detail.html", {
        "p": project, "row": row, "stages": stages, "agent": agent, "buckets": buckets,
        "stage_targets": {a.stage: a.target_days for a in project.stages.all()},
        "by_stage": [(STAGE_LABELS[Stage(s)], d, filed[s].target_days if s in filed else None)
                     for s, d in sorted(c.by_stage.items())],
        "intermediary": project.intermediary_periods.all(),
    })


@login_required
def new(request):
    if not _may_register(request.user):
        raise PermissionDenied
    own = _own_enterprises(request.user)
    errors, form = {}, request.POST if request.method == "POST" else {}
    if request.method == "POST":
        p = request.POST
        try:
            builder = next((e for e in own if str(e.pk) == p.get("builder")), None)
            if builder is None and access.is_centre(request.user) and p.get("builder_uscc"):
                builder = Enterprise.objects.filter(uscc=p["builder_uscc"].strip().upper()).first()
            if builder is None:
                raise DomainError("请选择建设单位（或填写登记在册的统一社会信用代码）", field="builder")
            region = Region.objects.filter(code=p.get("region", "")).first()
            if region is None:
                raise DomainError("请选择建设地点所在区划", field="region")
            park = Park.objects.filter(code=p.get("park")).first() if p.get("park") else None
            project = services.register_project(
                actor=request.user, code=p.get("code", ""), name=p.get("name", ""), builder=builder,
                kind=p.get("kind", ""), region=region, park=park, address=p.get("address", ""),
                land_area=p.get("land_area", ""), floor_area=p.get("floor_area", ""), height=p.get("height", ""),
                use=p.get("use", ""), total_investment=p.get("total_investment", ""),
                hazardous=p.get("hazardous") == "1", ecological=p.get("ecological") == "1",
                special_zone=p.get("special_zone", "无"))
        except (DomainError, ValidationError) as exc:
            errors = _errors(exc)
        else:
            messages.success(request, f"项目已登记：{project.get_risk_level_display()}，{project.get_route_display()}。")
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/new.html", {
        "own": own, "centre": access.is_centre(request.user), "errors": errors, "form": form,
        "kinds": list(KIND_LABELS.items()), "uses": Project.USE_CHOICES, "zones": Project.ZONE_CHOICES,
        "regions": Region.objects.filter(level__in=[Region.Level.DISTRICT, Region.Level.TOWNSHIP]).order_by("code"),
        "parks": Park.objects.filter(is_active=True).order_by("code"),
    }, status=400 if errors else 200)


@login_required
def stage_form(request, pk: int, stage: str):
    """一表申请: the builder's agent (or the centre's window clerk) fills the stage's one form."""
    project = get_object_or_404(access.visible_projects(request.user).select_related("builder", "region"), pk=pk)
    try:
        stage_enum = Stage(stage)
    except ValueError:
        raise PermissionDenied from None
    clerk = request.user.staff_roles.filter(role="clerk").exists()
    if not (access.is_builder_agent(request.user, project) or clerk):
        raise PermissionDenied
    plan, form = services.form_of(project, stage_enum)
    materials = services.stage_materials(plan)
    errors = {}
    if request.method == "POST":
        answers = {f: request.POST.get(f"f:{f}", "") for f in form.needed if f"f:{f}" in request.POST}
        files = {m["key"]: request.FILES[f"m:{i}"] for i, m in enumerate(materials) if f"m:{i}" in request.FILES}
        try:
            app = services.file_stage(project, stage_enum, actor=request.user, answers=answers, files=files,
                                      expected_version=request.POST.get("version") or 0)
        except (DomainError, ValidationError) as exc:
            errors = _errors(exc)
        else:
            n = app.items.exclude(case=None).count()
            messages.success(request, f"“{STAGE_LABELS[stage_enum]}”阶段已申报：{n}个事项并联受理；"
                                      f"复用已填报字段{len(app.reused_fields)}项，重复填报{len(app.reasked_fields)}项。")
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/stage_form.html", {
        "p": project, "stage": stage_enum, "label": STAGE_LABELS[stage_enum], "plan": plan, "form": form,
        "materials": [(i, m) for i, m in enumerate(materials)], "errors": errors,
        "asked": [(f, request.POST.get(f"f:{f}", ""), errors.get(f, "")) for f in form.asked],
        "refusal": services.filing_refusal_of(project, stage_enum),
    }, status=400 if errors else 200)


@login_required
def matrix(request):
    """The risk matrix in force and its versions; the bureau saves a new version (checked whole)."""
    if not access.is_centre(request.user):
        raise PermissionDenied
    bureau = access.is_bureau(request.user)
    number, data = services.current_matrix()
    errors, text = {}, json.dumps(data, ensure_ascii=False, indent=2)
    if request.method == "POST":
        if not bureau:
            raise PermissionDenied
        text = request.POST.get("data", "")
        try:
            parsed = json.loads(text)
            services.save_matrix(parsed, actor=request.user, expected_number=request.POST.get("number") or 0,
                                 note=request.POST.get("note", ""))
        except json.JSONDecodeError as exc:
            errors = {"data": f"不是有效的 JSON：第{exc.lineno}行第{exc.colno}列"}
        except (DomainError, ValidationError) as exc:
            errors = _errors(exc)
        else:
            messages.success(request, "风险分级矩阵已保存为新版本。")
            return redirect("projects:matrix")
    return render(request, "projects/matrix.html", {
        "number": number, "data": data, "text": text, "errors": errors, "bureau": bureau,
        "versions": RiskMatrix.objects.select_related("created_by")[:20],
    }, status=400 if errors else 200)
