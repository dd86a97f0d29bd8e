"""Back office pages: the personal inbox, a department's load, the staff case page with its action forms and the
case's material files (inline). Thin: reads through the queries, acts through the services."""
from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from yiwang.api.errors import DomainError
from yiwang.org.models import Department

from .. import queries as case_queries
from ..documents import NOTICE_KINDS
from ..domain import lifecycle as lc
from ..models import CaseMaterial
from ..portal.extensions import staff_case_links
from ..services import credit_gate
from . import conf, queries
from .access import readable_case, staff_case, staff_required
from .actions import SPECS
from .licensing import issues_licence, licences_of

INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg"}
STALE_HINT = "您填写的内容已保留，请核对办件的最新状态后再提交。"


@staff_required
def inbox(request):
    item, state = request.GET.get("item", "").strip(), request.GET.get("state", "").strip()
    qs = queries.inbox(request.user, item=item, state=state)
    page = Paginator(qs, conf.inbox_page_size()).get_page(request.GET.get("page"))
    cases = queries.annotate_urgency(list(page.object_list))
    items, states = queries.inbox_filters(request.user)
    ctx = {"page": page, "cases": cases, "items": items, "states": states, "f": {"item": item, "state": state},
           "can_see_load": bool(queries.load_departments(request.user)), "section": "inbox"}
    template = "cases/workbench/_inbox_rows.html" if request.headers.get("HX-Request") else "cases/workbench/inbox.html"
    return render(request, template, ctx)


@staff_required
def load(request):
    departments = queries.load_departments(request.user)
    if not departments:
        return render(request, "cases/workbench/load.html", {"boards": [], "section": "load", "denied": True},
                      status=403)
    boards = [{"department": d, **queries.department_load(d.pk)}
              for d in Department.objects.filter(pk__in=departments).order_by("code")]
    return render(request, "cases/workbench/load.html", {"boards": boards, "section": "load"})


def _documents(case):
    docs = []
    if case.number and case.accepted_on:
        docs.append(("受理凭证", reverse("cases:receipt_pdf", args=[case.pk])))
    for n in case.notices.order_by("number"):
        docs.append((f"补正告知书（第{n.number}次）",
                     reverse("cases:notice_pdf", args=[case.pk, "supplement"]) + f"?n={n.number}"))
    if case.deferral_due:
        docs.append((NOTICE_KINDS["deferral"], reverse("cases:notice_pdf", args=[case.pk, "deferral"])))
    for i, s in enumerate(case.suspensions.order_by("started_on", "id"), 1):
        docs.append((f"特别程序告知书（{s.get_kind_display()}）",
                     reverse("cases:notice_pdf", args=[case.pk, "suspension"]) + f"?n={i}"))
    if case.extension_days:
        docs.append((NOTICE_KINDS["extension"], reverse("cases:notice_pdf", args=[case.pk, "extension"])))
    for i, c in enumerate(case.deferral_commitments.order_by("id"), 1):
        docs.append((f"容缺受理承诺书（{c.signer_name}）",
                     reverse("cases:notice_pdf", args=[case.pk, "deferral_commitment"]) + f"?n={i}"))
    if case.hearing_status:
        for i, h in enumerate(case.hearings.order_by("id"), 1):
            for kind, shown in (("hearing_right", h.kind == h.Kind.REQUESTED), ("hearing_notice", bool(h.scheduled_for)),
                                ("hearing_record", h.status == h.Status.HELD)):
                if shown:
                    docs.append((NOTICE_KINDS[kind], reverse("cases:notice_pdf", args=[case.pk, kind]) + f"?n={i}"))
    if case.state == lc.State.REFUSED:
        docs.append((NOTICE_KINDS["refusal"], reverse("cases:notice_pdf", args=[case.pk, "refusal"])))
    if case.decided_on and case.state in (lc.State.APPROVED, lc.State.DENIED, lc.State.DELIVERED, lc.State.REVOKED) \
            and case.events.filter(action__in=[lc.Action.APPROVE, lc.Action.DENY]).exists():
        docs.append(("许可决定书", reverse("cases:decision_pdf", args=[case.pk])))
    return docs


