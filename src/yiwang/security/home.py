"""The security administrator's workbench lists: lockouts and recent failed sign-ins to review, and the machine
clients with their scopes and expiry (web.portal.work_lists)."""
from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from .roles import has_duty

FAILED_DAYS = 7
SHOWN = 6
EXPIRING_DAYS = 30


def work(user) -> list[dict]:
    out = []
    if has_duty(user, "manage_lockouts"):
        out.append(_sign_ins())
    if has_duty(user, "manage_clients"):
        out.append(_clients())
    return out


def _sign_ins() -> dict:
    from yiwang.audit.models import AuditEvent

    from .services import lockouts

    url = reverse("security:lockouts")
    items = [{"label": f"已锁定：{a.username or '—'}（{a.ip_address or '—'}）", "url": url,
              "note": f"连续失败 {a.failures_since_start} 次，最近 {timezone.localtime(a.attempt_time):%m-%d %H:%M}"}
             for a in lockouts()[:SHOWN]]
    since = timezone.now() - dt.timedelta(days=FAILED_DAYS)
    failed: dict[tuple[str, str], list] = {}
    for e in (AuditEvent.objects.filter(action="security.login_failed", at__gte=since).order_by("-seq")
              .only("at", "data")[:500]):
        data = e.data or {}
        key = (str(data.get("username", "")), str(data.get("ip", "")))
        failed.setdefault(key, []).append(e.at)
    for (username, ip), times in list(failed.items())[:max(SHOWN - len(items), 0)]:
        items.append({"label": f"登录失败：{username or '—'}（{ip or '—'}）", "url": url,
                      "note": f"近{FAILED_DAYS}日 {len(times)} 次，最近 {timezone.localtime(times[0]):%m-%d %H:%M}"})
    return {"key": "sign-ins", "title": "登录锁定与登录失败", "url": url, "items": items,
            "empty": f"当前没有锁定，近{FAILED_DAYS}日没有登录失败。"}


def _clients() -> dict:
    from .models import MachineClient

    url = reverse("security:clients")
    now = timezone.now()
    items = []
    for c in MachineClient.objects.order_by("revoked_at", "expires_at", "name")[:SHOWN]:
        if c.revoked_at:
            state = "已吊销"
        elif c.expires_at <= now:
            state = "已过期"
        elif c.expires_at <= now + dt.timedelta(days=EXPIRING_DAYS):
            state = f"即将到期（{timezone.localtime(c.expires_at):%Y-%m-%d}）"
        else:
            state = f"有效期至 {timezone.localtime(c.expires_at):%Y-%m-%d}"
        items.append({"label": c.name, "url": url, "note": f"{c.scopes} · {state}"})
    return {"key": "clients", "title": "对接系统凭据", "url": url, "items": items, "empty": "尚未签发对接系统凭据。"}
