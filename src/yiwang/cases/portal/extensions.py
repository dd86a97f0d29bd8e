"""What apps above cases add to the case pages, without cases importing them: each registers a function
(case, user) → list of links {"id", "label", "service", "url"} — for the applicant's page (ratings: 去评价 where a
rating is due) or for the staff case page (ratings: 去评价 / 代录, a window clerk recording the applicant's rating)."""
from __future__ import annotations

from collections.abc import Callable

_LINKS: dict[str, Callable] = {}
_STAFF_LINKS: dict[str, Callable] = {}


def register_case_links(name: str, fn: Callable) -> None:
    _LINKS[name] = fn


def register_staff_case_links(name: str, fn: Callable) -> None:
    _STAFF_LINKS[name] = fn


def case_links(case, user) -> list[dict]:
    out = []
    for fn in _LINKS.values():
        out.extend(fn(case, user))
    return out


def staff_case_links(case, user) -> list[dict]:
    out = []
    for fn in _STAFF_LINKS.values():
        out.extend(fn(case, user))
    return out
