"""Warnings over 双随机、一公开 (supervision reads the floor below, as it does demands): results not entered within the
entry limit, or not published within 20 working days of the inspection. Live rows on the board, through the board's
source registry; the inspections app knows nothing of supervision."""
from __future__ import annotations

from datetime import date


def rows(scope, today: date) -> list[dict]:
    from yiwang.inspections import queries

    deps = None if scope.is_supervisor else set(scope.department_ids)
    return [{
        "title": f"{w['sampled'].name} · {w['sampled'].task.number}", "link": f"/inspections/tasks/{w['sampled'].task_id}/",
        "department": w["department"].name, "department_id": w["department"].pk, "level": w["level"],
        "due_on": w["due_on"], "detail": w["detail"],
        "source_label": "双随机抽查录入" if w["kind"] == "entry" else "双随机结果公示",
    } for w in queries.late(today, department_ids=deps)]
