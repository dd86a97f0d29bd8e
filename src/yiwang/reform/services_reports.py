"""The only place reporting state changes: co-units' contributions and lead units' quarterly reports (with evidence
and typical cases), reminders and overdue warnings, indicator values (measured from the platform, or entered),
督办 and supervision visits, third-party evaluations, assessment weights. One transaction and audit event each."""
from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.services import record
from yiwang.notify.services import enqueue
from yiwang.org.models import Role, StaffRole, User
from yiwang.supervision import services as supervision

from . import conf, indicators
from .access import ReformScope
from .domain import assessment as core
from .domain import quarters
from .models import (Contribution, Evaluation, Evidence, Indicator, IndicatorValue, Plan, Report, ReportNotice,
                     StatusChange, Task, TaskOrder, TaskStatus, TaskUnit, TypicalCase, Visit)
from .services import Forbidden, _lock_task, _office, _today

SYSTEM = "system"
EVIDENCE_TYPES = {  # extension → (content type, magic bytes)
    ".pdf": ("application/pdf", [b"%PDF"]),
    ".jpg": ("image/jpeg", [b"\xff\xd8\xff"]), ".jpeg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".png": ("image/png", [b"\x89PNG\r\n\x1a\n"]),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [b"PK\x03\x04"]),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [b"PK\x03\x04"]),
    ".ofd": ("application/ofd", [b"PK\x03\x04"]),
}


def _period(task: Task, year, quarter) -> tuple[int, int, date]:
    try:
        year, quarter = int(year), int(quarter)
    except (TypeError, ValueError):
        raise DomainError("请选择报送季度", field="quarter") from None
    if not 1 <= quarter <= 4:
        raise DomainError("季度应为1至4", field="quarter")
    return year, quarter, quarters.due_date(year, quarter, task.plan.report_day)


def _open_for_reports(task: Task) -> None:
    if task.plan.status == Plan.Status.CLOSED:
        raise Conflict(f"方案已于{task.plan.closed_on:%Y年%m月%d日}关闭，不再接受报送")
    if task.plan.status != Plan.Status.PUBLISHED:
        raise Conflict("方案尚未发布，暂不能报送")


def _evidence(files) -> list[Evidence]:
    out = []
    limit = conf.get("evidence_max_bytes")
    for name, content in files or []:
        ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if ext not in EVIDENCE_TYPES:
            raise DomainError(f"佐证材料“{name}”格式不支持：请上传PDF、图片（JPG/PNG）、Word、Excel或OFD文件",
                              field="evidence")
        ctype, magics = EVIDENCE_TYPES[ext]
        if not any(content.startswith(m) for m in magics):
            raise DomainError(f"佐证材料“{name}”的内容与其扩展名不符，请检查后重新上传", field="evidence")
        if len(content) > limit:
            raise DomainError(f"佐证材料“{name}”超过{limit // 1024 // 1024}MB", field="evidence")
        out.append(Evidence(filename=name[:200], content_type=ctype, content=content,
                            sha256=hashlib.sha256(content).hexdigest(), size=len(content)))
    return out


def contribute(*, actor, task, year, quarter, text: str, department=None, files=None,
               today: date | None = None) -> Contribution:
    """A co-unit gives its part of a task to the lead for a quarter (before the lead's report)."""
    today = _today(today)
    scope = ReformScope(actor)
    text = (text or "").strip()
    if not text:
        raise DomainError("请填写配合工作情况", field="text")
    with transaction.atomic():
        t = _lock_task(task, None)
        _open_for_reports(t)
        deps = scope.co_departments(t)
        dep_id = getattr(department, "pk", department) or (deps[0] if deps else None)
        if dep_id not in deps:
            raise Forbidden("只有该任务的配合单位可以报送配合情况")
        year, quarter, _due = _period(t, year, quarter)
        if t.reports.filter(year=year, quarter=quarter).exists():
            raise Conflict("牵头单位已报送本季度情况，配合情况请直接与牵头单位沟通后由牵头单位更正")
        evidence = _evidence(files)
        c, created = Contribution.objects.update_or_create(
            task=t, year=year, quarter=quarter, department_id=dep_id,
            defaults={"text": text, "submitted_on": today, "submitted_by": actor})
        for e in evidence:
            e.contribution = c
            e.save()
        record(actor=actor, action="reform.contribution." + ("submit" if created else "update"), target=c,
               before=None, after={"text": text[:200]}, role=Role.REFORM_LIAISON,
               data={"task": t.path, "year": year, "quarter": quarter, "evidence": [e.filename for e in evidence]})
        _tell_department(t.lead_id, event="reform.contribution", subject=f"配合单位已报送：{t.path}",
                         body=f"{c.department.name}报送了{year}年第{quarter}季度配合情况：{text[:80]}",
                         link=f"/reform/tasks/{t.pk}/", ref=f"contribution:{c.pk}")
        return c


