"""Reform's rows on the supervision board (registered in apps.ready through `yiwang.supervision.board`): reports
due within the notice window (yellow) and overdue (red), per lead unit and task; and who may issue 督办 on tasks."""
from __future__ import annotations

from datetime import date

from yiwang.org.models import Role
from yiwang.org.scoping import scope_of


def may_issue(user) -> bool:
    return bool(user and user.is_authenticated and scope_of(user).has(Role.REFORM_OFFICER))


def rows(scope, today: date) -> list[dict]:
    from . import queries

    out = []
    for r in queries.reports_outstanding(today, department_ids=None if scope.is_supervisor else scope.department_ids):
        out.append({
            "title": f"{r['task'].plan.title[:24]}… {r['task'].path} 第{r['quarter']}季度报送",
            "link": f"/reform/tasks/{r['task'].pk}/", "department": r["department"],
            "department_id": r["task"].lead_id, "level": "red" if r["overdue"] else "yellow", "due_on": r["due_on"],
            "detail": ("逾期未报送" if r["overdue"] else f"{(r['due_on'] - today).days}天后截止，尚未报送"),
            "source_label": "改革任务"})
    return out
