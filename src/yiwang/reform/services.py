"""The only place plan state changes: a plan created from its document, units resolved (remembered as aliases),
tasks corrected, split and merged, the plan published, a revised document applied. Reports, contributions,
indicators, supervision and assessment live in `services_reports`. Each change is one transaction with an audit
event."""
from __future__ import annotations

import hashlib
import re
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.services import record
from yiwang.org.models import Department, Role

from .access import ReformScope
from .domain import diff as plan_diff
from .domain import matching, sources
from .domain.reader import NoMeasures
from .models import Plan, PlanDocument, StatusChange, Task, TaskStatus, TaskUnit, UnitAlias


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


def _office(actor) -> None:
    if not ReformScope(actor).is_office:
        raise Forbidden("只有改革办人员可以执行此操作")


def _today(d: date | None) -> date:
    return d or timezone.localdate()


KIND_WORDS = [("工作要点", Plan.Kind.KEY_POINTS), ("行动计划", Plan.Kind.ACTION_PLAN), ("行动方案", Plan.Kind.ACTION_PLAN),
              ("实施方案", Plan.Kind.IMPLEMENTATION), ("工作方案", Plan.Kind.WORK_PLAN)]


def read(filename: str, content: bytes, year: int | None = None):
    """Read a document without saving anything; a clear Chinese DomainError when it cannot be read."""
    try:
        return sources.read_document(filename, content, year=year)
    except (sources.BadDocument, NoMeasures) as exc:
        raise DomainError(str(exc), field="file") from None


# ---- matching ---------------------------------------------------------------------------------------------------
def directory() -> list[matching.Department]:
    return [matching.Department(d.pk, d.name, d.short_name, tuple(d.alias_list))
            for d in Department.objects.filter(is_active=True).order_by("code")]


def alias_map() -> dict[str, tuple[int | None, bool]]:
    return {a.alias: (a.department_id, a.external) for a in UnitAlias.objects.all()}


def match_names(names, deps=None, aliases=None) -> dict[str, matching.Match]:
    deps = directory() if deps is None else deps
    aliases = alias_map() if aliases is None else aliases
    return {n: matching.match(n, deps, aliases) for n in names}


def _apply_matches(plan: Plan) -> None:
    """Set each task unit's department (and each task's lead) from the current matches."""
    units = list(TaskUnit.objects.filter(task__plan=plan, catch_all=False).select_related("task"))
    found = match_names({u.name for u in units})
    leads = {}
    for u in units:
        dep = found[u.name].department_id if found[u.name].resolved else None
        if u.department_id != dep:
            u.department_id = dep
            u.save(update_fields=["department"])
        if u.role == TaskUnit.Role.LEAD:
            leads[u.task_id] = dep
    for t in Task.objects.filter(plan=plan):
        if t.pk in leads and t.lead_id != leads[t.pk]:
            t.lead_id = leads[t.pk]
            t.save(update_fields=["lead"])


def unresolved(plan: Plan) -> dict[str, matching.Match]:
    names = set(TaskUnit.objects.filter(task__plan=plan, catch_all=False).values_list("name", flat=True))
    return {n: m for n, m in sorted(match_names(names).items()) if not m.resolved}


# ---- plans ------------------------------------------------------------------------------------------------------
def _kind(title: str) -> str:
    return next((k for w, k in KIND_WORDS if w in title), Plan.Kind.IMPLEMENTATION)


def _doc_text(filename: str, content: bytes) -> str:
    try:
        return "\n".join(sources.text_lines(filename, content))
    except sources.BadDocument:
        return ""


def _unit_rows(m: dict) -> list[dict]:
    rows = []
    units = m.get("units") or {}
    for i, u in enumerate(units.get("leads", [])):
        rows.append({"name": u["name"], "role": TaskUnit.Role.LEAD if i == 0 else TaskUnit.Role.CO_LEAD,
                     "catch_all": bool(u.get("catch_all"))})
    for u in units.get("co", []):
        rows.append({"name": u["name"], "role": TaskUnit.Role.CO, "catch_all": bool(u.get("catch_all"))})
    return rows


def _outline_labels(reading: dict) -> dict[str, str]:
    return {o["path"]: o["heading"] for o in reading.get("outline", [])}


