"""Pages of a long list without counting it: one row more than the page tells whether there is a next page, so
the first page of a search over a million rows costs what the page shows, not a COUNT over every match."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Page:
    object_list: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    @classmethod
    def of(cls, qs, number, size: int = 20, max_page: int = 500) -> Page:
        try:
            number = min(max(int(number or 1), 1), max_page)
        except (TypeError, ValueError):
            number = 1
        rows = list(qs[(number - 1) * size: number * size + 1])
        return cls(rows[:size], number, len(rows) > size)
