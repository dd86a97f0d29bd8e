"""Online application pages: start from an item or a bundle, fill the one form, upload materials, save the draft,
submit. Thin: the services decide."""
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from yiwang.api.errors import DomainError
from yiwang.catalog.models import Bundle, ItemVersion, ServiceItem

from ..models import ApplicationDraft, BundleCase, DeliveryMethod
from ..services import credit_gate
from . import queries, services
from .common import applicant_required, is_htmx, my_applicants


def _version_for(ref: str) -> ItemVersion:
    """An item's version in force, from an item code or a version id."""
    item = None
    if ref.isdigit():
        v = ItemVersion.objects.select_related("item").filter(pk=int(ref)).first()
        item = v.item if v else None
    if item is None:
        item = ServiceItem.objects.filter(code=ref).first()
    if item is None or item.current_version_id is None:
        raise Http404("未找到该事项，或该事项尚未发布")
    return item.current_version


def _start(request, *, item_version=None, bundle=None, back=""):
    """GET: the start page (or the open draft, if there is one); POST: open the draft. A GET never writes."""
    applicants = list(my_applicants(request.user))
    if not applicants:
        return render(request, "cases/portal/apply_error.html", {
            "message": "您的账号尚未关联申请人信息，请先完成实名认证或联系窗口。", "back": back}, status=400)
    chosen = request.POST.get("applicant") or request.GET.get("applicant")
    applicant = next((a for a in applicants if str(a.pk) == chosen), None)
    if applicant is None and len(applicants) == 1:
        applicant = applicants[0]
    target = {"item_version": item_version} if item_version is not None else {"bundle": bundle}
    if request.method != "POST":
        if applicant is not None:
            existing = queries.open_drafts(request.user).filter(applicant=applicant, **target).first()
            if existing:
                return redirect("cases:draft", pk=existing.pk)
        return render(request, "cases/portal/choose_applicant.html", {
            "applicants": applicants, "chosen": applicant, "target": item_version or bundle, "back": back})
    if applicant is None:
        return render(request, "cases/portal/choose_applicant.html", {
            "applicants": applicants, "target": item_version or bundle, "back": back,
            "error": "请选择以谁的名义申请"}, status=400)
    try:
        draft = services.open_draft(user=request.user, applicant=applicant, item_version=item_version, bundle=bundle)
    except DomainError as exc:
        return render(request, "cases/portal/apply_error.html", {"message": exc.message, "back": back}, status=400)
    return redirect("cases:draft", pk=draft.pk)


@applicant_required
def apply_item(request, ref):
    version = _version_for(ref)
    return _start(request, item_version=version, back=reverse("catalog:item", args=[version.item_id]))


@applicant_required
def apply_bundle(request, pk):
    bundle = get_object_or_404(Bundle, pk=pk)
    return _start(request, bundle=bundle, back=reverse("catalog:bundle", args=[bundle.pk]))


def _draft(request, pk) -> ApplicationDraft:
    draft = get_object_or_404(ApplicationDraft.objects.select_related("item_version__item", "bundle", "applicant"),
                              pk=pk, user=request.user)
    return draft


def _draft_context(draft, *, posted=None, errors=None, error=""):
    rows = queries.draft_form(draft, posted)
    for i, r in enumerate(rows):
        r["name"] = f"f{i}"
        r["error"] = (errors or {}).get(r["label"], "")
        r["check"] = r["fact"] if r["fact"] in ("uscc", "ric") and not r["locked"] else ""
    # The error summary names every field in error and links to it (not the first message alone).
    summary = [{"id": r["name"], "label": r["label"], "message": r["error"]} for r in rows if r["error"]]
    materials = queries.draft_materials(draft)
    return {
        "draft": draft, "rows": rows, "materials": materials, "missing": queries.missing_materials(draft),
        "any_commitment": any(m["commitment"] for m in materials), "delivery_methods": DeliveryMethod.choices,
        "error": error, "error_summary": summary, "target_name": draft.item_version.name if draft.item_version_id else draft.bundle.name,
        "credit": credit_gate.lenient(draft.applicant) if draft.applicant_id else None,
    }


