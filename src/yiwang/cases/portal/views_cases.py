"""My cases: the list, one case's progress and what is asked of me, supplement and deferred uploads, withdrawal,
the delivery choice; a bundle application. Thin: the services decide."""
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from yiwang.api.errors import DomainError

from .. import queries as case_queries
from .. import services as case_services
from ..domain import lifecycle as lc
from ..models import BundleCase, Case, DeliveryChoice, DeliveryMethod
from . import queries, services
from .common import applicant_required, is_htmx, my_applicants
from .extensions import case_links
from .forms import DeliveryForm, WithdrawForm


@applicant_required
def home(request):
    cases = list(queries.my_cases(request.user)[:200])
    for c in cases:
        c.asked = queries.asked_of_me(c, request.user)
    return render(request, "cases/portal/home.html", {
        "cases": cases, "bundles": queries.my_bundle_cases(request.user)[:50],
        "drafts": queries.open_drafts(request.user), "applicants": my_applicants(request.user),
        "appointments": queries.my_appointments(request.user).filter(status="booked")[:20], "section": "home",
    })


def _case(request, pk) -> Case:
    return get_object_or_404(case_queries.cases_visible_to(request.user), pk=pk)


def _case_context(request, case, **extra):
    choice = DeliveryChoice.objects.filter(case=case).first()
    initial = {"method": choice.method, "address": choice.address, "recipient": choice.recipient,
               "phone": choice.phone} if choice else {"method": DeliveryMethod.WINDOW}
    ctx = {
        "case": case, "t": case_queries.applicant_timeline(case), "asked": queries.asked_of_me(case, request.user),
        "materials": case_queries.case_materials(case),
        "choice": choice, "delivery_form": extra.pop("delivery_form", None) or DeliveryForm(initial=initial),
        "withdraw_form": extra.pop("withdraw_form", None) or WithdrawForm(initial={"version": case.version}),
        "licences": queries.licences_for(case), "suspensions": case.suspensions.all(),
        "is_applicant": lc.APPLICANT in case_services.case_roles(case, request.user),
        "notices": case.notices.all(), "links": case_links(case, request.user),
        "hearings": list(case.hearings.select_related("host").order_by("id")) if case.hearing_status else [],
    }
    from .views_law import law_context

    ctx.update(law_context(case, request.user))
    ctx.update(extra)
    return ctx


def case_page(request, pk):
    """The applicant's case page. Staff who follow a link to it (a message, an older bookmark) are taken to the
    staff case page, which decides what they may see."""
    if request.user.is_authenticated and request.user.kind == request.user.Kind.STAFF:
        return redirect("cases:work_case", pk=pk)
    return _applicant_case_page(request, pk)


@applicant_required
def _applicant_case_page(request, pk):
    case = _case(request, pk)
    return render(request, "cases/portal/case.html", _case_context(request, case))


def _files(request, keys) -> dict:
    return {k: request.FILES[f"m{k}"] for k in keys if f"m{k}" in request.FILES}


def _done(request, case, message):
    messages.success(request, message)
    url = reverse("cases:case", args=[case.pk])
    if is_htmx(request):
        resp = HttpResponse(status=204)
        resp["HX-Redirect"] = url
        return resp
    return redirect(url)


def _failed(request, case, exc, partial, **ctx):
    if is_htmx(request):
        return render(request, partial, {**_case_context(request, case), "form_error": exc.message, **ctx})
    messages.error(request, exc.message)
    return redirect("cases:case", pk=case.pk)


@require_POST
@applicant_required
def supplement(request, pk):
    case = _case(request, pk)
    asked = queries.asked_of_me(case, request.user)
    keys = [it["key"] for it in asked["supplement"]]
    commitments = [k for k in keys if request.POST.get(f"commit{k}") == "on" and f"m{k}" not in request.FILES]
    try:
        case_services.supplement(case, actor=request.user, expected_version=request.POST.get("version") or 0,
                                 files=_files(request, keys), commitments=commitments,
                                 commitment_signed=request.POST.get("commitment_signed") == "on")
    except DomainError as exc:
        return _failed(request, case, exc, "cases/portal/_supplement.html")
    return _done(request, case, "补正材料已提交，窗口将重新审查。")


@require_POST
@applicant_required
def supply_deferred(request, pk):
    case = _case(request, pk)
    keys = [it["key"] for it in queries.asked_of_me(case, request.user)["deferred"]]
    try:
        case_services.supply_deferred(case, actor=request.user, expected_version=request.POST.get("version") or 0,
                                      files=_files(request, keys))
    except DomainError as exc:
        return _failed(request, case, exc, "cases/portal/_deferred.html")
    return _done(request, case, "容缺材料已补交。")


@require_POST
@applicant_required
def withdraw(request, pk):
    case = _case(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return render(request, "cases/portal/case.html", _case_context(request, case, withdraw_form=form), status=400)
    try:
        case_services.withdraw(case, actor=request.user, expected_version=form.cleaned_data["version"],
                               reason=form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("cases:case", pk=case.pk)
    return _done(request, case, "申请已撤回。")


@require_POST
@applicant_required
def delivery(request, pk):
    case = _case(request, pk)
    form = DeliveryForm(request.POST)
    if form.is_valid():
        try:
            services.choose_delivery(case, user=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    if not form.is_valid() or form.errors:
        return render(request, "cases/portal/case.html", _case_context(request, case, delivery_form=form), status=400)
    return _done(request, case, "出件方式已保存。")


@applicant_required
def bundle_case(request, pk):
    bc = get_object_or_404(queries.my_bundle_cases(request.user), pk=pk)
    choice = DeliveryChoice.objects.filter(bundle_case=bc).first()
    form = DeliveryForm(initial={"method": choice.method, "address": choice.address, "recipient": choice.recipient,
                                 "phone": choice.phone} if choice else {"method": DeliveryMethod.WINDOW})
    if request.method == "POST":
        form = DeliveryForm(request.POST)
        if form.is_valid():
            try:
                services.choose_delivery(bc, user=request.user, **form.cleaned_data)
                messages.success(request, "出件方式已保存。")
                return redirect("cases:bundle_case", pk=bc.pk)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    children = list(bc.children.select_related("item_version", "department").order_by("pk"))
    return render(request, "cases/portal/bundle_case.html", {
        "bc": bc, "children": children, "choice": choice, "delivery_form": form,
        "can_choose": bc.status != BundleCase.Status.DELIVERED}, status=400 if form.errors else 200)
