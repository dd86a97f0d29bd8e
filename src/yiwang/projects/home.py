"""A project reviewer's workbench list: the projects on the tracking board, those over or near their whole-chain
time limit first (web.portal.work_lists)."""
from __future__ import annotations

from django.urls import reverse

SHOWN = 6


def work(user) -> list[dict]:
    from yiwang.org.models import Role
    from yiwang.org.scoping import scope_of

    from . import access, queries

    if not (user and user.is_authenticated and scope_of(user).has(Role.PROJECT_REVIEWER)):
        return []
    rows = []
    for p in access.visible_projects(user).select_related("builder").prefetch_related(
            "stages__items__case", "stages__items__stage_item__item__department").order_by("-pk")[:20]:
        row = queries.tracking_row(p)
        rows.append(row)
    rows.sort(key=lambda r: (not r["over"], not r["warning"], -r["project"].pk))
    items = []
    for r in rows[:SHOWN]:
        state = "已超时限" if r["over"] else ("临近时限" if r["warning"] else "")
        note = f"{r['stage_label']} · 已用 {r['used']}/{r['target']} 个工作日" + (f" · {state}" if state else "")
        items.append({"label": str(r["project"]), "url": reverse("projects:detail", args=[r["project"].pk]),
                      "note": note})
    return [{"key": "projects", "title": "跟踪中的工程建设项目", "url": reverse("projects:board"), "items": items,
             "empty": "看板上还没有项目。"}]