def submit_report(*, actor, task, year, quarter, progress: str, problems: str = "", next_steps: str = "",
                  status: str | None = None, confidence=None, files=None, cases=None,
                  today: date | None = None) -> Report:
    """The lead unit reports a quarter on its task: progress, problems, next steps, status, delivery confidence,
    evidence files and typical cases. Once per quarter; a late report is accepted and counted late."""
    today = _today(today)
    scope = ReformScope(actor)
    progress = (progress or "").strip()
    if not progress:
        raise DomainError("请填写工作进展", field="progress")
    with transaction.atomic():
        t = _lock_task(task, None)
        if not scope.leads(t):
            raise Forbidden("只有该任务的牵头单位可以报送季度情况")
        _open_for_reports(t)
        year, quarter, due = _period(t, year, quarter)
        if t.reports.filter(year=year, quarter=quarter).exists():
            raise Conflict(f"{year}年第{quarter}季度已报送")
        status = status or t.status
        if status not in TaskStatus.values:
            raise DomainError("状态不正确", field="status")
        if confidence not in (None, ""):
            try:
                confidence = int(confidence)
                assert 1 <= confidence <= 5
            except (TypeError, ValueError, AssertionError):
                raise DomainError("交付把握应为1至5级", field="confidence") from None
        else:
            confidence = None
        evidence = _evidence(files)
        r = Report.objects.create(task=t, year=year, quarter=quarter, department_id=t.lead_id, due_on=due,
                                  progress=progress, problems=(problems or "").strip(),
                                  next_steps=(next_steps or "").strip(), status_reported=status,
                                  confidence=confidence, submitted_on=today, submitted_by=actor)
        for e in evidence:
            e.report = r
            e.save()
        for title, summary in cases or []:
            if (title or "").strip() and (summary or "").strip():
                TypicalCase.objects.create(plan=t.plan, report=r, department_id=t.lead_id, title=title.strip()[:200],
                                           summary=summary.strip(), submitted_on=today)
        before = {"status": t.status, "confidence": t.confidence}
        if status != t.status:
            t.status = status
            StatusChange.objects.create(task=t, status=status, on=today, by=actor)
        t.confidence = confidence if confidence is not None else t.confidence
        t.version += 1
        t.save()
        ReportNotice.objects.filter(task=t, year=year, quarter=quarter, cleared_on__isnull=True).update(cleared_on=today)
        record(actor=actor, action="reform.report.submit", target=r, before=before,
               after={"status": t.status, "confidence": t.confidence, "on_time": r.on_time},
               role=Role.REFORM_LIAISON, data={"task": t.path, "year": year, "quarter": quarter,
                                               "evidence": [e.filename for e in evidence],
                                               "cases": len(cases or [])})
        return r


def mark_adoption(*, actor, case: TypicalCase, adoption: str, quality=None) -> TypicalCase:
    _office(actor)
    if adoption not in TypicalCase.Adoption.values:
        raise DomainError("采纳情况不正确", field="adoption")
    with transaction.atomic():
        c = TypicalCase.objects.select_for_update().get(pk=case.pk)
        before = {"adoption": c.adoption, "quality": c.quality}
        c.adoption = adoption
        if quality not in (None, ""):
            c.quality = max(0, min(10, int(quality)))
        c.save()
        record(actor=actor, action="reform.case.adoption", target=c, before=before,
               after={"adoption": c.adoption, "quality": c.quality}, role=Role.REFORM_OFFICER)
        return c


# ---- reminders and warnings -------------------------------------------------------------------------------------
def _department_people(department_id) -> list[User]:
    ids = StaffRole.objects.filter(department_id=department_id, role=Role.REFORM_LIAISON).values_list("user_id", flat=True)
    if not ids:
        ids = StaffRole.objects.filter(department_id=department_id,
                                       role__in=[Role.SECTION_HEAD, Role.UNIT_LEADER]).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=list(ids)).order_by("pk"))


def _tell_department(department_id, **message) -> int:
    n = 0
    for u in _department_people(department_id) if department_id else []:
        enqueue(user=u, **message)
        n += 1
    return n


