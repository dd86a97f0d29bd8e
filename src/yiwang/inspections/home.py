"""An inspector's workbench list: the objects they are drawn to inspect whose results are not all entered yet, by
task (web.portal.work_lists)."""
from __future__ import annotations

from django.urls import reverse

SHOWN = 6


def work(user) -> list[dict]:
    from .models import Assignment, Inspector, Task

    inspector = Inspector.objects.filter(user_id=getattr(user, "pk", None), active=True).first() \
        if user and user.is_authenticated else None
    if inspector is None:
        return []
    mine = (Assignment.objects.filter(inspector=inspector, recused=False, sampled__published_at__isnull=True,
                                      sampled__task__status=Task.Status.DRAWN)
            .select_related("sampled__task").order_by("sampled__visit_on", "sampled__task_id", "sampled__code"))
    tasks: dict[int, dict] = {}
    for a in mine:
        s = a.sampled
        entered = set(s.results.values_list("item__department_id", flat=True))
        if a.department_id in entered:
            continue
        row = tasks.setdefault(s.task_id, {"task": s.task, "objects": 0, "next": s.visit_on})
        row["objects"] += 1
    items = []
    for row in list(tasks.values())[:SHOWN]:
        task = row["task"]
        note = f"待检查并录入结果 {row['objects']} 户"
        if row["next"]:
            note += f"，最近检查日期 {row['next']:%Y-%m-%d}"
        items.append({"label": task.title, "url": reverse("inspections:task", args=[task.pk]), "note": note})
    return [{"key": "inspections", "title": "我的检查任务", "url": "", "items": items,
             "empty": "目前没有抽到您的待检查对象。"}]
