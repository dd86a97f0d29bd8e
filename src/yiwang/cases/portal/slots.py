"""Appointment slots (pure Python, no Django): a hall's opening hours as text → time ranges → slots of a day."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

RANGE = re.compile(r"(\d{1,2})[:：](\d{2})\s*[-–—~～至到]\s*(\d{1,2})[:：](\d{2})")
DEFAULT_HOURS = "9:00-12:00，13:30-17:00"


@dataclass(frozen=True)
class Slot:
    start: time
    end: time

    @property
    def label(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    @property
    def key(self) -> str:
        return f"{self.start:%H%M}"


def parse_hours(text: str) -> list[tuple[time, time]]:
    """Time ranges in an opening-hours text such as “工作日 9:00-12:00，13:30-17:00” (invalid ranges dropped)."""
    out = []
    for h1, m1, h2, m2 in RANGE.findall(text or ""):
        try:
            a, b = time(int(h1), int(m1)), time(int(h2), int(m2))
        except ValueError:
            continue
        if a < b:
            out.append((a, b))
    return sorted(out)


def day_slots(ranges: list[tuple[time, time]], minutes: int) -> list[Slot]:
    """Whole slots of `minutes` inside each range (a remainder shorter than a slot is not offered)."""
    if minutes <= 0:
        raise ValueError("slot length must be positive")
    out, step, base = [], timedelta(minutes=minutes), date(2000, 1, 1)
    for a, b in ranges:
        t, end = datetime.combine(base, a), datetime.combine(base, b)
        while t + step <= end:
            out.append(Slot(t.time(), (t + step).time()))
            t += step
    return out


def hall_open(*, working_day: bool, open_on_holidays: bool) -> bool:
    """A hall opens on working days, and on other days only when it offers holiday service (8×365)."""
    return working_day or open_on_holidays


def hours_for(*, working_day: bool, opening_hours: str, holiday_hours: str) -> list[tuple[time, time]]:
    """The ranges for the day: working days use the opening hours, other days the holiday hours (else the
    opening hours); a text without any range falls back to the usual 9:00-12:00, 13:30-17:00."""
    text = opening_hours if working_day else (holiday_hours or opening_hours)
    return parse_hours(text) or parse_hours(DEFAULT_HOURS)


def bookable_days(today: date, ahead: int) -> list[date]:
    """The days from tomorrow up to `ahead` days on (the caller filters by opening)."""
    return [today + timedelta(days=i) for i in range(1, ahead + 1)]
