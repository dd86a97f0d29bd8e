"""How urgent a case is, from its working days remaining (pure Python, no Django)."""
from __future__ import annotations

from dataclasses import dataclass

ON_TIME, NEAR, OVERDUE, PAUSED, NONE = "ok", "near", "overdue", "paused", "none"
LABELS = {ON_TIME: "正常", NEAR: "临近期限", OVERDUE: "已超期", PAUSED: "计时暂停", NONE: "未计时"}


@dataclass(frozen=True)
class Urgency:
    level: str
    days: int | None

    @property
    def label(self) -> str:
        return LABELS[self.level]

    @property
    def text(self) -> str:
        if self.days is None:
            return self.label
        if self.days < 0:
            return f"超期{-self.days}个工作日"
        if self.days == 0:
            return "今日到期"
        return f"剩余{self.days}个工作日"


def classify(days_remaining: int | None, *, near: int, suspended: bool = False, started: bool = True) -> Urgency:
    """on time (> near days left), near the limit (0..near), overdue (< 0); paused while suspended."""
    if suspended:
        return Urgency(PAUSED, None)
    if not started or days_remaining is None:
        return Urgency(NONE, None)
    if days_remaining < 0:
        return Urgency(OVERDUE, days_remaining)
    if days_remaining <= near:
        return Urgency(NEAR, days_remaining)
    return Urgency(ON_TIME, days_remaining)


def days_remaining(calendar, today, deadline) -> int | None:
    """Working days from today to the deadline (negative once past it): the deadline day itself counts."""
    if deadline is None:
        return None
    if deadline >= today:
        return calendar.working_days_between(today, deadline)
    return -calendar.working_days_between(deadline, today)
