"""The comprehensive window (综合窗口): applicant look-up and registration, counter intake, today's queue and
unified delivery (统一窗口出件). Thin: reads through the queries, acts through the services."""
from __future__ import annotations

import uuid

from django import forms as djforms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from yiwang.api.errors import DomainError
from yiwang.catalog.domain import terms
from yiwang.catalog.models import ItemVersion, ServiceItem
from yiwang.org import services as org_services
from yiwang.org.models import Applicant

from .. import services
from ..models import BundleCase, Case
from ..services import credit_gate
from ..services.intake import requirements
from . import queries
from .access import staff_required
from .forms import DeliverForm, LookupForm, RegisterApplicantForm
from .intake import CHOICES, COMMIT, DECISIONS, DEFECT, NONE, PAPER, SCAN, counter_intake


def _appointments_url() -> str:
    try:
        return reverse("cases:appointments_today")
    except NoReverseMatch:
        return ""


def _guess_kind(id_number: str) -> str:
    raw = "".join(id_number.split()).upper()
    return Applicant.Kind.NATURAL if raw[:17].isdigit() and len(raw) == 18 else Applicant.Kind.LEGAL


@staff_required
def workbench(request):
    lookup = LookupForm(request.GET or None)
    applicant, register = None, None
    if lookup.is_bound and lookup.is_valid():
        id_number = lookup.cleaned_data["id_number"]
        try:
            applicant = org_services.find_applicant(id_number)
        except DomainError as exc:
            lookup.add_error("id_number", exc.message)
        else:
            if applicant is None:
                register = RegisterApplicantForm(initial={"id_number": "".join(id_number.split()).upper(),
                                                          "kind": _guess_kind(id_number)}, auto_id="reg_%s")
    return _home(request, lookup=lookup, applicant=applicant, register=register)


def _home(request, *, lookup, applicant=None, register=None, status=200):
    filed_today, pending = queries.today_queue(request.user)
    recent = (Case.objects.filter(applicant=applicant).select_related("item_version").order_by("-created_at")[:10]
              if applicant else [])
    ctx = {"lookup": lookup, "applicant": applicant, "register": register, "recent": recent,
           "credit": credit_gate.lenient(applicant) if applicant else None,
           "filed_today": filed_today, "pending": pending, "appointments_url": _appointments_url(),
           "is_clerk": bool(queries.hall_ids(request.user)), "section": "window"}
    return render(request, "cases/workbench/home.html", ctx, status=status)


