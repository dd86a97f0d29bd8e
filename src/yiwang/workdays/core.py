"""The working-day calendar core: pure Python, no Django.

A `WorkingCalendar` covers whole years [first_year, last_year]. A working day is a Monday–Friday that is not a
statutory holiday, or an adjusted working day (调休) that falls on a weekend. Every question is answered in O(1)
or O(log n) from tables built once:

- `_prefix[i]`: how many working days lie among the first i days of the range (so a count over any interval is
  a subtraction);
- `_work`: the ordinals of all working days in order (so "the k-th working day" is an index).

Definitions (民法典 art. 201: the day a period starts is not counted):
- `add_working_days(d, n)`, n > 0: the n-th working day strictly after d; n = 0: d itself (an immediate item is
  due on the acceptance day); n < 0: the |n|-th working day strictly before d (the mirror).
- `working_days_between(a, b)`, b >= a: working days in (a, b]; b < a: minus the working days in [b, a) (the
  mirror), so that `working_days_between(d, add_working_days(d, n)) == n` for every n.
"""
from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


class CalendarRangeError(ValueError):
    """A date (or a result) lies outside the years the calendar holds."""

    def __init__(self, day: dt.date | None, first: dt.date, last: dt.date, message: str | None = None):
        self.day = day
        self.first = first
        self.last = last
        if message is None:
            message = (
                f"日期 {day.isoformat() if day else ''} 超出工作日历的范围（{first.isoformat()} 至 {last.isoformat()}），"
                "请管理员先加载该年度的节假日安排。"
            )
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Answer(Generic[T]):
    """A result and whether it depends on a year whose holidays are not yet announced (provisional)."""

    value: T
    provisional: bool


class WorkingCalendar:
    def __init__(
        self,
        first_year: int,
        last_year: int,
        *,
        holidays: Iterable[dt.date] = (),
        workdays: Iterable[dt.date] = (),
        provisional_years: Iterable[int] = (),
    ):
        if last_year < first_year:
            raise ValueError("last_year must not precede first_year")
        self.first_year = first_year
        self.last_year = last_year
        self.first = dt.date(first_year, 1, 1)
        self.last = dt.date(last_year, 12, 31)
        self._base = self.first.toordinal()
        size = self.last.toordinal() - self._base + 1
        holidays = set(holidays)
        workdays = set(workdays)
        both = holidays & workdays
        if both:
            raise ValueError(f"dates both holiday and workday: {sorted(both)}")
        flags = bytearray(size)
        for i in range(size):
            # weekday of ordinal o is (o - 1) % 7 (Monday = 0); 0001-01-01 was a Monday.
            flags[i] = 1 if (self._base + i - 1) % 7 < 5 else 0
        for day in holidays:
            if self.first <= day <= self.last:
                flags[day.toordinal() - self._base] = 0
        for day in workdays:
            if self.first <= day <= self.last:
                flags[day.toordinal() - self._base] = 1
        prefix = array("l", [0]) * (size + 1)
        work = array("l")
        running = 0
        for i in range(size):
            if flags[i]:
                work.append(self._base + i)
                running += 1
            prefix[i + 1] = running
        self._flags = bytes(flags)
        self._prefix = prefix
        self._work = work
        self.provisional_years = frozenset(y for y in provisional_years if first_year <= y <= last_year)
        # prefix count of provisional years, so provisional_between is O(1)
        prov = [0]
        for year in range(first_year, last_year + 1):
            prov.append(prov[-1] + (1 if year in self.provisional_years else 0))
        self._prov_prefix = prov

    # -- helpers -------------------------------------------------------------------------------------------------
    def _index(self, day: dt.date) -> int:
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise TypeError("a datetime.date is required")
        if not (self.first <= day <= self.last):
            raise CalendarRangeError(day, self.first, self.last)
        return day.toordinal() - self._base

    def covers(self, day: dt.date) -> bool:
        return self.first <= day <= self.last

    # -- plain answers ----------------------------------------------------------------------------------------------
    def is_working_day(self, day: dt.date) -> bool:
        return bool(self._flags[self._index(day)])

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        i = self._index(day)
        n = int(n)
        if n == 0:
            return day
        if n > 0:
            k = self._prefix[i + 1] + n - 1  # index in _work of the n-th working day after day
            if k >= len(self._work):
                raise CalendarRangeError(
                    None, self.first, self.last,
                    f"{day.isoformat()} 之后第 {n} 个工作日超出工作日历的范围（至 {self.last.isoformat()}），"
                    "请管理员先加载以后年度的节假日安排。",
                )
        else:
            k = self._prefix[i] + n  # working days strictly before day, minus |n|
            if k < 0:
                raise CalendarRangeError(
                    None, self.first, self.last,
                    f"{day.isoformat()} 之前第 {-n} 个工作日早于工作日历的起始日（{self.first.isoformat()}）。",
                )
        return dt.date.fromordinal(self._work[k])

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        i, j = self._index(a), self._index(b)
        if j >= i:
            return self._prefix[j + 1] - self._prefix[i + 1]  # (a, b]
        return -(self._prefix[i] - self._prefix[j])  # [b, a), negated

    def is_provisional(self, day: dt.date) -> bool:
        self._index(day)
        return day.year in self.provisional_years

    def provisional_between(self, a: dt.date, b: dt.date) -> bool:
        """Whether any day from a to b (either order, both included) lies in a provisional year."""
        self._index(a)
        self._index(b)
        lo, hi = min(a.year, b.year), max(a.year, b.year)
        return self._prov_prefix[hi - self.first_year + 1] - self._prov_prefix[lo - self.first_year] > 0

    # -- answers marked provisional -------------------------------------------------------------------------------------
    def is_working_day_answer(self, day: dt.date) -> Answer[bool]:
        return Answer(self.is_working_day(day), self.is_provisional(day))

    def add_working_days_answer(self, day: dt.date, n: int) -> Answer[dt.date]:
        result = self.add_working_days(day, n)
        return Answer(result, self.provisional_between(day, result))

    def working_days_between_answer(self, a: dt.date, b: dt.date) -> Answer[int]:
        return Answer(self.working_days_between(a, b), self.provisional_between(a, b))

    # -- listings ---------------------------------------------------------------------------------------------------------
    def working_days_in_year(self, year: int) -> int:
        start = self._index(dt.date(year, 1, 1))
        end = self._index(dt.date(year, 12, 31))
        return self._prefix[end + 1] - self._prefix[start]