def _create_task(plan: Plan, m: dict, position: int, labels: dict[str, str]) -> Task:
    parts = m["path"].split(".")
    t = Task.objects.create(
        plan=plan, path=m["path"], position=position, chapter=labels.get(parts[0], "")[:200],
        section=labels.get(".".join(parts[:2]), "")[:200] if len(parts) > 2 else "", text=m["text"],
        lead_name=m.get("lead") or "", deadline=m.get("deadline"), deadline_text=(m.get("deadline_text") or "")[:60],
        source_line=m.get("line") or 0)
    TaskUnit.objects.bulk_create([TaskUnit(task=t, position=i, **row) for i, row in enumerate(_unit_rows(m))])
    return t


def create_plan(*, actor, filename: str, content: bytes, year: int | None = None) -> Plan:
    """Upload a plan as issued: the document is kept whole, read, and its measures become draft tasks."""
    _office(actor)
    reading = read(filename, content, year=year)
    data = reading.as_dict()
    issued = date.fromisoformat(data["issued_on"]) if data["issued_on"] else None
    plan_year = year or (issued.year if issued else None)
    if plan_year is None and (m := re.search(r"(20\d{2})", data["title"])):
        plan_year = int(m.group(1))
    with transaction.atomic():
        plan = Plan.objects.create(title=(data["title"] or filename)[:300], doc_number=data["doc_number"][:60],
                                   issued_on=issued, kind=_kind(data["title"]),
                                   year=plan_year or timezone.localdate().year, created_by=actor)
        PlanDocument.objects.create(plan=plan, number=1, filename=filename[:200], content=content,
                                    sha256=hashlib.sha256(content).hexdigest(), reading=data,
                                    text=_doc_text(filename, content), uploaded_by=actor, applied=True)
        labels = _outline_labels(data)
        for i, m in enumerate(data["measures"]):
            _create_task(plan, m, i, labels)
        _apply_matches(plan)
        record(actor=actor, action="reform.plan.create", target=plan, before=None,
               after={"title": plan.title, "tasks": len(data["measures"])}, role=Role.REFORM_OFFICER,
               data={"filename": filename, "doc_number": plan.doc_number})
        return plan


def _lock_plan(plan, expected_version) -> Plan:
    p = Plan.objects.select_for_update().get(pk=getattr(plan, "pk", plan))
    if expected_version is not None and p.version != int(expected_version):
        raise Conflict("方案已被他人更新，请刷新后重试", code="stale_version", extra={"version": p.version})
    return p


def resolve_unit(*, actor, name: str, department=None, external: bool = False, plan: Plan | None = None) -> UnitAlias:
    """A person resolves a unit name: to a department, or as a unit not on the platform. Remembered."""
    _office(actor)
    name = re.sub(r"\s+", "", name or "")
    if not name:
        raise DomainError("请指明要确认的单位名称", field="name")
    dep_id = getattr(department, "pk", department) or None
    if not external and not dep_id:
        raise DomainError(f"请为“{name}”选择对应的部门，或标记为非平台单位", field="department")
    if dep_id and not Department.objects.filter(pk=dep_id, is_active=True).exists():
        raise DomainError("所选部门不存在或已停用", field="department")
    with transaction.atomic():
        before = UnitAlias.objects.filter(alias=name).values("department_id", "external").first()
        a, _ = UnitAlias.objects.update_or_create(alias=name, defaults={
            "department_id": None if external else dep_id, "external": bool(external), "resolved_by": actor})
        record(actor=actor, action="reform.alias.resolve", target=a, before=before,
               after={"department_id": a.department_id, "external": a.external}, role=Role.REFORM_OFFICER,
               data={"alias": name, "plan": getattr(plan, "pk", None)})
        plans = [plan] if plan is not None else list(Plan.objects.exclude(status=Plan.Status.CLOSED))
        for p in plans:
            _apply_matches(p)
        return a


def publish_plan(*, actor, plan, expected_version, today: date | None = None) -> Plan:
    _office(actor)
    today = _today(today)
    with transaction.atomic():
        p = _lock_plan(plan, expected_version)
        if p.status != Plan.Status.DRAFT:
            raise Conflict("方案已发布或已关闭", extra={"status": p.status})
        pending = unresolved(p)
        if pending:
            raise DomainError("以下单位尚未确认对应部门，不能发布：" + "、".join(pending), field="units",
                              extra={"unresolved": list(pending)})
        no_lead = [t.path for t in p.tasks.prefetch_related("units")
                   if not any(u.role == TaskUnit.Role.LEAD and not u.catch_all for u in t.units.all())]
        if no_lead:
            raise DomainError("以下任务没有明确的牵头单位（泛指的“各相关部门”等不能牵头），请先更正：" + "、".join(no_lead[:20]), field="tasks")
        p.status, p.published_on = Plan.Status.PUBLISHED, today
        p.version += 1
        p.save()
        StatusChange.objects.bulk_create([StatusChange(task=t, status=t.status, on=today, by=actor)
                                          for t in p.tasks.all()])
        record(actor=actor, action="reform.plan.publish", target=p, before={"status": "draft"},
               after={"status": p.status}, role=Role.REFORM_OFFICER, data={"tasks": p.tasks.count()})
        return p


