"""The demo district's security work for the security administrator (secadmin): credentials for three other
systems (the 12345 hotline registering enterprises' demands as the service centre, the provincial platform
reading, the provincial 好差评 system whose credentials run out within the month), and a lockout to review — a
password-guessing run on the user name "administrator" from 203.0.113.45 (a documentation address, RFC 5737),
recorded by django-axes from the failed sign-ins exactly as the sign-in page reports them. Idempotent; through
the services and axes' own handler."""
from __future__ import annotations

import datetime as dt
import logging
from collections import Counter

from django.utils import timezone

GUESSER_IP = "203.0.113.45"
GUESSED_USERNAME = "administrator"
# (name, scopes, days valid, role, department code)
CLIENTS = [
    ("12345政务服务便民热线", "demands:read demands:write open311:read open311:write", 365, "service_centre", "ZWB"),
    ("省一体化政务服务平台", "catalog:read cases:read licences:read calendar:read", 365, "", None),
    ("省好差评系统", "ratings:read ratings:write", 20, "", None),
]


def load(actor) -> Counter:
    from yiwang.org.models import Department, User

    from . import services
    from .models import MachineClient

    made = Counter()
    secadmin = User.objects.filter(username="secadmin").first()
    if secadmin is None:
        return made
    today = timezone.localdate()
    for name, scopes, days, role, department in CLIENTS:
        if MachineClient.objects.filter(name=name).exists():
            continue
        services.issue_client(name=name, scopes=scopes, expires_on=today + dt.timedelta(days=days), actor=secadmin,
                              role=role, department=Department.objects.filter(code=department).first()
                              if department else None)
        made["对接系统凭据"] += 1
    made += _lockout()
    return made


def _lockout() -> Counter:
    """Failed sign-ins from one address until axes locks the user name and the address out."""
    from django.conf import settings
    from django.contrib.auth.signals import user_login_failed
    from django.test import RequestFactory

    from yiwang.audit.models import AuditEvent

    if AuditEvent.objects.filter(action="security.lockout", data__ip=GUESSER_IP).exists():
        return Counter()
    axes_log = logging.getLogger("axes")
    level = axes_log.level
    axes_log.setLevel(logging.ERROR)  # the demo's own summary stays readable (axes logs each failure)
    try:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            request = RequestFactory().post("/accounts/login/", {"username": GUESSED_USERNAME},
                                            REMOTE_ADDR=GUESSER_IP, HTTP_USER_AGENT="python-requests/2.31.0")
            # what django.contrib.auth.authenticate sends when no backend accepts the credentials
            user_login_failed.send(sender=__name__, credentials={"username": GUESSED_USERNAME,
                                                                 "password": "********************"},
                                   request=request)
    finally:
        axes_log.setLevel(level)
    return Counter({"登录锁定": 1})
