"""The deadline ledger of one case (pure Python, no Django).

Counting rule (民法典 art. 201; 行政许可法 arts. 42 and 45):
- the clock starts on the acceptance date, which is not counted: a limit of N working days ends on the N-th
  working day strictly after it; an immediate item (limit 0) is due on the acceptance day itself;
- a suspension (特别程序) on date s resumed on date r: the working days in (s, r] are not counted;
- an extension (延期) adds working days (once only, at most `max_days`);
- stopping the clock (decision, withdrawal, termination) freezes the days used.

The calendar is a parameter (duck-typed `Calendar` protocol) so the core runs on any table.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol


class Calendar(Protocol):
    def add_working_days(self, d: date, n: int) -> date: ...  # n-th working day strictly after d; n=0 → d

    def working_days_between(self, a: date, b: date) -> int: ...  # working days in (a, b]

    def is_working_day(self, d: date) -> bool: ...

    def provisional_between(self, a: date, b: date) -> bool: ...


class LedgerError(ValueError):
    """An entry that does not fit the ledger (Chinese message, shown to users)."""


@dataclass(frozen=True)
class Suspension:
    started_on: date
    resumed_on: date | None = None
    reason: str = ""

    @property
    def is_open(self) -> bool:
        return self.resumed_on is None


@dataclass
class Ledger:
    calendar: Calendar
    started_on: date | None = None
    limit_days: int = 0
    suspensions: list[Suspension] = field(default_factory=list)
    extension_days: int = 0
    stopped_on: date | None = None

    # ---- entries -------------------------------------------------------------------------------------------
    def start(self, on: date, limit_days: int) -> Ledger:
        if self.started_on is not None:
            raise LedgerError("计时已经开始")
        if limit_days < 0:
            raise LedgerError("办理时限不能为负数")
        self.started_on, self.limit_days = on, limit_days
        return self

    def _require_running(self) -> None:
        if self.started_on is None:
            raise LedgerError("尚未受理，计时未开始")
        if self.stopped_on is not None:
            raise LedgerError("计时已经结束")

    def suspend(self, on: date, reason: str = "") -> Ledger:
        self._require_running()
        if self.is_suspended:
            raise LedgerError("计时已经暂停")
        if on < self.started_on or (self.suspensions and on < self.suspensions[-1].resumed_on):
            raise LedgerError("暂停日期不能早于受理日期或上次恢复日期")
        self.suspensions.append(Suspension(on, None, reason))
        return self

    def resume(self, on: date) -> Ledger:
        self._require_running()
        if not self.is_suspended:
            raise LedgerError("计时并未暂停")
        last = self.suspensions[-1]
        if on < last.started_on:
            raise LedgerError("恢复日期不能早于暂停日期")
        self.suspensions[-1] = Suspension(last.started_on, on, last.reason)
        return self

    def extend(self, days: int, *, max_days: int = 10) -> Ledger:
        self._require_running()
        if self.extension_days:
            raise LedgerError("每个办件只能延期一次")
        if not 1 <= days <= max_days:
            raise LedgerError(f"延期天数应为1至{max_days}个工作日")
        self.extension_days = days
        return self

    def stop(self, on: date) -> Ledger:
        self._require_running()
        if on < self.started_on:
            raise LedgerError("结束日期不能早于受理日期")
        if self.is_suspended:  # a case ended while suspended: the suspension ends with it
            self.resume(on)
        self.stopped_on = on
        return self

    # ---- readings --------------------------------------------------------------------------------------------
    @property
    def is_started(self) -> bool:
        return self.started_on is not None

    @property
    def is_suspended(self) -> bool:
        return bool(self.suspensions) and self.suspensions[-1].is_open

    @property
    def total_limit(self) -> int:
        return self.limit_days + self.extension_days

    def _between(self, a: date, b: date) -> int:
        return self.calendar.working_days_between(a, b) if b > a else 0

    def deadline(self) -> date | None:
        """The last day of the limit, or None if the clock has not started or is suspended before reaching it."""
        if self.started_on is None:
            return None
        remaining, cursor = self.total_limit, self.started_on
        for s in self.suspensions:
            before = self._between(cursor, s.started_on)
            if remaining <= before:
                return self.calendar.add_working_days(cursor, remaining)
            remaining -= before
            if s.resumed_on is None:
                return None
            cursor = max(cursor, s.resumed_on)
        return self.calendar.add_working_days(cursor, remaining)

    def used(self, at: date) -> int:
        """Working days counted from the acceptance date up to and including `at` (frozen once stopped)."""
        if self.started_on is None:
            return 0
        if self.stopped_on is not None:
            at = min(at, self.stopped_on)
        total = self._between(self.started_on, at)
        for s in self.suspensions:
            lo = max(s.started_on, self.started_on)
            hi = min(s.resumed_on or at, at)
            total -= self._between(lo, hi)
        return total

    def remaining(self, at: date) -> int | None:
        """Working days left at `at` (negative when overdue); None before acceptance."""
        if self.started_on is None:
            return None
        return self.total_limit - self.used(at)

    def is_overdue(self, at: date) -> bool:
        r = self.remaining(at)
        return r is not None and r < 0

    def provisional(self, at: date | None = None) -> bool:
        """True when the limit runs into a year whose holidays are not announced yet."""
        if self.started_on is None:
            return False
        end = self.deadline() or at or self.started_on
        for s in self.suspensions:  # an open suspension reaches at least `at`
            if s.resumed_on and s.resumed_on > end:
                end = s.resumed_on
        return self.calendar.provisional_between(self.started_on, max(end, self.started_on))
