"""A settable clock for writing the demo district's history: while it is set, `django.utils.timezone.now()` (and so
`timezone.localdate()`, `auto_now_add` fields and the audit chain's timestamps) answers the simulated moment, so the
real service functions write the past exactly as they would have written it then."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

LOCAL = ZoneInfo("Asia/Shanghai")


class Clock:
    def __init__(self, at: datetime):
        self.at = at

    def now(self) -> datetime:
        return self.at

    def set(self, day: date, minute: int = 0) -> datetime:
        """The moment `minute` minutes after 9:00 (Beijing time) on `day`, never going back."""
        at = datetime.combine(day, time(9, 0), LOCAL).astimezone(UTC) + timedelta(minutes=minute)
        self.at = max(self.at, at)
        return self.at

    def tick(self, seconds: float = 1.0) -> None:
        self.at += timedelta(seconds=seconds)

    @property
    def today(self) -> date:
        return self.at.astimezone(LOCAL).date()


@contextmanager
def set_clock(clock: Clock):
    """Make `timezone.now` answer `clock` (restored afterwards, also on error)."""
    real = timezone.now
    timezone.now = clock.now
    try:
        yield clock
    finally:
        timezone.now = real
