"""Demand pages: the list/inbox for each role, intake (online, hotline/forum/walk-in, from a visit problem), the
demand page with its timeline and the actions the viewer may take, figures, joint meetings. Thin: they call
services."""
from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from yiwang.api.errors import DomainError
from yiwang.enterprises.models import Enterprise, VisitProblem
from yiwang.enterprises.paging import Page
from yiwang.org.models import Department, Role, User
from yiwang.org.scoping import scope_of

from . import access, queries, services
from .domain import lifecycle as lc
from .models import Assignment, Category, Channel, Demand, JointMeeting

CENTRE_CHANNELS = [(c.value, c.label) for c in Channel if c in (Channel.HOTLINE, Channel.FORUM, Channel.WALK_IN)]


def _handler_departments(user) -> list[int]:
    return [dep for role, dep, _h, _o in scope_of(user).staff_roles if role == Role.DEMAND_HANDLER and dep]


@login_required
def index(request):
    status = request.GET.get("status", "")
    qs = queries.visible_demands(request.user).select_related("category", "enterprise", "lead_department")
    if status:
        qs = qs.filter(status=status)
    deps = _handler_departments(request.user)
    inbox = list(queries.department_inbox(deps)[:100]) if deps else []
    return render(request, "demands/index.html", {
        "page": Page.of(qs.order_by("-submitted_at", "-id"), request.GET.get("page")),
        "inbox": inbox, "status": status, "statuses": list(lc.STATUS_LABELS.items()),
        "is_centre": access.is_centre(request.user), "may_file": access.may_file(request.user),
        "may_see_figures": access.may_see_figures(request.user), "today": timezone.localdate(),
    })


def _files(request) -> list[tuple[str, bytes]]:
    return [(f.name, f.read()) for f in request.FILES.getlist("attachments")]


@login_required
def new(request):
    """Online (an agent, for their enterprise) or entered by the centre (hotline, forum, walk-in)."""
    if not access.may_file(request.user):
        raise PermissionDenied
    centre = access.is_centre(request.user)
    own = list(access.own_enterprises(request.user))
    errors, form = {}, request.POST if request.method == "POST" else {}
    if request.method == "POST":
        p = request.POST
        try:
            enterprise = None
            if centre:
                channel = p.get("channel") or Channel.HOTLINE
                if p.get("uscc"):
                    enterprise = Enterprise.objects.filter(uscc=p["uscc"].strip().upper()).first()
                    if enterprise is None:
                        raise DomainError("未找到该统一社会信用代码的企业（个人诉求请留空并填写诉求人）", field="uscc")
            else:
                channel = Channel.ONLINE
                enterprise = next((e for e in own if str(e.pk) == p.get("enterprise")), own[0])
            d = services.submit(actor=request.user, channel=channel, category=p.get("category"),
                                title=p.get("title", ""), description=p.get("description", ""),
                                enterprise=enterprise, person_name=p.get("person_name", ""),
                                person_phone=p.get("person_phone", ""), attachments=_files(request))
        except DomainError as exc:
            errors[exc.field or "form"] = exc.message
        else:
            messages.success(request, f"诉求已提交，编号{d.number}。")
            return redirect("demands:detail", pk=d.pk)
    return render(request, "demands/new.html", {
        "centre": centre, "own": own, "categories": Category.objects.filter(is_active=True),
        "channels": CENTRE_CHANNELS, "errors": errors, "form": form,
    }, status=400 if errors else 200)


@login_required
@require_POST
def from_problem(request, pk: int):
    problem = get_object_or_404(VisitProblem.objects.select_related("visit__enterprise"), pk=pk,
                                visit__commissioner=request.user)
    try:
        d = services.from_visit_problem(problem, actor=request.user, category=request.POST.get("category"))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("demands:workbench")
    messages.success(request, f"已转为诉求{d.number}。")
    return redirect("demands:detail", pk=d.pk)


@login_required
def detail(request, pk: int):
    d = get_object_or_404(queries.visible_demands(request.user).select_related(
        "category", "enterprise", "lead_department", "escalated_to"), pk=pk)
    internal = queries.may_see_internal(request.user, d)
    centre = services.is_centre(request.user)
    deps = set(_handler_departments(request.user))
    mine = [a for a in d.assignments.select_related("department") if a.department_id in deps and a.is_current]
    return render(request, "demands/detail.html", {
        "d": d, "internal": internal, "centre": centre, "mine": mine,
        "events": queries.timeline(d, internal=internal),
        "assignments": d.assignments.select_related("department") if internal else [],
        "actions": lc.actions_for(d.status) if centre else [],
        "may_evaluate": d.status == lc.ANSWERED and services.may_evaluate(request.user, d),
        "departments": Department.objects.filter(is_active=True),
        "leaders": User.objects.filter(staff_roles__role__in=[Role.UNIT_LEADER, Role.SERVICE_CENTRE]).distinct(),
        "evaluations": list(lc.EVALUATION_LABELS.items()), "attachments": d.attachments.all(),
    })


