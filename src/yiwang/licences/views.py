"""Pages: the public verification page (no login); the PDF of a licence (its department, the holder); the list of
licences one may see, one licence, and its revocation (roles YIWANG_LICENCE_REVOKE_ROLES of the issuing department)."""
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_POST

from yiwang.api.errors import DomainError

from . import conf, services
from .access import visible_licences
from .forms import RevokeForm, VerifyForm
from .models import Licence
from .pdf import render_pdf
from .verification import as_dict, token_from_pdf, verify_token
from .views_law import law_context

MAX_UPLOAD = 10 * 1024 * 1024


def token_from_upload(upload) -> str:
    if upload.size > MAX_UPLOAD:
        return ""
    data = upload.read()
    if data[:5] == b"%PDF-":
        return token_from_pdf(data)
    return data.decode("utf-8", "replace").strip()


@require_http_methods(["GET", "POST"])
def verify(request):
    result, form = None, VerifyForm()
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            token = token_from_upload(upload) if upload else form.cleaned_data["payload"]
            if upload and not token:
                form.add_error("file", "该文件中没有找到电子证照核验码（请上传平台签发的电子证照 PDF）")
            else:
                result = as_dict(verify_token(token))
    elif request.GET.get("p"):
        result = as_dict(verify_token(request.GET["p"]))
    return render(request, "licences/verify.html", {"form": form, "result": result})


def licence_pdf(request, number: str):
    licence = get_object_or_404(visible_licences(request.user), number=number)
    response = HttpResponse(render_pdf(licence), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="licence-{licence.number}.pdf"'
    return response


# ---- licence list, one licence and its revocation (staff of the issuing department; holders see theirs) ----------
def may_revoke(user, licence) -> bool:
    """Whether `user` may revoke `licence` (the rule itself is in services.revoke_licence; this only decides
    whether to offer the form)."""
    try:
        services._acting_role(user, licence.department, conf.revoke_roles())
    except PermissionDenied:
        return False
    return True


@login_required
def licence_list(request):
    q = " ".join(request.GET.get("q", "").split())
    qs = visible_licences(request.user).order_by("-issued_at", "-id")
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(holder_name__icontains=q) | Q(case_number__icontains=q))
    status = request.GET.get("status", "")
    if status in Licence.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "licences/list.html", {"page": page, "q": q, "status": status,
                                                   "statuses": Licence.Status.choices})


def _detail(request, licence, *, form=None, error="", status=200, law_form=None, law_failed=""):
    case_url = ""
    if licence.case_ref:
        name = "cases:work_case" if getattr(request.user, "kind", "") == "staff" else "cases:case"
        try:
            case_url = reverse(name, args=[licence.case_ref])
        except NoReverseMatch:  # the cases pages are not installed
            case_url = ""
    return render(request, "licences/detail.html", {
        "licence": licence, "holder_id": services.mask_holder_id(licence.holder_kind, licence.holder_id_number),
        "verify_url": reverse("licences:verify") + "?" + urlencode({"p": licence.token}),
        "can_revoke": licence.status == Licence.Status.VALID and may_revoke(request.user, licence),
        "form": form or RevokeForm(), "error": error, "case_url": case_url,
        **law_context(request, licence, failed_form=law_form, failed=law_failed)}, status=status)


@login_required
def licence_detail(request, number: str):
    return _detail(request, get_object_or_404(visible_licences(request.user), number=number))


@login_required
@require_POST
def revoke(request, number: str):
    licence = get_object_or_404(visible_licences(request.user), number=number)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        return _detail(request, licence, form=form, error="请填写注销原因并勾选确认", status=400)
    try:
        licence = services.revoke_licence(licence, form.cleaned_data["reason"], request.user,
                                          ground=form.cleaned_data["ground"])
    except PermissionDenied as exc:
        return _detail(request, licence, form=form, error=str(exc) or "您无权注销该证照", status=403)
    except DomainError as exc:
        if exc.field in form.fields:
            form.add_error(exc.field, exc.message)
        licence.refresh_from_db()
        return _detail(request, licence, form=form, error=exc.message, status=exc.status)
    messages.success(request, f"电子证照{licence.number}已注销，核验时将显示“已注销”。")
    return redirect("licences:detail", number=licence.number)
