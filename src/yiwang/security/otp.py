"""Two-factor sign-in (双因素认证, 等保 2.0 level 3 身份鉴别 8.1.4.1 d: two or more techniques, one cryptographic):
a TOTP code (RFC 6238, django-otp) after the password, for the three administrators when YIWANG_OTP_REQUIRED is
on (default: on whenever DEBUG is off, i.e. in production; off in the development demo), and for every staff
member when YIWANG_OTP_STAFF is on too. The first time, the person enrols an authenticator app from the page's
secret (or QR code); each sign-in then asks for the current code. Enrolment, each verification and each failure
are audited; a lost phone: the security administrator deletes the device in Django admin (audited there), and the
person enrols again."""
from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from yiwang.api.errors import DomainError
from yiwang.audit.services import record

from .roles import ADMIN_ROLES, roles_of

DEVICE_NAME = "身份验证器"


def enabled() -> bool:
    return bool(getattr(settings, "YIWANG_OTP_REQUIRED", False))


def required_for(user) -> bool:
    """Whether `user` must give a one-time code after the password."""
    if not enabled() or user is None or not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "kind", "") != "staff" and not user.is_superuser:
        return False
    if user.is_superuser or roles_of(user) & ADMIN_ROLES:
        return True
    return bool(getattr(settings, "YIWANG_OTP_STAFF", False))


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:
    """The device being enrolled (created once, kept until confirmed)."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def verify(request, code: str) -> None:
    """Check the code against the person's device (enrolling it if this is the first code); marks the session
    verified. DomainError with field "code" if it is wrong (django-otp slows repeated failures down)."""
    user = request.user
    code = "".join(str(code or "").split())
    device = confirmed_device(user)
    enrolling = device is None
    if enrolling:
        device = pending_device(user)
    allowed, _ = device.verify_is_allowed()
    ok = bool(allowed) and code.isdigit() and device.verify_token(code)
    if not ok:
        with transaction.atomic():
            record(actor=user, action="security.otp_failed", target=user, data={"enrolling": enrolling})
        raise DomainError("动态验证码不正确或已过期，请重试" if allowed else "验证失败次数过多，请稍后再试",
                          field="code")
    with transaction.atomic():
        if enrolling:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        record(actor=user, action="security.otp_enrolled" if enrolling else "security.otp_verified", target=user)
    otp_login(request, device)