def _case_context(request, case, *, failed: str = "", failed_form=None, error: str = ""):
    forms, unavailable = [], []
    for option in case_queries.action_options(case, request.user):
        spec = SPECS.get(option.name)
        if spec is None:
            continue
        if not option.available:
            unavailable.append({"spec": spec, "reason": option.reason})
            continue
        form = failed_form if option.name == failed and failed_form is not None else spec.form(case)
        form.auto_id = f"id_{option.name}_%s"  # one page, many forms: each label points to its own field
        forms.append({"spec": spec, "form": form, "error": error if option.name == failed else "",
                      "open": option.name == failed, "fields": _error_summary(form) if option.name == failed else []})
    materials = case_queries.case_materials(case)
    for cm in materials:
        cm.inline = bool(cm.blob_id and cm.blob.content_type in INLINE_TYPES)
        cm.is_image = bool(cm.blob_id and cm.blob.content_type.startswith("image/"))
    urgency = queries.annotate_urgency([case])[0].urgency
    return {"case": case, "forms": forms, "unavailable": unavailable, "materials": materials,
            "application": case_queries.application_form(case), "timeline": case_queries.timeline(case),
            "urgency": urgency, "documents": _documents(case), "licences": licences_of(case),
            "issues_licence": issues_licence(case), "steps": [(s, lc.ACTION_LABELS.get(s.action, s.action)) for s in case.steps.select_related("actor")],
            "tier_steps": [lc.STEP_LABELS[s] for s in lc.steps_of(case.tier)],
            "next": _safe_next(request), "section": "inbox",
            "hearings": list(case.hearings.select_related("host").order_by("id")) if case.hearing_status else [],
            "commitments": list(case.deferral_commitments.order_by("id")),
            "links": staff_case_links(case, request.user),
            "credit_measures": credit_gate.measures_in(case, "approval") + credit_gate.measures_in(case, "intake")}


def _error_summary(form) -> list[dict]:
    """Each field in error, with its label, message and element id (the error summary links to them)."""
    out = []
    for name, errors in form.errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        bf = form[name]
        out.append({"id": bf.id_for_label, "label": bf.label, "message": errors[0]})
    return out


def _safe_next(request) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return nxt
    return ""


@staff_required
def case_page(request, pk):
    case = staff_case(request.user, pk)
    return render(request, "cases/workbench/case.html", _case_context(request, case))


@staff_required
@require_POST
def act(request, pk, action):
    spec = SPECS.get(action)
    if spec is None:
        raise Http404("没有这个操作")
    case = staff_case(request.user, pk)
    form = spec.form(case, request.POST, request.FILES)
    if form.is_valid():
        try:
            message = spec.run(case, request.user, form)
        except DomainError as exc:
            case = staff_case(request.user, pk)  # the current state, for the page shown with the error
            data = request.POST.copy()
            data["version"] = str(case.version)
            form = spec.form(case, data, request.FILES)
            form.is_valid()
            text = exc.message + ("。" + STALE_HINT if exc.code == "stale_version" else "")
            if exc.field and exc.field in form.fields:
                form.add_error(exc.field, exc.message)
            ctx = _case_context(request, case, failed=action, failed_form=form, error=text)
            return render(request, "cases/workbench/case.html", ctx, status=exc.status)
        messages.success(request, message)
        url = reverse("cases:work_case", args=[pk])
        nxt = _safe_next(request)
        return redirect(url + (f"?next={quote(nxt)}" if nxt else ""))
    ctx = _case_context(request, case, failed=action, failed_form=form, error="请检查填写的内容")
    return render(request, "cases/workbench/case.html", ctx, status=400)


@xframe_options_sameorigin
def material_file(request, pk, material_pk):
    """A material's file, inline when it is a PDF or an image; only for those who may read the case."""
    case = readable_case(request.user, pk)
    cm = get_object_or_404(CaseMaterial.objects.select_related("blob", "material"), pk=material_pk, case=case)
    if cm.blob_id is None:
        raise Http404("该材料没有文件")
    kind = cm.blob.content_type
    name = cm.file_name or f"{cm.material.name}{mimetypes.guess_extension(kind) or ''}"
    response = FileResponse(cm.blob.file.open("rb"), content_type=kind, as_attachment=kind not in INLINE_TYPES,
                            filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
