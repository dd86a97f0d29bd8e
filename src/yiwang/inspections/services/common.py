"""Helpers shared by the inspections services."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError

from .. import access


def audit(**kwargs):
    from yiwang.audit.services import record

    record(**kwargs)


def today_or(d: dt.date | None) -> dt.date:
    return d or timezone.localdate()


def calendar():
    from yiwang.workdays.services import get_calendar

    return get_calendar()


def check_version(obj, expected, what: str) -> None:
    if expected in (None, ""):
        return
    try:
        expected = int(expected)
    except (TypeError, ValueError):
        raise DomainError("版本号应为整数", field="version") from None
    if expected != obj.version:
        raise Conflict(f"该{what}已被他人修改（当前版本{obj.version}），请刷新后重试", field="version",
                       extra={"current_version": obj.version})


def require_manager(actor, department_id, what: str = "此项工作") -> None:
    if actor is not None and not access.manages(actor, department_id):
        raise DomainError(f"只能管理本部门的{what}", field="department", code="forbidden")


def text(value, field: str, label: str, *, required: bool = True, max_length: int = 200) -> str:
    v = str(value or "").strip()
    if required and not v:
        raise DomainError(f"请填写{label}", field=field)
    if len(v) > max_length:
        raise DomainError(f"{label}不能超过{max_length}个字", field=field)
    return v


__all__ = ["Conflict", "DomainError", "audit", "today_or", "calendar", "check_version", "require_manager", "text"]
