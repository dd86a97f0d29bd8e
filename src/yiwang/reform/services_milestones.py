"""The only place milestones (里程碑) change: the lead unit or the reform office adds a task's milestones, edits them
(version-checked: a stale edit is refused, nothing overwritten) and completes them with the day reached and a note
on the evidence. One transaction and audit event each."""
from __future__ import annotations

from datetime import date

from django.db import transaction

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.services import record
from yiwang.org.models import Role

from .access import ReformScope
from .models import Milestone, Plan, Task
from .services import Forbidden, _today


def _snapshot(m: Milestone) -> dict:
    return {"title": m.title, "due_on": m.due_on, "done_on": m.done_on, "evidence_note": m.evidence_note,
            "version": m.version}


def _may_change(actor, task: Task) -> str:
    """The role the actor acts in, or Forbidden: only the reform office and the task's lead unit."""
    scope = ReformScope(actor)
    if scope.is_office:
        return Role.REFORM_OFFICER
    if scope.leads(task):
        return Role.REFORM_LIAISON
    raise Forbidden("只有改革办或该任务的牵头单位可以维护里程碑")


def _open(task: Task) -> None:
    if task.plan.status == Plan.Status.CLOSED:
        raise Conflict("方案已关闭，不能再修改里程碑")


def _date(value, field: str, label: str, required: bool = True) -> date | None:
    if value in (None, ""):
        if required:
            raise DomainError(f"请填写{label}", field=field)
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise DomainError(f"{label}应为日期，如2025-06-30", field=field) from None


def _title(value) -> str:
    title = (value or "").strip()
    if not title:
        raise DomainError("请填写里程碑内容", field="title")
    if len(title) > 200:
        raise DomainError("里程碑内容不能超过200字", field="title")
    return title


def _note(value) -> str:
    note = (value or "").strip()
    if len(note) > 500:
        raise DomainError("佐证说明不能超过500字", field="evidence_note")
    return note


def _lock(actor, milestone, expected_version) -> tuple[Milestone, str]:
    m = Milestone.objects.select_for_update(of=("self",)).select_related("task", "task__plan").get(
        pk=getattr(milestone, "pk", milestone))
    role = _may_change(actor, m.task)
    _open(m.task)
    if expected_version in (None, ""):
        raise DomainError("缺少版本号，请刷新页面后重试", field="version")
    if m.version != int(expected_version):
        raise Conflict("里程碑已被他人修改，请刷新后重试（您的修改未保存）", code="stale_version",
                       extra={"version": m.version})
    return m, role


def add_milestone(*, actor, task, title: str, due_on, evidence_note: str = "") -> Milestone:
    t = Task.objects.select_related("plan").get(pk=getattr(task, "pk", task))
    role = _may_change(actor, t)
    _open(t)
    title, due = _title(title), _date(due_on, "due_on", "计划完成日期")
    with transaction.atomic():
        m = Milestone.objects.create(task=t, title=title, due_on=due, evidence_note=_note(evidence_note))
        record(actor=actor, action="reform.milestone.add", target=m, before=None, after=_snapshot(m), role=role,
               data={"task": t.pk, "path": t.path})
        return m


def update_milestone(*, actor, milestone, expected_version, title: str | None = None, due_on=None,
                     evidence_note: str | None = None) -> Milestone:
    """Edit a milestone's text, due date or evidence note; refused when someone changed it since it was read."""
    with transaction.atomic():
        m, role = _lock(actor, milestone, expected_version)
        before = _snapshot(m)
        if title is not None:
            m.title = _title(title)
        if due_on is not None:
            m.due_on = _date(due_on, "due_on", "计划完成日期")
        if evidence_note is not None:
            m.evidence_note = _note(evidence_note)
        m.version += 1
        m.save()
        record(actor=actor, action="reform.milestone.update", target=m, before=before, after=_snapshot(m),
               role=role, data={"task": m.task_id})
        return m


def complete_milestone(*, actor, milestone, expected_version, done_on=None, evidence_note: str = "",
                       today: date | None = None) -> Milestone:
    """Mark a milestone reached on `done_on` (default today; never in the future) with a note on the evidence."""
    today = _today(today)
    done = _date(done_on, "done_on", "实际完成日期", required=False) or today
    if done > today:
        raise DomainError("实际完成日期不能晚于今天", field="done_on")
    note = _note(evidence_note)
    if not note:
        raise DomainError("请填写完成佐证说明（如文件、平台上线截图等）", field="evidence_note")
    with transaction.atomic():
        m, role = _lock(actor, milestone, expected_version)
        if m.done_on is not None:
            raise Conflict(f"该里程碑已于{m.done_on:%Y年%m月%d日}完成", extra={"version": m.version})
        before = _snapshot(m)
        m.done_on, m.evidence_note = done, note
        m.version += 1
        m.save()
        record(actor=actor, action="reform.milestone.complete", target=m, before=before, after=_snapshot(m),
               role=role, data={"task": m.task_id, "late": done > m.due_on})
        return m
