"""Session and password controls on every request, and the Permissions-Policy header.

- Idle timeout (default 30 minutes) and absolute timeout (default 12 hours) of a signed-in session: past either,
  the session ends (audited as a logout with its reason) and pages go to the sign-in page, the API answers 401.
- Two-factor sign-in where it is required (security/otp.py): until the session is verified with a one-time code,
  pages go to the code page, the API answers 403 with code otp_required.
- A password that must be changed (a default or reset password, or one past its maximum age): pages go to the
  password change page, the API answers 403 with code password_change_required, until it is changed."""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from . import conf, otp
from .services import password_change_reason

SEEN_WRITE_EVERY = 60  # seconds: the last-seen mark is rewritten at most once a minute


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _exempt(request) -> bool:
    path = request.path
    static = "/" + settings.STATIC_URL.lstrip("/")
    return path.startswith((static, "/i18n/", "/healthz", "/accounts/reset/", "/accounts/password_reset/")) or path in (
        reverse("security:password_change"), reverse("security:otp"), reverse("logout"), reverse("login"))


class SessionSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session") and \
                getattr(request, "auth", None) is None:
            response = self._check_session(request)
            if response is not None:
                return response
            response = self._check_otp(request, user)
            if response is not None:
                return response
            response = self._check_password(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _check_session(self, request):
        session = request.session
        now = timezone.now().timestamp()
        login_at = session.get("yiwang_login_at")
        seen_at = session.get("yiwang_seen_at")
        if login_at is None:  # a session from before these controls: start counting now
            session["yiwang_login_at"] = session["yiwang_seen_at"] = now
            return None
        reason = ""
        if now - float(seen_at or login_at) > conf.session_idle_timeout().total_seconds():
            reason = "idle"
        elif now - float(login_at) > conf.session_absolute_timeout().total_seconds():
            reason = "absolute"
        if reason:
            request.yiwang_logout_reason = reason
            logout(request)
            text = "长时间未操作，已自动退出，请重新登录" if reason == "idle" else "登录时间已达上限，请重新登录"
            if _is_api(request):
                return JsonResponse({"detail": text, "code": "session_expired"}, status=401)
            messages.info(request, text)
            return redirect(f"{reverse('login')}?next={request.get_full_path()}")
        if now - float(seen_at or 0) > SEEN_WRITE_EVERY:
            session["yiwang_seen_at"] = now
        return None

    def _check_otp(self, request, user):
        verified = getattr(user, "is_verified", None)  # set by django_otp's OTPMiddleware
        if _exempt(request) or not otp.required_for(user) or (verified is not None and verified()):
            return None
        if _is_api(request):
            return JsonResponse({"detail": "请先完成双因素认证（动态验证码）", "code": "otp_required"}, status=403)
        return redirect(f"{reverse('security:otp')}?next={request.get_full_path()}")

    def _check_password(self, request, user):
        if _exempt(request):
            return None
        reason = password_change_reason(user)
        if not reason:
            return None
        if _is_api(request):
            return JsonResponse({"detail": reason, "code": "password_change_required"}, status=403)
        messages.warning(request, reason)
        return redirect(f"{reverse('security:password_change')}?next={request.get_full_path()}")


class PermissionsPolicyMiddleware:
    """Permissions-Policy: the platform uses none of the powerful browser features; each is switched off."""

    POLICY = ", ".join(f"{feature}=()" for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "usb", "interest-cohort"))

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", getattr(settings, "YIWANG_PERMISSIONS_POLICY", self.POLICY))
        return response