def close_plan(*, actor, plan, expected_version, today: date | None = None) -> Plan:
    _office(actor)
    with transaction.atomic():
        p = _lock_plan(plan, expected_version)
        if p.status != Plan.Status.PUBLISHED:
            raise Conflict("只有已发布的方案可以关闭", extra={"status": p.status})
        p.status, p.closed_on = Plan.Status.CLOSED, _today(today)
        p.version += 1
        p.save()
        record(actor=actor, action="reform.plan.close", target=p, before={"status": "published"},
               after={"status": p.status}, role=Role.REFORM_OFFICER)
        return p


# ---- tasks ------------------------------------------------------------------------------------------------------
def _lock_task(task, expected_version) -> Task:
    t = Task.objects.select_for_update(of=("self",)).select_related("plan").get(pk=getattr(task, "pk", task))
    if expected_version is not None and t.version != int(expected_version):
        raise Conflict("任务已被他人更新，请刷新后重试", code="stale_version", extra={"version": t.version})
    return t


def _parts(t: Task) -> dict[str, dict]:
    """The co-units' parts by name, carried over when a task's units are rewritten (nothing written is lost)."""
    return {u.name: {"part": u.part, "deadline": u.deadline} for u in t.units.exclude(role=TaskUnit.Role.LEAD)
            if u.part or u.deadline}


def _snapshot(t: Task) -> dict:
    return {"text": t.text, "lead_name": t.lead_name, "deadline": t.deadline, "status": t.status,
            "confidence": t.confidence, "version": t.version}


def update_task(*, actor, task, expected_version, today: date | None = None, **fields) -> Task:
    """The reform office corrects a task (text, lead, deadline, status and reason); a lead unit may set status and
    delivery confidence of its own task."""
    scope = ReformScope(actor)
    today = _today(today)
    with transaction.atomic():
        t = _lock_task(task, expected_version)
        allowed = {"text", "lead_name", "deadline", "status", "status_reason", "confidence", "co"} if scope.is_office \
            else ({"status", "status_reason", "confidence"} if scope.leads(t) else set())
        if not allowed:
            raise Forbidden("只有改革办或牵头单位可以修改任务")
        if set(fields) - allowed:
            raise Forbidden("无权修改：" + "、".join(sorted(set(fields) - allowed)))
        if t.plan.status == Plan.Status.CLOSED:
            raise Conflict("方案已关闭，不能再修改任务")
        before = _snapshot(t)
        if "text" in fields:
            text = (fields["text"] or "").strip()
            if not text:
                raise DomainError("任务内容不能为空", field="text")
            t.text = text
        if "deadline" in fields:
            d = fields["deadline"]
            if isinstance(d, str):
                try:
                    d = date.fromisoformat(d) if d else None
                except ValueError:
                    raise DomainError("完成时限应为日期，如2025-06-30", field="deadline") from None
            later = [u.name for u in t.units.all() if d and u.deadline and u.deadline > d]
            if later:
                raise DomainError("以下配合单位的分工时限晚于新的完成时限，请先调整其分工时限：" + "、".join(later),
                                  field="deadline")
            t.deadline = d
        if "status" in fields and fields["status"] != t.status:
            if fields["status"] not in TaskStatus.values:
                raise DomainError("状态不正确", field="status")
            reason = (fields.get("status_reason") or "").strip()
            if fields["status"] == TaskStatus.DEFERRED and not reason:
                raise DomainError("暂缓须说明原因", field="status_reason")
            t.status, t.status_reason = fields["status"], reason[:300]
            if t.plan.status == Plan.Status.PUBLISHED:
                StatusChange.objects.create(task=t, status=t.status, on=today, by=actor)
        if "confidence" in fields:
            c = fields["confidence"]
            if c in (None, ""):
                t.confidence = None
            else:
                try:
                    c = int(c)
                except (TypeError, ValueError):
                    raise DomainError("交付把握应为1至5级", field="confidence") from None
                if not 1 <= c <= 5:
                    raise DomainError("交付把握应为1至5级", field="confidence")
                t.confidence = c
        if "lead_name" in fields or "co" in fields:
            lead = re.sub(r"\s+", "", fields.get("lead_name", t.lead_name) or "")
            if not lead:
                raise DomainError("牵头单位不能为空", field="lead_name")
            co = fields.get("co")
            if co is None:
                co = list(t.units.exclude(role=TaskUnit.Role.LEAD).values_list("name", flat=True))
            t.lead_name = lead
            kept = _parts(t)
            t.units.all().delete()
            rows = [TaskUnit(task=t, name=lead, role=TaskUnit.Role.LEAD, position=0)]
            rows += [TaskUnit(task=t, name=n, role=TaskUnit.Role.CO, position=i + 1,
                              catch_all=bool(re.match(r"^(各|相关|有关|其他)", n)), **kept.get(n, {}))
                     for i, n in enumerate(x for x in (re.sub(r"\s+", "", c) for c in co) if x and x != lead)]
            TaskUnit.objects.bulk_create(rows)
        t.version += 1
        t.save()
        if "lead_name" in fields or "co" in fields:
            _apply_matches(t.plan)
            t.refresh_from_db()
        record(actor=actor, action="reform.task.update", target=t, before=before, after=_snapshot(t),
               role=Role.REFORM_OFFICER if scope.is_office else Role.REFORM_LIAISON, data={"fields": sorted(fields)})
        return t