def send_report_notices(today: date | None = None) -> dict:
    """Reminders to the lead units whose report is due within the plan's notice window, and warnings (to the unit's
    heads and the reform office) once the deadline has passed. Each sent once per task and quarter."""
    from . import queries

    today = _today(today)
    stats = {"reminders": 0, "warnings": 0}
    office = list(User.objects.filter(staff_roles__role=Role.REFORM_OFFICER).distinct())
    for row in queries.reports_outstanding(today):
        t = row["task"]
        kind = ReportNotice.Kind.OVERDUE if row["overdue"] else ReportNotice.Kind.REMINDER
        with transaction.atomic():
            notice, created = ReportNotice.objects.get_or_create(
                task=t, year=row["year"], quarter=row["quarter"], kind=kind, defaults={"sent_on": today})
            if not created:
                continue
            label = f"{row['year']}年第{row['quarter']}季度"
            if kind == ReportNotice.Kind.REMINDER:
                _tell_department(t.lead_id, event="reform.report.reminder", subject=f"【报送提醒】{t.path} {label}",
                                 body=f"请于{row['due_on']:%Y年%m月%d日}前报送“{t.text[:40]}”的{label}工作进展。",
                                 link=f"/reform/tasks/{t.pk}/", ref=f"reform-reminder:{t.pk}:{row['year']}Q{row['quarter']}")
                stats["reminders"] += 1
            else:
                heads = StaffRole.objects.filter(department_id=t.lead_id, role__in=[Role.SECTION_HEAD, Role.UNIT_LEADER,
                                                                                    Role.REFORM_LIAISON])
                people = list(User.objects.filter(pk__in=heads.values("user_id"))) + office
                for u in {p.pk: p for p in people}.values():
                    enqueue(user=u, event="reform.report.overdue", subject=f"【逾期未报送】{t.lead.name} {t.path} {label}",
                            body=f"{t.lead.name}未在{row['due_on']:%Y年%m月%d日}前报送“{t.text[:40]}”的{label}工作进展。",
                            link=f"/reform/tasks/{t.pk}/", ref=f"reform-overdue:{t.pk}:{row['year']}Q{row['quarter']}")
                stats["warnings"] += 1
            record(actor=None, action=f"reform.report.{kind}", target=t, before=None,
                   after={"year": row["year"], "quarter": row["quarter"], "due_on": row["due_on"]}, role=SYSTEM)
    return stats


# ---- indicators -------------------------------------------------------------------------------------------------
def _decimal(v, field) -> Decimal:
    try:
        return Decimal(str(v).strip().rstrip("%"))
    except (InvalidOperation, AttributeError):
        raise DomainError("请填写数字", field=field) from None


def add_indicator(*, actor, task, name: str, target, source: str = "manual", comparison: str = "ge",
                  unit: str = "") -> Indicator:
    _office(actor)
    name = (name or "").strip()
    if source != "manual" and source not in indicators.FIGURES:
        raise DomainError("数据来源不正确", field="source")
    if not name:
        name = indicators.FIGURES[source].label if source != "manual" else ""
    if not name:
        raise DomainError("请填写指标名称", field="name")
    target = _decimal(target, "target")
    with transaction.atomic():
        i = Indicator.objects.create(task_id=getattr(task, "pk", task), name=name[:200], target=target,
                                     source=source, comparison=comparison if comparison in ("ge", "le") else "ge",
                                     unit=unit or (indicators.FIGURES[source].unit if source != "manual" else ""))
        record(actor=actor, action="reform.indicator.add", target=i, before=None,
               after={"name": i.name, "target": i.target, "source": source}, role=Role.REFORM_OFFICER)
        return i


def enter_indicator_value(*, actor, indicator: Indicator, value, on: date | None = None) -> IndicatorValue:
    """A manual indicator's value, by the office or the lead unit."""
    scope = ReformScope(actor)
    if not (scope.is_office or scope.leads(indicator.task)):
        raise Forbidden("只有改革办或牵头单位可以填报指标值")
    if indicator.source != "manual":
        raise Conflict("该指标由平台数据自动计算，不能手工填报")
    on = _today(on)
    value = _decimal(value, "value")
    with transaction.atomic():
        v, _ = IndicatorValue.objects.update_or_create(indicator=indicator, on=on, defaults={
            "value": value, "measured": False, "definition": "人工填报", "by": actor})
        record(actor=actor, action="reform.indicator.enter", target=v, before=None, after={"value": value},
               role=Role.REFORM_OFFICER if scope.is_office else Role.REFORM_LIAISON)
        return v


def measure_indicators(today: date | None = None, plan: Plan | None = None) -> dict:
    """Fill each bound indicator's value for `today` from the platform's figures, with its definition."""
    today = _today(today)
    qs = Indicator.objects.exclude(source="manual").filter(task__plan__status=Plan.Status.PUBLISHED)
    if plan is not None:
        qs = qs.filter(task__plan=plan)
    n = 0
    for i in qs.select_related("task", "task__plan"):
        start = date(i.task.plan.year, 1, 1)
        end = min(today, date(i.task.plan.year, 12, 31))
        value, definition, detail = indicators.measure(i.source, start, end, i.task.lead_id)
        with transaction.atomic():
            v, _ = IndicatorValue.objects.update_or_create(indicator=i, on=today, defaults={
                "value": value, "measured": True, "definition": definition[:400],
                "detail": {k: int(x) if isinstance(x, int) else x for k, x in detail.items()}, "by": None})
            record(actor=None, action="reform.indicator.measure", target=v, before=None,
                   after={"value": value}, role=SYSTEM, data={"source": i.source, **detail})
        n += 1
    return {"measured": n}


