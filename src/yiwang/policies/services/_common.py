from __future__ import annotations

from datetime import date

from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError


def today(day: date | None = None) -> date:
    return day or timezone.localdate()


def audit(**kwargs):
    from yiwang.audit.services import record

    record(**kwargs)


def enterprise_users(enterprise) -> list:
    if not enterprise.applicant_id:
        return []
    a = enterprise.applicant
    users = ([a.user] if a.user_id else []) + list(a.agents.all())
    seen, out = set(), []
    for u in users:
        if u.pk not in seen:
            seen.add(u.pk)
            out.append(u)
    return out


def notify_enterprise(enterprise, *, event: str, subject: str, body: str, ref: str) -> list[int]:
    from yiwang.notify.services import enqueue

    link = f"/enterprises/{enterprise.pk}/#panel-policies"
    return [enqueue(event=event, subject=subject, body=body, user=u, link=link, ref=ref).pk
            for u in enterprise_users(enterprise)]


def check_version(obj, expected):
    if expected in (None, ""):
        return
    try:
        expected = int(expected)
    except (TypeError, ValueError):
        raise DomainError("版本号应为整数", field="version") from None
    if expected != obj.version:
        raise Conflict(f"已被他人修改（当前版本{obj.version}），请刷新后重试", field="version",
                       extra={"current_version": obj.version})


def require(cond, message, field=None, code=None):
    if not cond:
        raise DomainError(message, field=field, code=code or ("forbidden" if field is None else None))
