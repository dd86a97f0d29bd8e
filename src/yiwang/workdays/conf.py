"""The calendar's settings, with their defaults."""
from django.conf import settings


def check_seconds() -> float:
    """How often (at most) a process asks the database whether the calendar changed. 0 = on every call."""
    return float(getattr(settings, "YIWANG_CALENDAR_CHECK_SECONDS", 1.0))