# ---- supervision ------------------------------------------------------------------------------------------------
def issue_order(*, actor, task, instruction: str, reply_days=None, today: date | None = None) -> TaskOrder:
    """督办 on a lagging task, through the supervision-order mechanism (addressed to the lead unit)."""
    _office(actor)
    t = task if isinstance(task, Task) else Task.objects.get(pk=task)
    if t.lead_id is None:
        raise DomainError("该任务的牵头单位不在平台上，无法发出督办", field="task")
    with transaction.atomic():
        o = supervision.issue_order(actor=actor, instruction=f"【改革任务{t.path}】{(instruction or '').strip()}"
                                    if (instruction or "").strip() else "", department=t.lead_id,
                                    reply_days=reply_days, today=today)
        link = TaskOrder.objects.create(task=t, order=o)
        record(actor=actor, action="reform.task.order", target=t, before=None, after={"order": o.number},
               role=Role.REFORM_OFFICER)
        return link


def close_order(*, actor, link: TaskOrder, expected_version, note: str = "", today: date | None = None) -> TaskOrder:
    """The reform office closes a 督办 it issued once the unit has replied — through supervision's own close service
    (the reply must be in, the version current; only the issuer or an efficiency supervisor closes)."""
    _office(actor)
    with transaction.atomic():
        o = supervision.close_order(link.order_id, actor=actor, expected_version=expected_version, note=note,
                                    today=today)
        record(actor=actor, action="reform.task.order_close", target=link.task, before=None,
               after={"order": o.number, "status": o.status}, role=Role.REFORM_OFFICER)
        link.order = o
        return link


def record_visit(*, actor, task, findings: str, on: date | None = None) -> Visit:
    _office(actor)
    findings = (findings or "").strip()
    if not findings:
        raise DomainError("请填写督查情况", field="findings")
    with transaction.atomic():
        v = Visit.objects.create(task_id=getattr(task, "pk", task), on=_today(on), findings=findings, by=actor)
        record(actor=actor, action="reform.task.visit", target=v, before=None, after={"findings": findings[:200]},
               role=Role.REFORM_OFFICER)
        return v


def evaluate(*, actor, plan, department, score, comments: str, on: date | None = None) -> Evaluation:
    """A third-party evaluator's form on a unit (以评促改)."""
    if not ReformScope(actor).is_evaluator:
        raise Forbidden("只有第三方评估人员可以填写评价表")
    score = _decimal(score, "score")
    if not Decimal(0) <= score <= Decimal(100):
        raise DomainError("评价得分应在0至100之间", field="score")
    comments = (comments or "").strip()
    if not comments:
        raise DomainError("请填写评价意见", field="comments")
    with transaction.atomic():
        e, created = Evaluation.objects.update_or_create(
            plan_id=getattr(plan, "pk", plan), department_id=getattr(department, "pk", department), evaluator=actor,
            defaults={"score": score, "comments": comments, "on": _today(on)})
        record(actor=actor, action="reform.evaluation." + ("submit" if created else "update"), target=e,
               before=None, after={"score": score}, role=Role.EVALUATOR)
        return e


def set_weights(*, actor, plan, weights: dict, expected_version=None) -> Plan:
    _office(actor)
    clean = {}
    for k in core.DEFAULT_WEIGHTS:
        if k in weights and weights[k] not in (None, ""):
            v = _decimal(weights[k], k)
            if v < 0:
                raise DomainError("权重不能为负数", field=k)
            clean[k] = float(v)
    if sum({**core.DEFAULT_WEIGHTS, **(plan.weights or {}), **clean}.values()) <= 0:
        raise DomainError("权重之和应大于0", field="weights")
    with transaction.atomic():
        p = Plan.objects.select_for_update().get(pk=plan.pk)
        if expected_version is not None and p.version != int(expected_version):
            raise Conflict("方案已被他人更新，请刷新后重试", code="stale_version", extra={"version": p.version})
        before = p.weights
        p.weights = {**core.DEFAULT_WEIGHTS, **(p.weights or {}), **clean}
        p.version += 1
        p.save()
        record(actor=actor, action="reform.plan.weights", target=p, before={"weights": before},
               after={"weights": p.weights}, role=Role.REFORM_OFFICER)
        return p
