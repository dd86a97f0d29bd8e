"""How urgent a case is, from its working days remaining (pure Python, no Django)."""
from __future__ import annotations

from dataclasses import dataclass

ON_TIME, NEAR, OVERDUE, PAUSED, NONE, DONE = "ok", "near", "overdue", "paused", "none", "done"
LABELS = {ON_TIME: "正常", NEAR: "临近期限", OVERDUE: "已超期", PAUSED: "计时暂停", NONE: "未计时", DONE: "已办结"}


@dataclass(frozen=True)
class Urgency:
    level: str
    days: int | None
    used: int | None = None  # working days used, once the case is concluded

    @property
    def label(self) -> str:
        return LABELS[self.level]

    @property
    def text(self) -> str:
        if self.level == DONE:
            return f"已办结，用时{self.used}个工作日" if self.used is not None else "已办结"
        if self.days is None:
            return self.label
        if self.days < 0:
            return f"超期{-self.days}个工作日"
        if self.days == 0:
            return "今日到期"
        return f"剩余{self.days}个工作日"


def classify(days_remaining: int | None, *, near: int, suspended: bool = False, started: bool = True,
             concluded: bool = False, used: int | None = None) -> Urgency:
    """on time (> near days left), near the limit (0..near), overdue (< 0); paused while suspended; once the case
    is concluded (decided, refused, withdrawn …) no days remain to count: done, with the working days it used."""
    if concluded:
        return Urgency(DONE, None, used if started else None)
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
