"""Reporting quarters and their deadlines: by default before the 15th of each quarter's last month (seed plans:
"每季度最后一个月15日前"). Plain Python."""
from __future__ import annotations

from datetime import date, timedelta


def quarter_of(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def due_date(year: int, quarter: int, day: int = 15) -> date:
    """"15日前" read as due on the 14th: a report dated the 15th is late."""
    return date(year, quarter * 3, day) - timedelta(days=1)


def quarters_of_year(year: int) -> list[tuple[int, int]]:
    return [(year, q) for q in (1, 2, 3, 4)]


def due_quarters(year: int, today: date, day: int = 15) -> list[tuple[int, int, date]]:
    """The plan year's quarters whose deadline is on or before `today` (those a report is owed for)."""
    return [(y, q, due_date(y, q, day)) for y, q in quarters_of_year(year) if due_date(y, q, day) <= today]


def open_quarter(year: int, today: date, day: int = 15) -> tuple[int, int, date] | None:
    """The quarter being reported now: the first of the plan year whose deadline has not passed."""
    for y, q in quarters_of_year(year):
        d = due_date(y, q, day)
        if d >= today:
            return y, q, d
    return None
