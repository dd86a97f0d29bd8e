"""A small table calendar for the pure tests: 2026 as announced (国办发明电〔2025〕号 notice), later years provisional
(weekends plus the fixed-date statutory holidays only)."""
from __future__ import annotations

from datetime import date, timedelta


def _span(a: date, b: date):
    d = a
    while d <= b:
        yield d
        d += timedelta(days=1)


OFF_2026 = {
    d
    for a, b in [((1, 1), (1, 3)), ((2, 15), (2, 23)), ((4, 4), (4, 6)), ((5, 1), (5, 5)), ((6, 19), (6, 21)),
                 ((9, 25), (9, 27)), ((10, 1), (10, 7))]
    for d in _span(date(2026, *a), date(2026, *b))
}
ADJUSTED_2026 = {date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20),
                 date(2026, 10, 10)}


class TableCalendar:
    def __init__(self, off=OFF_2026, adjusted=ADJUSTED_2026, announced=frozenset({2025, 2026})):
        self.off, self.adjusted, self.announced = set(off), set(adjusted), set(announced)

    def is_working_day(self, d: date) -> bool:
        if d in self.adjusted:
            return True
        if d in self.off:
            return False
        if d.year not in self.announced and (d.month, d.day) in {(1, 1), (5, 1), (10, 1), (10, 2), (10, 3)}:
            return False
        return d.weekday() < 5

    def add_working_days(self, d: date, n: int) -> date:
        while n > 0:
            d += timedelta(days=1)
            if self.is_working_day(d):
                n -= 1
        return d

    def working_days_between(self, a: date, b: date) -> int:
        return sum(1 for x in _span(a + timedelta(days=1), b) if self.is_working_day(x)) if b > a else 0

    def provisional_between(self, a: date, b: date) -> bool:
        return any(y not in self.announced for y in range(a.year, b.year + 1))