def _posted_form(request, draft) -> dict:
    fields = queries.draft_form_fields(draft)
    return {label: request.POST.get(f"f{i}", "") for i, label in enumerate(fields)}


@applicant_required
def draft(request, pk):
    d = _draft(request, pk)
    if d.status == ApplicationDraft.Status.SUBMITTED:
        if d.case_id:
            return redirect("cases:case", pk=d.case_id)
        return redirect("cases:bundle_case", pk=d.bundle_case_id)
    if request.method != "POST":
        return render(request, "cases/portal/draft.html", _draft_context(d))
    posted = _posted_form(request, d)
    try:
        d = services.save_draft(
            d, user=request.user, expected_version=request.POST.get("version") or 0, form_data=posted,
            commitments=request.POST.getlist("commitments"),
            commitment_signed=request.POST.get("commitment_signed") == "on",
            delivery_method=request.POST.get("delivery_method", ""),
            delivery_address=request.POST.get("delivery_address", ""))
    except DomainError as exc:
        d.refresh_from_db()
        return render(request, "cases/portal/draft.html", _draft_context(d, posted=posted, error=exc.message),
                      status=409 if exc.status == 409 else 400)
    if request.POST.get("action") != "submit":
        messages.success(request, "草稿已保存，您可以随时回来继续填写。")
        return redirect("cases:draft", pk=d.pk)
    from yiwang.security.api_auth import submission_allowed

    allowed, wait = submission_allowed(request)
    if not allowed:
        return render(request, "cases/portal/draft.html",
                      _draft_context(d, posted=posted, error=f"提交过于频繁，请{wait or 60}秒后再试；草稿已保存。"),
                      status=429)
    try:
        result = services.submit_draft(d, user=request.user, expected_version=d.version)
    except DomainError as exc:
        errors = exc.extra.get("errors_by_field") if exc.extra else None
        return render(request, "cases/portal/draft.html",
                      _draft_context(d, posted=posted, errors=errors, error=exc.message), status=400)
    if isinstance(result, BundleCase):
        messages.success(request, f"“{result.bundle.name}”已提交，各事项将并联办理。")
        return redirect("cases:bundle_case", pk=result.pk)
    messages.success(request, "申请已提交，窗口将在5个工作日内审查材料，结果会通知您。")
    return redirect("cases:case", pk=result.pk)


def _material_row(draft, index):
    rows = queries.draft_materials(draft)
    if not 0 <= index < len(rows):
        raise Http404("该材料不属于本申请")
    return rows[index]


@require_POST
@applicant_required
def upload(request, pk, index):
    d = _draft(request, pk)
    row = _material_row(d, index)
    error = ""
    f = request.FILES.get("file")
    if f is None:
        error = f"请选择“{row['name']}”的文件"
    else:
        try:
            d = services.attach_file(d, user=request.user, key=row["key"], upload=f)
        except DomainError as exc:
            error = exc.message
    if is_htmx(request):
        d.refresh_from_db()
        return render(request, "cases/portal/_material.html",
                      {"m": _material_row(d, index), "draft": d, "upload_error": error, "oob": True,
                       "missing": queries.missing_materials(d)})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"“{row['name']}”已上传")
    return HttpResponseRedirect(reverse("cases:draft", args=[d.pk]) + f"#m{index}")


@require_POST
@applicant_required
def remove_upload(request, pk, index):
    d = _draft(request, pk)
    row = _material_row(d, index)
    error = ""
    try:
        d = services.remove_file(d, user=request.user, key=row["key"])
    except DomainError as exc:
        error = exc.message
    if is_htmx(request):
        d.refresh_from_db()
        return render(request, "cases/portal/_material.html",
                      {"m": _material_row(d, index), "draft": d, "upload_error": error, "oob": True,
                       "missing": queries.missing_materials(d)})
    if error:
        messages.error(request, error)
    return HttpResponseRedirect(reverse("cases:draft", args=[d.pk]) + f"#m{index}")


@require_POST
@applicant_required
def discard(request, pk):
    d = _draft(request, pk)
    try:
        services.discard_draft(d, user=request.user)
        messages.success(request, "草稿已删除")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("cases:portal")