def split_task(*, actor, task, expected_version, texts: list[str]) -> list[Task]:
    """One measure read as one task becomes several (same units; numbered path-a, path-b …)."""
    _office(actor)
    texts = [x.strip() for x in texts if x and x.strip()]
    if len(texts) < 2:
        raise DomainError("拆分至少需要两段任务内容", field="texts")
    with transaction.atomic():
        t = _lock_task(task, expected_version)
        if t.reports.exists():
            raise Conflict("任务已有报送，不能拆分")
        units = list(t.units.values("name", "department_id", "role", "catch_all", "part", "deadline", "position"))
        Task.objects.filter(plan=t.plan, position__gt=t.position).update(position=F("position") + len(texts))
        out = []
        for i, text in enumerate(texts):
            n = Task.objects.create(plan=t.plan, path=f"{t.path}-{chr(97 + i)}", position=t.position + i,
                                    chapter=t.chapter, section=t.section, text=text, lead_name=t.lead_name,
                                    lead_id=t.lead_id, deadline=t.deadline, deadline_text=t.deadline_text,
                                    source_line=t.source_line)
            TaskUnit.objects.bulk_create([TaskUnit(task=n, **u) for u in units])
            out.append(n)
        record(actor=actor, action="reform.task.split", target=t, before=_snapshot(t),
               after={"into": [n.path for n in out]}, role=Role.REFORM_OFFICER)
        t.delete()
        return out


def merge_tasks(*, actor, tasks: list[Task]) -> Task:
    """Several tasks become the first one: texts joined, units united (the first's lead leads)."""
    _office(actor)
    if len(tasks) < 2:
        raise DomainError("请选择至少两项任务合并", field="tasks")
    with transaction.atomic():
        locked = [_lock_task(t, None) for t in sorted(tasks, key=lambda t: t.position)]
        if len({t.plan_id for t in locked}) != 1:
            raise DomainError("只能合并同一方案中的任务", field="tasks")
        if any(t.reports.exists() for t in locked):
            raise Conflict("任务已有报送，不能合并")
        first, rest = locked[0], locked[1:]
        before = _snapshot(first)
        first.text = "".join(t.text for t in locked)
        names = {u.name for u in first.units.all()}
        pos = first.units.count()
        for t in rest:
            for u in t.units.all():
                if u.name not in names:
                    TaskUnit.objects.create(task=first, name=u.name, department_id=u.department_id,
                                            role=TaskUnit.Role.CO, catch_all=u.catch_all, position=pos)
                    names.add(u.name)
                    pos += 1
        first.version += 1
        first.save()
        record(actor=actor, action="reform.task.merge", target=first, before=before,
               after={**_snapshot(first), "merged": [t.path for t in rest]}, role=Role.REFORM_OFFICER)
        for t in rest:
            t.delete()
        return first


