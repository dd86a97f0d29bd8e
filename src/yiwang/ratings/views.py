"""Pages: the applicant rates a service (HTMX welcome) and sees the reply; the unit works its rectifications;
supervisors review appeals; everyone reads the public, anonymised summary. Thin: they call services."""
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from yiwang.api.errors import DomainError
from yiwang.cases.models import Case
from yiwang.cases.queries import cases_visible_to
from yiwang.org.models import Department

from . import access, channels, conf, queries, services
from .domain.grades import GRADE_LABELS, GRADES, tags_for
from .domain.occasions import SERVICE_LABELS
from .models import Rating, Rectification



def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _date(value, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


# ---- public --------------------------------------------------------------------------------------------------------
def public(request):
    today = timezone.localdate()
    start = _date(request.GET.get("start"), today.replace(month=1, day=1))
    end = _date(request.GET.get("end"), today)
    dep = request.GET.get("department", "")
    summary = queries.public_summary(start, end, int(dep) if dep.isdigit() else None)
    return render(request, "ratings/public.html", {
        "summary": summary, "start": start, "end": end, "department": dep,
        "departments": Department.objects.filter(ratings__isnull=False).distinct().order_by("name"),
    })


# ---- the rater -------------------------------------------------------------------------------------------------
@login_required
def mine(request):
    return render(request, "ratings/mine.html", {"rows": queries.cases_to_rate(request.user)})


def _panel_context(request, case, service, *, form=None, errors=None, by_link=False):
    rating = Rating.objects.filter(case=case, service=service).first()
    rect = getattr(rating, "rectification", None) if rating and hasattr(rating, "rectification") else None
    now = timezone.now()
    rater = by_link or access.is_rater(request.user, case)
    happened = queries.occasions_for(case)
    can_rate = rating is None and service in happened and (rater or access.may_record_on_behalf(request.user, case))
    can_edit = (not by_link and rating is not None and not rating.is_default and now <= rating.editable_until
                and ((rater and not rating.on_behalf) or (rating.on_behalf and rating.rated_by_id == request.user.pk)))
    form = form or ({"grade": str(rating.grade), "tags": rating.tags, "comment": rating.comment} if rating
                    else {"grade": "", "tags": [], "comment": ""})
    positive, negative = conf.positive_tags(), conf.negative_tags()
    fits = {g: tags_for(g, positive, negative) for g in GRADES}
    tag_groups = [{"name": "positive", "legend": "好评标签（可选）", "tags": positive,
                   "grades": " ".join(str(g) for g in GRADES if set(positive) & set(fits[g]))},
                  {"name": "negative", "legend": "差评标签（可选）", "tags": negative,
                   "grades": " ".join(str(g) for g in GRADES if set(negative) & set(fits[g]))}]
    return {
        "case": case, "service": service, "service_label": SERVICE_LABELS[service], "rating": rating,
        "rect": rect, "can_rate": can_rate, "can_edit": can_edit, "is_rater": rater,
        "on_behalf": not rater, "happened": service in happened, "service_on": happened.get(service),
        "grades": [(g, GRADE_LABELS[g]) for g in GRADES], "tag_groups": tag_groups,
        "via": request.POST.get("via") or request.GET.get("via") or "",
        "form": form, "errors": errors or {}, "grace_hours": conf.edit_grace_hours(),
        "can_rate_rect": (not by_link and rect is not None
                          and "rate_rectification" in queries.actions_on(rect, request.user)),
        "by_link": by_link, "at_window": channels.at_window(request),
    }


def rate(request, case_id: int, service: str):
    """Rate one service. Signed in as the rater (or staff recording it on their behalf); or, with no password,
    through the invitation's signed, expiring link (短信链接), which opens that one rating and nothing else."""
    if service not in SERVICE_LABELS:
        raise Http404
    by_link = False
    if request.user.is_authenticated:
        case = get_object_or_404(cases_visible_to(request.user), pk=case_id)
    else:
        if channels.from_token(request.POST.get("via") or request.GET.get("via") or "", case_id, service) is None:
            return redirect_to_login(request.get_full_path())
        case = get_object_or_404(Case.objects.select_related("applicant__user"), pk=case_id)
        by_link = True
    if service not in queries.services_of(case):  # 一次一评 on site, 一事一评 online: not this case's service
        raise Http404
    if request.method == "POST":
        form = {"grade": request.POST.get("grade", ""), "tags": request.POST.getlist("tags"),
                "comment": request.POST.get("comment", "")}
        existing = Rating.objects.filter(case=case, service=service).first()
        try:
            if by_link:
                services.rate(case, actor=case.applicant.user, service=service, grade=form["grade"],
                              tags=form["tags"], comment=form["comment"],
                              channel=channels.of_page(request, case, service), by_link=True)
                done = "感谢您的评价"
            elif existing is not None and request.POST.get("version"):
                services.edit(existing, actor=request.user, expected_version=int(request.POST["version"]),
                              grade=form["grade"], tags=form["tags"], comment=form["comment"])
                done = "评价已修改"
            else:
                services.rate(case, actor=request.user, service=service, grade=form["grade"], tags=form["tags"],
                              comment=form["comment"], channel=channels.of_page(request, case, service))
                done = "感谢您的评价"
        except DomainError as exc:
            ctx = _panel_context(request, case, service, form=form, by_link=by_link,
                                 errors={exc.field or "all": exc.message})
            return render(request, "ratings/_rate_panel.html" if _htmx(request) else "ratings/rate.html", ctx,
                          status=200 if _htmx(request) else 400)
        if _htmx(request):
            ctx = _panel_context(request, case, service, by_link=by_link)
            ctx["done"] = done
            return render(request, "ratings/_rate_panel.html", ctx)
        messages.success(request, done)
        url = reverse("ratings:rate", args=[case.pk, service])
        return redirect(f"{url}?via={request.POST.get('via')}" if by_link else url)
    return render(request, "ratings/rate.html", _panel_context(request, case, service, by_link=by_link))


@login_required
@require_POST
def rate_rectification(request, pk: int):
    rect = get_object_or_404(queries.rectifications_visible_to(request.user), pk=pk)
    try:
        services.rate_rectification(rect, actor=request.user, grade=request.POST.get("grade"),
                                    comment=request.POST.get("comment", ""))
        messages.success(request, "感谢您对整改情况的评价")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("ratings:rate", case_id=rect.rating.case_id, service=rect.rating.service)


# ---- the handling unit and supervisors --------------------------------------------------------------------------
@login_required
def rectifications(request):
    if request.user.kind != request.user.Kind.STAFF:
        raise Http404
    qs = queries.rectifications_visible_to(request.user).select_related("rating__item")
    status, appeal = request.GET.get("status", ""), request.GET.get("appeal", "")
    if status:
        qs = qs.filter(status=status)
    if appeal:
        qs = qs.filter(appeal_status=appeal)
    return render(request, "ratings/rectifications.html", {
        "rows": qs.order_by("reply_due", "id")[:200], "status": status, "appeal": appeal,
        "statuses": Rectification.Status.choices, "today": timezone.localdate(),
        "is_supervisor": access.is_supervisor(request.user),
    })


@login_required
def rectification(request, pk: int, errors=None, form=None, status=200):
    if request.user.kind != request.user.Kind.STAFF:
        raise Http404
    rect = get_object_or_404(queries.rectifications_visible_to(request.user), pk=pk)
    return render(request, "ratings/rectification.html", {
        "rect": rect, "rating": rect.rating, "actions": queries.actions_on(rect, request.user),
        "grounds": Rectification.AppealGround.choices, "errors": errors or {}, "form": form or {},
        "today": timezone.localdate(),
    }, status=status)


ACTIONS = {
    "follow_up": (services.follow_up, ("method", "note"), "已登记回访"),
    "reply": (services.reply, ("verification", "measures", "reply_text"), "整改情况已回复评价人"),
    "appeal": (services.appeal, ("ground", "reason"), "申诉已提交，待效能监察人员审核"),
    "review": (services.review, ("uphold", "reason"), "申诉审核意见已保存"),
}


@login_required
@require_POST
def rectification_action(request, pk: int, act: str):
    if act not in ACTIONS:
        raise Http404
    rect = get_object_or_404(queries.rectifications_visible_to(request.user), pk=pk)
    fn, fields, done = ACTIONS[act]
    kwargs = {f: request.POST.get(f, "") for f in fields}
    if "uphold" in kwargs:
        kwargs["uphold"] = kwargs["uphold"] == "yes"
    try:
        fn(rect, actor=request.user, expected_version=int(request.POST.get("version") or 0), **kwargs)
    except DomainError as exc:
        return rectification(request, pk, errors={"act": act, exc.field or "all": exc.message},
                             form=request.POST, status=400)
    messages.success(request, done)
    return redirect(reverse("ratings:rectification", args=[pk]))
