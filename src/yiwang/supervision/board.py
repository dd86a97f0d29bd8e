"""A small registry through which higher apps put their own warnings on the supervision board and may issue
supervision orders (督办) to a department on their own matters — without supervision importing them.

- `register_source(name, rows)`: `rows(scope, today) -> list[dict]` with keys title, link, department,
  department_id, level ("yellow" | "red"), due_on, detail, source_label; `scope` is the SupervisionScope of the
  viewer (filter by `scope.sees_department`).
- `register_issuer(name, may_issue)`: `may_issue(user) -> bool`; such a user may issue and close orders addressed
  to a department that are not about a case (a case's warnings stay with the efficiency supervisors).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

_SOURCES: dict[str, Callable] = {}
_ISSUERS: dict[str, Callable] = {}


def register_source(name: str, rows: Callable) -> None:
    _SOURCES[name] = rows


def register_issuer(name: str, may_issue: Callable) -> None:
    _ISSUERS[name] = may_issue


def extra_rows(scope, today: date) -> list[dict]:
    out = []
    for name, rows in _SOURCES.items():
        for r in rows(scope, today):
            if scope.sees_department(r.get("department_id")):
                out.append({**r, "source": name})
    return sorted(out, key=lambda r: (r["level"] != "red", r.get("due_on") or date.max))


def may_issue_department_orders(user) -> bool:
    return any(check(user) for check in _ISSUERS.values())