@staff_required
@require_POST
def register_applicant(request):
    form = RegisterApplicantForm(request.POST, auto_id="reg_%s")
    if form.is_valid():
        try:
            applicant = org_services.register_applicant(actor=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            field = getattr(exc, "field", None)
            if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
                for k, errs in exc.error_dict.items():
                    form.add_error(k if k in form.fields else None, errs)
            else:
                form.add_error(field if field in form.fields else None, getattr(exc, "message", str(exc)))
        else:
            messages.success(request, f"已登记申请人“{applicant.name}”")
            return redirect("cases:intake", applicant_pk=applicant.pk)
    return _home(request, lookup=LookupForm(), register=form, status=400)


def _open_versions():
    return (ItemVersion.objects.filter(state=ItemVersion.State.PUBLISHED, item__status=ServiceItem.Status.ACTIVE,
                                       item__current_version=F("pk"))
            .select_related("item", "item__department").order_by("item__department__code", "item__code"))


def _picked(versions, q: str):
    """The item picker's search: by name, by item code or by the pinyin initials of the name (“spjy” for 食品经营),
    read from the catalogue's search text, where the initials are computed once when a version is published."""
    from yiwang.catalog.domain.search import normalise

    raw = "".join((q or "").split())
    if not raw:
        return versions
    cond = Q(name__icontains=raw) | Q(item__code__icontains=raw)
    letters = normalise(raw)
    if letters.isascii() and letters.isalpha():
        cond |= Q(item__search_text__contains=letters)
    return versions.filter(cond)


def _material_rows(version, post=None, errors=None):
    reqs = {r.key: r for r in requirements(version)}
    allows_commit = bool(version.commitment_allowed) and not version.risk_domain
    rows = []
    for m in version.materials.all():
        r = reqs[m.pk]
        options = [PAPER, SCAN] + ([COMMIT] if allows_commit and m.commitment_replaceable else []) + [DEFECT, NONE]
        tags = terms.tags(required=m.requirement == m.Requirement.REQUIRED, is_key=m.is_key, deferrable=r.deferrable,
                          commitment=allows_commit and m.commitment_replaceable, exempt=m.exempt_by_sharing)
        rows.append({"m": m, "req": r, "tags": tags, "options": [(o, CHOICES[o]) for o in options],
                     "chosen": (post.get(f"m_{m.pk}") if post else None) or NONE,
                     "problem": post.get(f"problem_{m.pk}", "") if post else ""})
    return rows


@staff_required
def intake(request, applicant_pk):
    applicant = get_object_or_404(Applicant, pk=applicant_pk)
    if not queries.hall_ids(request.user):
        raise Http404("只有窗口受理人员可以收件")
    versions = _open_versions()
    vid = request.POST.get("item_version") or request.GET.get("item_version") or ""
    version = versions.filter(pk=vid).first() if str(vid).isdigit() else None
    q = request.GET.get("q", "").strip()
    shown = _picked(versions, q)
    if version is not None and q:
        shown = shown | versions.filter(pk=version.pk)
    ctx = {"applicant": applicant, "versions": shown, "version": version, "decisions": DECISIONS, "q": q,
           "credit": credit_gate.lenient(applicant),
           "key": request.POST.get("key") or uuid.uuid4().hex, "error": "", "error_field": "",
           "post": request.POST if request.method == "POST" else {}, "section": "window"}
    if request.method == "POST":
        if version is None:
            ctx["error"] = "请选择申请事项"
        else:
            return _do_intake(request, applicant, version, ctx)
    ctx["rows"] = _material_rows(version, ctx["post"]) if version else []
    return render(request, "cases/workbench/intake.html", ctx, status=400 if ctx["error"] else 200)


def _do_intake(request, applicant, version, ctx):
    post = request.POST
    choices = {m.pk: post.get(f"m_{m.pk}", NONE) for m in version.materials.all()}
    scans = {m.pk: request.FILES[f"scan_{m.pk}"] for m in version.materials.all() if f"scan_{m.pk}" in request.FILES}
    problems = {m.pk: post.get(f"problem_{m.pk}", "") for m in version.materials.all()}
    try:
        due = djforms.DateField(required=False).clean(post.get("deferral_due", ""))
        result = counter_intake(clerk=request.user, applicant=applicant, item_version=version, choices=choices,
                                scans=scans, problems=problems, commitment_signed=bool(post.get("commitment_signed")),
                                decision=post.get("decision", ""), deferral_due=due, key=post.get("key", ""),
                                commitment_signer=post.get("commitment_signer", ""))
    except ValidationError:
        ctx["error"], ctx["error_field"] = "容缺补交期限不是有效日期", "deferral_due"
    except DomainError as exc:
        ctx["error"], ctx["error_field"] = exc.message, exc.field or ""
    else:
        case = result.case
        if result.error:
            messages.error(request, f"已收件（{case}），但未能{DECISIONS[result.decision]}：{result.error}。"
                                    "材料已保存，请在办件页继续处理。")
        else:
            messages.success(request, {"accept": f"已受理，办件编号{case.number}，请打印受理凭证",
                                       "deferral": f"已容缺受理，办件编号{case.number}，请打印受理凭证和容缺受理告知书",
                                       "supplement": "已一次性告知补正，请打印补正告知书",
                                       "receive": "已收件"}[result.decision])
        return redirect("cases:work_case", pk=case.pk)
    ctx["rows"] = _material_rows(version, post)
    return render(request, "cases/workbench/intake.html", ctx, status=400)


@staff_required
def intake_items(request, applicant_pk):
    """HTMX: the picker's options for what the clerk typed (name, code or pinyin initials)."""
    applicant = get_object_or_404(Applicant, pk=applicant_pk)
    versions = _picked(_open_versions(), request.GET.get("q", ""))
    return render(request, "cases/workbench/_item_options.html", {"applicant": applicant, "versions": versions,
                                                                   "q": request.GET.get("q", "").strip()})


@staff_required
def intake_materials(request, applicant_pk):
    """HTMX: the material checklist of the chosen item."""
    applicant = get_object_or_404(Applicant, pk=applicant_pk)
    vid = request.GET.get("item_version", "")
    version = _open_versions().filter(pk=vid).first() if vid.isdigit() else None
    return render(request, "cases/workbench/_materials.html",
                  {"applicant": applicant, "version": version, "rows": _material_rows(version) if version else [],
                   "credit": credit_gate.lenient(applicant),
                   "decisions": DECISIONS, "post": {}})


@staff_required
def delivery(request):
    return _delivery_page(request)


def _delivery_page(request, *, failed=None, error="", status=200):
    """failed: (kind, pk, bound form) of a hand-over that was refused, shown again with what was typed."""
    cases, bundles = queries.ready_for_delivery(request.user)

    def form_for(kind, obj):
        if failed and failed[0] == kind and failed[1] == obj.pk:
            return failed[2], error
        initial = {"version": obj.version}
        choice = getattr(obj, "delivery_choice", None)  # what the applicant chose in the portal
        if choice is not None:
            initial.update(method=choice.method, address=" ".join(
                part for part in (choice.address, choice.recipient, choice.phone) if part))
        return DeliverForm(initial=initial, prefix=f"{kind[0]}{obj.pk}"), ""

    ctx = {"cases": [(c, *form_for("case", c)) for c in cases],
           "bundles": [(b, *form_for("bundle", b)) for b in bundles],
           "delivered": queries.recently_delivered(request.user), "is_clerk": bool(queries.hall_ids(request.user)),
           "section": "delivery"}
    return render(request, "cases/workbench/delivery.html", ctx, status=status)


@staff_required
@require_POST
def deliver(request, kind, pk):
    """出件 of one case or one bundle from the delivery list."""
    if kind not in ("case", "bundle"):
        raise Http404("未找到")
    halls = queries.hall_ids(request.user)
    obj = get_object_or_404(Case if kind == "case" else BundleCase, pk=pk, hall_id__in=halls)
    form = DeliverForm(request.POST, prefix=f"{kind[0]}{pk}")
    if not form.is_valid():
        return _delivery_page(request, failed=(kind, obj.pk, form), error="请检查填写的内容", status=400)
    d = form.cleaned_data
    args = dict(actor=request.user, expected_version=d["version"], method=d["method"],
                tracking_number=d.get("tracking_number", ""), address=d.get("address", ""))
    try:
        if kind == "case":
            services.deliver(obj, **args)
        else:
            services.deliver_bundle(obj, **args)
    except DomainError as exc:
        field = {"tracking_number": "tracking_number", "address": "address", "method": "method"}.get(exc.field or "")
        data = request.POST.copy()
        obj.refresh_from_db()
        data[f"{kind[0]}{pk}-version"] = str(obj.version)
        form = DeliverForm(data, prefix=f"{kind[0]}{pk}")
        form.is_valid()
        if field:
            form.add_error(field, exc.message)
        hint = "。您填写的内容已保留，请核对后再提交。" if exc.code == "stale_version" else ""
        return _delivery_page(request, failed=(kind, obj.pk, form), error=exc.message + hint, status=exc.status)
    messages.success(request, f"{obj} 已出件" + (f"，邮寄单号{d['tracking_number']}" if d.get("tracking_number") else ""))
    return redirect("cases:delivery")
