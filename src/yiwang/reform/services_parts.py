"""The only place a co-unit's part of a task changes: the lead unit or the reform office writes what a co-lead or
co-unit is to do (分工) and by when (分工时限, no later than the task's own deadline), version-checked and audited.
The co-unit sees its part and deadline on its task list."""
from __future__ import annotations

from datetime import date

from django.db import transaction

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.services import record
from yiwang.org.models import Role

from .access import ReformScope
from .models import Plan, TaskUnit
from .services import Forbidden


def _snapshot(u: TaskUnit) -> dict:
    return {"name": u.name, "part": u.part, "deadline": u.deadline, "version": u.version}


def _deadline(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise DomainError("分工时限应为日期，如2025-06-30", field="deadline") from None


def update_part(*, actor, unit, expected_version, part: str | None = None, deadline=...) -> TaskUnit:
    """Set a co-unit's part (text) and/or its deadline. `deadline=None` clears it; leave it out to keep it."""
    with transaction.atomic():
        u = TaskUnit.objects.select_for_update(of=("self",)).select_related("task", "task__plan").get(
            pk=getattr(unit, "pk", unit))
        scope = ReformScope(actor)
        if not (scope.is_office or scope.leads(u.task)):
            raise Forbidden("只有改革办或该任务的牵头单位可以修改配合单位的分工")
        if u.task.plan.status == Plan.Status.CLOSED:
            raise Conflict("方案已关闭，不能再修改分工")
        if u.role == TaskUnit.Role.LEAD:
            raise DomainError("牵头单位的分工即任务本身，请修改任务内容和完成时限", field="unit")
        if expected_version in (None, ""):
            raise DomainError("缺少版本号，请刷新页面后重试", field="version")
        if u.version != int(expected_version):
            raise Conflict(f"“{u.name}”的分工已被他人修改，请刷新后重试（您的修改未保存）", code="stale_version",
                           extra={"version": u.version})
        before = _snapshot(u)
        if part is not None:
            text = part.strip()
            if len(text) > 300:
                raise DomainError("分工内容不能超过300字", field="part")
            u.part = text
        if deadline is not ...:
            d = _deadline(deadline)
            if d is not None and u.task.deadline is not None and d > u.task.deadline:
                raise DomainError(f"分工时限不能晚于任务的完成时限（{u.task.deadline:%Y年%m月%d日}）", field="deadline")
            u.deadline = d
        u.version += 1
        u.save()
        record(actor=actor, action="reform.task.part", target=u.task, before=before, after=_snapshot(u),
               role=Role.REFORM_OFFICER if scope.is_office else Role.REFORM_LIAISON,
               data={"unit": u.pk, "department": u.department_id})
        return u
