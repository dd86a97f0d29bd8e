"""Audit receivers: logins, failed logins, logouts and lockouts (django-axes), and every change made through
Django admin (its LogEntry rows, which admin writes inside the change's transaction)."""
from __future__ import annotations

import logging

from axes.signals import user_locked_out
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from yiwang.audit.services import record

log = logging.getLogger(__name__)

SECRET_FIELDS = {"password"}


def _ip(request) -> str:
    if request is None:
        return ""
    return getattr(request, "axes_ip_address", "") or request.META.get("REMOTE_ADDR", "")


def _audit(**kwargs) -> None:
    with transaction.atomic():
        record(**kwargs)


@receiver(user_logged_in, dispatch_uid="security.audit_login")
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session["yiwang_login_at"] = now
        request.session["yiwang_seen_at"] = now
    _audit(actor=user, action="security.login", target=user, data={"ip": _ip(request)})


@receiver(user_logged_out, dispatch_uid="security.audit_logout")
def on_logout(sender, request, user, **kwargs):
    if user is not None and getattr(user, "pk", None):
        _audit(actor=user, action="security.logout", target=user,
               data={"ip": _ip(request), "reason": getattr(request, "yiwang_logout_reason", "") if request else ""})


@receiver(user_login_failed, dispatch_uid="security.audit_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str((credentials or {}).get("username", ""))[:150]
    user = get_user_model().objects.filter(username=username).first() if username else None
    _audit(actor=None, action="security.login_failed", target=user,
           data={"username": username, "ip": _ip(request),
                 "locked_out": bool(getattr(request, "axes_locked_out", False))})


@receiver(user_locked_out, dispatch_uid="security.audit_lockout")
def on_locked_out(sender, request, username, ip_address, **kwargs):
    user = get_user_model().objects.filter(username=username).first() if username else None
    _audit(actor=None, action="security.lockout", target=user, data={"username": username or "", "ip": ip_address})


def _snapshot(obj) -> dict:
    out = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        out[field.name] = field.value_from_object(obj)
    return out


@receiver(post_save, sender=LogEntry, dispatch_uid="security.audit_admin_action")
def on_admin_action(sender, instance: LogEntry, created, **kwargs):
    """Every Django-admin addition, change and deletion (accounts and roles above all) into the audit chain."""
    if not created:
        return
    kind = {ADDITION: "add", CHANGE: "change", DELETION: "delete"}.get(
        instance.action_flag, "other")
    obj = None
    if instance.content_type_id and kind != "delete":
        try:
            obj = instance.get_edited_object()
        except Exception:  # the object is gone (deleted in the same request)
            obj = None
    model = f"{instance.content_type.app_label}.{instance.content_type.model}" if instance.content_type_id else ""
    from .roles import ADMIN_ROLES, roles_of

    acting = sorted(roles_of(instance.user) & ADMIN_ROLES)
    _audit(actor=instance.user, action=f"admin.{kind}", target=obj, role=acting[0] if acting else "",
           after=_snapshot(obj) if obj is not None else None,
           data={"model": model, "object_id": instance.object_id or "", "object": instance.object_repr,
                 "change": instance.get_change_message()})
