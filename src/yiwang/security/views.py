"""Security pages: the security administrator's lockouts and machine clients; everyone's password change."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from yiwang.api.errors import DomainError

from . import services
from .forms import IssueClientForm, RevokeClientForm, VersionForm
from .models import MachineClient
from .roles import has_duty


def _duty(request, duty: str):
    if not has_duty(request.user, duty):
        raise PermissionDenied("该页面仅供安全管理员使用（三员分立）")


@login_required
def lockouts(request):
    _duty(request, "manage_lockouts")
    return render(request, "security/lockouts.html", {"attempts": services.lockouts()})


@login_required
@require_POST
def lift_lockout(request, pk: int):
    _duty(request, "manage_lockouts")
    try:
        services.lift_lockout(pk, actor=request.user)
        messages.success(request, "已解除锁定")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("security:lockouts")


@login_required
def clients(request):
    _duty(request, "manage_clients")
    form = IssueClientForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            client, secret = services.issue_client(name=d["name"], scopes=d["scopes"], expires_on=d["expires_on"],
                                                   rate=d["rate"], actor=request.user, role=d.get("role") or "",
                                                   department=d.get("department"), hall=d.get("hall"))
            messages.success(request, f"已为{client.name}签发凭据；客户端密钥只显示这一次，请妥善转交")
            return render(request, "security/clients.html", _clients_context(
                IssueClientForm(), secret={"client": client, "secret": secret}))
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(request, "security/clients.html", _clients_context(form), status=400 if form.errors else 200)


def _clients_context(form, secret=None):
    return {"form": form, "secret": secret,
            "clients": MachineClient.objects.select_related("application", "issued_by").order_by("name")}


@login_required
@require_POST
def rotate_client(request, pk: int):
    _duty(request, "manage_clients")
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请求无效，请刷新后重试")
        return redirect("security:clients")
    try:
        client, secret = services.rotate_client(pk, actor=request.user, expected_version=form.cleaned_data["version"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("security:clients")
    messages.success(request, f"已轮换{client.name}的密钥，原密钥和已签发的令牌立即失效")
    return render(request, "security/clients.html", _clients_context(
        IssueClientForm(), secret={"client": client, "secret": secret}))


@login_required
@require_POST
def revoke_client(request, pk: int):
    _duty(request, "manage_clients")
    form = RevokeClientForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写吊销原因")
        return redirect("security:clients")
    try:
        client = services.revoke_client(pk, reason=form.cleaned_data["reason"], actor=request.user,
                                        expected_version=form.cleaned_data["version"])
        messages.success(request, f"已吊销{client.name}的凭据")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("security:clients")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (Django's form, the platform's validators); audited; back to `next`."""

    template_name = "security/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        from django.db import transaction

        from yiwang.audit.services import record

        with transaction.atomic():
            response = super().form_valid(form)
            record(actor=self.request.user, action="security.password_change", target=self.request.user)
        messages.success(self.request, "密码已修改")
        nxt = self.request.POST.get("next") or self.request.GET.get("next")
        if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={self.request.get_host()}):
            return redirect(nxt)
        return response

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["reason"] = services.password_change_reason(self.request.user)
        ctx["next"] = self.request.GET.get("next", "")
        return ctx


@login_required
def two_factor(request):
    """The one-time code after the password (enrolment the first time: the secret and its QR code)."""
    from . import otp

    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = ""
    if not otp.required_for(request.user) and not otp.confirmed_device(request.user):
        return redirect(nxt or "home")
    error = ""
    if request.method == "POST":
        try:
            otp.verify(request, request.POST.get("code", ""))
            return redirect(nxt or "home")
        except DomainError as exc:
            error = exc.message
    device = otp.confirmed_device(request.user)
    ctx = {"next": nxt, "error": error, "enrolling": device is None}
    if device is None:
        import segno

        pending = otp.pending_device(request.user)
        ctx.update(secret=_base32(pending.bin_key), qr=segno.make(pending.config_url, error="m").svg_inline(scale=4))
    return render(request, "security/otp.html", ctx, status=400 if error else 200)


def _base32(key: bytes) -> str:
    import base64

    raw = base64.b32encode(key).decode().rstrip("=")
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))

