"""What apps above cases add to the applicant's case page, without cases importing them: each registers a
function (case, user) → list of links {"id", "label", "service", "url"} (ratings: 去评价 where a rating is due)."""
from __future__ import annotations

from collections.abc import Callable

_LINKS: dict[str, Callable] = {}


def register_case_links(name: str, fn: Callable) -> None:
    _LINKS[name] = fn


def case_links(case, user) -> list[dict]:
    out = []
    for fn in _LINKS.values():
        out.extend(fn(case, user))
    return out
