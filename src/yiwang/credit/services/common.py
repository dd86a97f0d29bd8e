"""Helpers shared by the credit services."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError


def audit(**kwargs):
    from yiwang.audit.services import record

    record(**kwargs)


def today_or(d: dt.date | None) -> dt.date:
    return d or timezone.localdate()


def calendar():
    from yiwang.workdays.services import get_calendar

    return get_calendar()


def check_version(obj, expected: int | None, what: str) -> None:
    if expected is not None and int(expected) != obj.version:
        raise Conflict(f"该{what}已被他人修改（版本{obj.version}），请刷新后重试", field="version")


__all__ = ["Conflict", "DomainError", "audit", "today_or", "calendar", "check_version"]