@login_required
@require_POST
def act(request, pk: int, action: str):
    d = get_object_or_404(queries.visible_demands(request.user), pk=pk)
    p, v = request.POST, request.POST.get("version")
    try:
        if action == "accept":
            services.accept(d, actor=request.user, expected_version=v)
        elif action == "decline":
            services.decline(d, actor=request.user, reason=p.get("reason", ""), expected_version=v)
        elif action == "dispatch":
            co = [(dep, p.get(f"co_task_{dep}", "") or p.get("co_task", "")) for dep in p.getlist("co") if dep]
            services.dispatch(d, actor=request.user, lead=p.get("lead"), lead_task=p.get("lead_task", ""), co=co,
                              expected_version=v)
        elif action == "send_back":
            services.send_back(d, actor=request.user, reason=p.get("reason", ""), expected_version=v)
        elif action == "pass":
            services.pass_reply(d, actor=request.user, answer=p.get("answer", ""), expected_version=v)
        elif action == "evaluate":
            services.evaluate(d, actor=request.user, evaluation=p.get("evaluation", ""),
                              comment=p.get("comment", ""), expected_version=v)
        elif action == "escalate":
            leader = User.objects.filter(pk=p.get("leader") or 0).first()
            services.escalate(d, actor=request.user, leader=leader, reason=p.get("reason", ""), expected_version=v)
        elif action == "grade":
            services.grade_department(d, actor=request.user, department=p.get("department"), grade=p.get("grade"),
                                      comment=p.get("comment", ""))
        else:
            raise DomainError("未知操作", field="action")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已办理。")
    return redirect("demands:detail", pk=d.pk)


@login_required
@require_POST
def assignment_act(request, pk: int, action: str):
    a = get_object_or_404(Assignment.objects.filter(department_id__in=_handler_departments(request.user)), pk=pk)
    try:
        if action == "acknowledge":
            services.acknowledge(a, actor=request.user)
        elif action == "reply":
            services.reply(a, actor=request.user, text=request.POST.get("text", ""),
                           internal_note=request.POST.get("internal_note", ""))
        else:
            raise DomainError("未知操作", field="action")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已报到。" if action == "acknowledge" else "已答复。")
    return redirect("demands:detail", pk=a.demand_id)


def _date(value: str, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


@login_required
def figures_view(request):
    if not access.may_see_figures(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    start = _date(request.GET.get("start"), today.replace(month=1, day=1))
    end = _date(request.GET.get("end"), today)
    dimension = request.GET.get("by") if request.GET.get("by") in queries.DIMENSIONS else "category"
    return render(request, "demands/figures.html", {"data": queries.figures(start, end, dimension, today),
                                                    "dimensions": queries.DIMENSIONS.items()})


@login_required
def meetings(request):
    if not services.is_centre(request.user):
        raise PermissionDenied
    if request.method == "POST":
        p = request.POST
        demands = list(Demand.objects.filter(number__in=[n.strip() for n in p.get("demands", "").split() if n.strip()]))
        try:
            services.convene(actor=request.user, topic=p.get("topic", ""), held_on=p.get("held_on"),
                             departments=p.getlist("departments"), demands=demands, minutes=p.get("minutes", ""),
                             place=p.get("place", ""))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "联席会议已记录，并通知参会部门。")
        return redirect("demands:meetings")
    return render(request, "demands/meetings.html", {
        "rows": JointMeeting.objects.prefetch_related("departments", "demands")[:50],
        "departments": Department.objects.filter(is_active=True), "today": timezone.localdate()})


@login_required
def workbench(request):
    from . import commissioners

    if not access.is_commissioner(request.user):
        raise PermissionDenied
    return render(request, "demands/workbench.html", commissioners.workbench(request.user))


@login_required
def assessment(request):
    from django.http import HttpResponse

    from . import commissioners

    if not access.may_see_figures(request.user):
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    rows = commissioners.assessment(year)
    if request.GET.get("format") == "xlsx":
        resp = HttpResponse(commissioners.assessment_workbook(rows, year),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = f'attachment; filename="commissioners-{year}.xlsx"'
        return resp
    return render(request, "demands/assessment.html", {"rows": rows, "year": year})
