"""The audit administrator's workbench list: the latest events of the audit chain to review, each opening in the
read-only audit view (web.portal.work_lists)."""
from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

SHOWN = 8


def work(user) -> list[dict]:
    from yiwang.org.models import Role
    from yiwang.org.scoping import scope_of

    if not (user and user.is_authenticated and scope_of(user).has(Role.AUDIT_ADMIN)):
        return []
    from .models import AuditEvent

    items = [{"label": f"#{e.seq} {e.action}" + (f" · {e.target_repr}" if e.target_repr else ""),
              "url": reverse("admin:audit_auditevent_change", args=[e.pk]),
              "note": f"{e.actor_name or '系统'} · {timezone.localtime(e.at):%Y-%m-%d %H:%M}"}
             for e in AuditEvent.objects.order_by("-seq").only(
                 "pk", "seq", "action", "target_repr", "actor_name", "at")[:SHOWN]]
    return [{"key": "audit", "title": "近期审计事件", "url": reverse("admin:audit_auditevent_changelist"),
             "items": items, "empty": "审计链中还没有事件。"}]
