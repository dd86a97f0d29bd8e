"""Month grids for the calendar page (pure)."""
from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    day: dt.date | None
    working: bool = False
    kind: str = ""  # "holiday" | "workday" (adjusted) | "weekend" | ""
    name: str = ""


def month_grid(
    year: int, month: int, marks: Mapping[dt.date, tuple[str, str]], is_working: Callable[[dt.date], bool]
) -> list[list[Cell]]:
    """Weeks (Monday first) of one month; days of other months are empty cells."""
    weeks = []
    for week in _calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row = []
        for day in week:
            if day.month != month:
                row.append(Cell(None))
                continue
            kind, name = marks.get(day, ("", ""))
            if not kind and day.weekday() >= 5:
                kind = "weekend"
            row.append(Cell(day, is_working(day), kind, name))
        weeks.append(row)
    return weeks