# ---- revised documents ------------------------------------------------------------------------------------------
def _current_measures(plan: Plan) -> list[dict]:
    out = []
    for t in plan.tasks.prefetch_related("units"):
        units = sorted(t.units.all(), key=lambda u: u.position)
        out.append({"path": t.path, "text": t.text, "lead": t.lead_name,
                    "co": [u.name for u in units if u.role != TaskUnit.Role.LEAD],
                    "deadline": t.deadline.isoformat() if t.deadline else None})
    return out


def upload_revision(*, actor, plan, filename: str, content: bytes) -> tuple[PlanDocument, dict]:
    """A revised document: kept and read; what changed against the plan's tasks is shown before it is applied."""
    _office(actor)
    reading = read(filename, content, year=plan.year)
    data = reading.as_dict()
    with transaction.atomic():
        p = Plan.objects.select_for_update().get(pk=plan.pk)
        if p.status == Plan.Status.CLOSED:
            raise Conflict("方案已关闭，不能上传修订稿")
        number = (p.documents.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        doc = PlanDocument.objects.create(plan=p, number=number, filename=filename[:200], content=content,
                                          sha256=hashlib.sha256(content).hexdigest(), reading=data,
                                          text=_doc_text(filename, content), uploaded_by=actor)
        changes = revision_diff(doc)
        record(actor=actor, action="reform.plan.revision_upload", target=p, before=None,
               after={"document": number}, role=Role.REFORM_OFFICER,
               data={"filename": filename, "added": len(changes["added"]), "removed": len(changes["removed"]),
                     "changed": len(changes["changed"])})
        return doc, changes


def revision_diff(doc: PlanDocument) -> dict:
    return plan_diff.diff(_current_measures(doc.plan), doc.reading["measures"])


def apply_revision(*, actor, document: PlanDocument, expected_version, today: date | None = None) -> dict:
    """Apply a revised document: changed tasks updated, new measures added; tasks whose measure was removed are
    kept (with their reports) and set 暂缓 with the reason — nothing is lost."""
    _office(actor)
    today = _today(today)
    with transaction.atomic():
        p = _lock_plan(document.plan, expected_version)
        doc = PlanDocument.objects.select_for_update().get(pk=document.pk)
        if doc.applied:
            raise Conflict("该稿已应用")
        changes = revision_diff(doc)
        by_path = {t.path: t for t in p.tasks.all()}
        labels = _outline_labels(doc.reading)
        for c in changes["changed"] + [x for x in changes["moved"] if x not in changes["changed"]]:
            t = by_path[c["old"]["path"]]
            n = c["new"]
            t.text, t.lead_name = n["text"], n.get("lead") or t.lead_name
            t.deadline = n.get("deadline") or None
            if t.path != n["path"] and n["path"] not in by_path:
                t.path = n["path"]
            t.version += 1
            t.save()
            kept = _parts(t)
            t.units.all().delete()
            TaskUnit.objects.bulk_create([
                TaskUnit(task=t, position=i, **row,
                         **(kept.get(row["name"], {}) if row["role"] != TaskUnit.Role.LEAD else {}))
                for i, row in enumerate(_unit_rows(n))])
        last = p.tasks.order_by("-position").values_list("position", flat=True).first() or 0
        taken = set(p.tasks.values_list("path", flat=True))
        for i, m in enumerate(changes["added"], 1):
            if m["path"] in taken:
                m = {**m, "path": f"{m['path']}（修订）"}
            t = _create_task(p, m, last + i, labels)
            if p.status == Plan.Status.PUBLISHED:
                StatusChange.objects.create(task=t, status=t.status, on=today, by=actor)
        for m in changes["removed"]:
            t = by_path.get(m["path"])
            if t is not None and t.status != TaskStatus.DEFERRED:
                t.status, t.status_reason = TaskStatus.DEFERRED, f"修订稿（第{doc.number}稿）中已删除该项"
                t.version += 1
                t.save()
                if p.status == Plan.Status.PUBLISHED:
                    StatusChange.objects.create(task=t, status=t.status, on=today, by=actor)
        _apply_matches(p)
        doc.applied = True
        doc.save(update_fields=["applied"])
        p.title = doc.reading.get("title") or p.title
        p.doc_number = doc.reading.get("doc_number") or p.doc_number
        p.version += 1
        p.save()
        summary = {k: len(v) for k, v in changes.items() if isinstance(v, list)}
        record(actor=actor, action="reform.plan.revision_apply", target=p, before=None,
               after={"document": doc.number}, role=Role.REFORM_OFFICER, data=summary)
        return summary
