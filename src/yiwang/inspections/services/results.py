"""Results (谁检查、谁录入), publication (谁检查、谁公开) with the credit records it writes, follow-up, 首违不罚 lists
and discretion benchmarks with the proposal made when a violation is recorded."""
from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from yiwang.credit import access as credit_access

from .. import access, conf, queries
from ..domain import leniency as lv
from ..models import (PROBLEM_OUTCOMES, Benchmark, Item, LeniencyEntry, OtherObject, Outcome, Result, Sampled,
                      Task, Violation)
from .common import Conflict, DomainError, audit, calendar, check_version, require_manager, text, today_or

CIRCUMSTANCES = ("轻微", "一般", "严重")
SEVERITY_OF = {"轻微": "minor", "一般": "general", "严重": "serious"}
EVIDENCE_TYPES = {".pdf": b"%PDF", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG"}


def _assignment_of(actor, s: Sampled, item: Item):
    inspector = getattr(actor, "inspector", None) if getattr(actor, "pk", None) else None
    a = None
    if inspector is not None:
        a = queries.active_assignments(s).filter(inspector=inspector).first()
    if a is None:
        raise DomainError("只有抽中并实施检查的执法人员可以录入检查结果（谁检查、谁录入）", field="item",
                          code="forbidden")
    if s.task.is_joint and a.department_id != item.department_id:
        raise DomainError(f"“{item.name}”由{item.department.name}的检查人员录入", field="item", code="forbidden")
    return a


def _evidence(evidence):
    if not evidence:
        return None
    name, data = evidence
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in EVIDENCE_TYPES or not data.startswith(EVIDENCE_TYPES[ext]):
        raise DomainError(f"证据材料“{name}”应为PDF、JPG或PNG文件，且内容与扩展名相符", field="evidence")
    return ContentFile(data, name=name)


@transaction.atomic
def enter_result(*, actor, sampled: Sampled, item: Item, outcome: str, inspected_on: dt.date, detail: str = "",
                 evidence=None, follow_up: str = "", rectify_by: dt.date | None = None, handed_to: str = "",
                 today: dt.date | None = None) -> Result:
    s = Sampled.objects.select_for_update(of=("self",)).select_related("task", "task__plan").get(pk=sampled.pk)
    today = today_or(today)
    if s.task.status != Task.Status.DRAWN:
        raise Conflict("该任务不在检查阶段，不能录入结果", field="item")
    if not s.task.items.filter(pk=item.pk).exists():
        raise DomainError(f"“{item.name}”不是本任务的抽查事项", field="item")
    assignment = _assignment_of(actor, s, item)
    if outcome not in Outcome.values:
        raise DomainError("请选择检查结果", field="outcome")
    if not isinstance(inspected_on, dt.date) or inspected_on > today:
        raise DomainError("检查日期不能晚于今天", field="inspected_on")
    if s.inspected_on and inspected_on != s.inspected_on:
        raise DomainError(f"同一对象一次上门检查，检查日期应为{s.inspected_on:%Y-%m-%d}", field="inspected_on")
    if outcome in PROBLEM_OUTCOMES and not str(detail).strip():
        raise DomainError("发现问题的，请填写情况说明", field="detail")
    if outcome == Outcome.RECTIFIED:
        follow_up = Result.FollowUp.RECTIFY
    if follow_up == Result.FollowUp.RECTIFY and (rectify_by is None or rectify_by <= inspected_on):
        raise DomainError("责令整改须注明晚于检查日期的整改期限", field="rectify_by")
    if follow_up == Result.FollowUp.HAND_OVER and not str(handed_to).strip():
        raise DomainError("移交执法须注明接收单位", field="handed_to")
    if outcome == Outcome.VIOLATION and not follow_up:
        raise DomainError("发现违法违规行为的，请选择责令整改或移交执法", field="follow_up")
    if follow_up not in Result.FollowUp.values:
        raise DomainError("后续处置无效", field="follow_up")
    cal = calendar()
    if not s.inspected_on:
        s.inspected_on = inspected_on
        s.entry_due = cal.add_working_days(inspected_on, conf.entry_days())
        s.publish_due = cal.add_working_days(inspected_on, conf.publish_days())
        s.version += 1
        s.save()
    file = _evidence(evidence)
    try:
        with transaction.atomic():
            r = Result.objects.create(
                sampled=s, item=item, outcome=outcome, detail=str(detail).strip(), entered_by=assignment.inspector,
                entered_at=timezone.now(), late_entry=today > s.entry_due, follow_up=follow_up or "",
                rectify_by=rectify_by if follow_up == Result.FollowUp.RECTIFY else None,
                handed_to=str(handed_to).strip()[:100])
    except IntegrityError:
        raise Conflict(f"“{item.name}”的检查结果已录入", field="item") from None
    if file is not None:
        r.evidence.save(file.name, file, save=True)
    audit(actor=actor, action="inspections.result.enter", target=r,
          after={"object": s.code, "item": item.code, "outcome": outcome, "late": r.late_entry})
    return r


@transaction.atomic
def record_recheck(*, actor, result: Result, recheck_on: dt.date, outcome: str) -> Result:
    r = Result.objects.select_for_update(of=("self",)).select_related("sampled").get(pk=result.pk)
    _assignment_of(actor, r.sampled, r.item)
    if r.follow_up != Result.FollowUp.RECTIFY:
        raise Conflict("该结果没有整改要求，无需复查", field="recheck_on")
    r.recheck_on, r.recheck_outcome = recheck_on, text(outcome, "recheck_outcome", "复查结果", max_length=100)
    r.save(update_fields=["recheck_on", "recheck_outcome"])
    audit(actor=actor, action="inspections.result.recheck", target=r, after={"outcome": r.recheck_outcome})
    return r


def _severity(outcomes: set[str]) -> str:
    if outcomes & {Outcome.VIOLATION, Outcome.UNCOOPERATIVE, Outcome.NOT_FOUND}:
        return "fail"
    if outcomes & PROBLEM_OUTCOMES:
        return "problem"
    return "pass"


@transaction.atomic
def publish(*, actor, task: Task, now: dt.datetime | None = None) -> int:
    """Publish the results of every object whose items are all entered; each becomes one inspection credit record
    per department (the risk class moves with it). The task is published when every object is."""
    task = Task.objects.select_for_update(of=("self",)).select_related("plan", "plan__department").get(pk=task.pk)
    require_manager(actor, task.plan.department_id, "抽查结果")
    if task.status != Task.Status.DRAWN:
        raise Conflict("任务不在检查阶段，不能公示结果", field="task")
    now = now or timezone.now()
    n_items = task.items.count()
    done = 0
    for s in task.sampled.filter(published_at__isnull=True).prefetch_related("results__item__department"):
        results = list(s.results.all())
        if len(results) < n_items:
            continue
        s.published_at = now
        s.version += 1
        s.save(update_fields=["published_at", "version"])
        _credit_records(actor, task, s, results, today=timezone.localdate(now))
        done += 1
    if not task.sampled.filter(published_at__isnull=True).exists():
        task.status = Task.Status.PUBLISHED
        task.published_at = now
        task.version += 1
        task.save(update_fields=["status", "published_at", "version"])
    if not done:
        raise DomainError("没有可公示的对象（各对象须录完全部抽查事项的结果）", field="task")
    audit(actor=actor, action="inspections.results.publish", target=task, after={"published": done})
    return done


def _credit_records(actor, task: Task, s: Sampled, results: list[Result], today: dt.date) -> None:
    from yiwang.credit import services as credit

    code = s.code if s.kind == "enterprise" else ""
    if not code:
        owner = OtherObject.objects.filter(
            code=s.code).values_list("owner_uscc", flat=True).first()
        code = owner or ""
    if not code:
        return
    by_dep: dict = {}
    for r in results:
        by_dep.setdefault(r.item.department, []).append(r)
    for dep, rs in by_dep.items():
        outcomes = {r.outcome for r in rs}
        label = "；".join(f"{r.item.name}：{r.get_outcome_display()}" for r in rs)
        credit.add_record(
            actor=actor if credit_access.may_edit_department(actor, dep.pk) else None, subject_code=code,
            subject_name=s.name, kind="inspection", decided_on=s.inspected_on, department=dep,
            severity=_severity(outcomes), title=f"{task.title}：{label}"[:200],
            decision_number=f"{task.number}-{s.rank:04d}{s.risk_class}", source="inspection", today=today)


# ---- 首违不罚 and discretion benchmarks ----------------------------------------------------------------------------
@transaction.atomic
def save_leniency_entry(*, actor, department, code: str, violation: str, basis: str) -> LeniencyEntry:
    require_manager(actor, department.pk, "首违不罚清单")
    code = text(code, "code", "违法行为编码", max_length=30)
    if LeniencyEntry.objects.filter(department=department, code=code).exists():
        raise DomainError(f"清单中已有编码“{code}”", field="code")
    e = LeniencyEntry.objects.create(department=department, code=code,
                                     violation=text(violation, "violation", "违法行为", max_length=300),
                                     basis=text(basis, "basis", "不予处罚依据", max_length=300))
    audit(actor=actor, action="inspections.leniency.add", target=e, after={"code": code})
    return e


@transaction.atomic
def save_benchmark(*, actor, department, code: str, violation: str, circumstance: str, low: str, high: str,
                   basis: str) -> Benchmark:
    require_manager(actor, department.pk, "裁量基准")
    if circumstance not in CIRCUMSTANCES:
        raise DomainError("违法情节应为轻微、一般或严重", field="circumstance")
    code = text(code, "code", "违法行为编码", max_length=30)
    if Benchmark.objects.filter(department=department, code=code, circumstance=circumstance).exists():
        raise DomainError(f"“{code}”{circumstance}情节的裁量基准已存在", field="circumstance")
    b = Benchmark.objects.create(department=department, code=code, circumstance=circumstance,
                                 violation=text(violation, "violation", "违法行为", max_length=300),
                                 low=text(low, "low", "处罚下限", max_length=100),
                                 high=text(high, "high", "处罚上限", max_length=100),
                                 basis=text(basis, "basis", "处罚依据", max_length=300))
    audit(actor=actor, action="inspections.benchmark.add", target=b, after={"code": code, "circumstance": circumstance})
    return b


def _proposal(department, subject_code: str, code: str, circumstance: str, minor: bool, corrected: bool,
              harmless: bool, today: dt.date, exclude=None) -> tuple[lv.Proposal, int]:
    since = today.replace(year=today.year - conf.leniency_lookback_years())
    prior = Violation.objects.filter(subject_code=subject_code, code=code, recorded_at__date__gte=since)
    if exclude is not None:
        prior = prior.exclude(pk=exclude.pk)
    n = prior.count()
    entries = [lv.ListEntry(e.code, e.violation, e.basis) for e in LeniencyEntry.objects.filter(department=department)]
    benches = [lv.Benchmark(b.code, b.circumstance, b.low, b.high, b.basis)
               for b in Benchmark.objects.filter(department=department)]
    facts = lv.Facts(code=code, circumstance=circumstance, prior_same=n, minor=minor, corrected=corrected,
                     harmless=harmless)
    return lv.propose(facts, entries, benches), n


@transaction.atomic
def record_violation(*, actor, result: Result, code: str, circumstance: str, minor: bool, corrected: bool,
                     harmless: bool, today: dt.date | None = None) -> Violation:
    """Record the violation found and the platform's proposal: 不予处罚 with the list's basis, or the benchmark range."""
    r = Result.objects.select_related("sampled", "sampled__task", "item", "item__department").get(pk=result.pk)
    if r.outcome != Outcome.VIOLATION:
        raise DomainError("只有“发现违法违规行为”的结果才登记违法行为", field="result")
    dep = r.item.department
    if not access.manages(actor, dep.pk):
        _assignment_of(actor, r.sampled, r.item)
    if circumstance not in CIRCUMSTANCES:
        raise DomainError("违法情节应为轻微、一般或严重", field="circumstance")
    code = text(code, "code", "违法行为编码", max_length=30)
    today = today_or(today)
    proposal, prior = _proposal(dep, r.sampled.code, code, circumstance, minor, corrected, harmless, today)
    try:
        with transaction.atomic():
            v = Violation.objects.create(
                result=r, department=dep, subject_code=r.sampled.code, code=code, circumstance=circumstance,
                first_time=prior == 0, minor=minor, corrected=corrected, harmless=harmless, proposal=proposal.kind,
                proposal_basis=proposal.basis[:300], proposal_detail=proposal.reasons +
                ([f"处罚幅度：{proposal.low}至{proposal.high}"] if proposal.low else []))
    except IntegrityError:
        raise Conflict("该检查结果的违法行为已登记", field="result") from None
    audit(actor=actor, action="inspections.violation.record", target=v,
          after={"code": code, "proposal": proposal.kind, "first_time": prior == 0})
    return v


@transaction.atomic
def decide_violation(*, actor, violation: Violation, decision: str, reason: str = "", decision_number: str = "",
                     penalty: str = "", decided_on: dt.date | None = None, expected_version=None,
                     today: dt.date | None = None) -> Violation:
    """The department's decision. Departing from the proposal needs a reason; a penalty becomes a credit record."""
    v = Violation.objects.select_for_update(of=("self",)).select_related(
        "result__sampled", "result__item", "department").get(pk=violation.pk)
    require_manager(actor, v.department_id, "违法行为处理")
    check_version(v, expected_version, "违法行为处理")
    if v.decision:
        raise Conflict("该违法行为已作出决定", field="decision")
    if decision not in Violation.Decision.values:
        raise DomainError("请选择不予处罚或行政处罚", field="decision")
    today = today_or(today)
    decided_on = decided_on or today
    if decided_on > today:
        raise DomainError("决定日期不能晚于今天", field="decided_on")
    departs = ((v.proposal == lv.NO_PENALTY and decision == Violation.Decision.PENALTY)
               or (v.proposal == lv.BENCHMARK and decision == Violation.Decision.NO_PENALTY))
    reason = str(reason or "").strip()
    if departs and not reason:
        raise DomainError(f"决定与平台建议（{lv.PROPOSAL_LABELS[v.proposal]}）不一致，请说明理由",
                          field="reason")
    v.decision, v.override_reason, v.decided_on = decision, reason[:300], decided_on
    if decision == Violation.Decision.PENALTY:
        v.decision_number = text(decision_number, "decision_number", "行政处罚决定书文号", max_length=100)
        v.penalty = text(penalty, "penalty", "处罚内容")
        from yiwang.credit import services as credit

        rec = credit.add_record(
            actor=actor, subject_code=v.subject_code, subject_name=v.result.sampled.name, kind="penalty",
            decided_on=decided_on, department=v.department, severity=SEVERITY_OF[v.circumstance],
            title=v.result.item.name[:200], decision_number=v.decision_number, content=v.penalty,
            legal_basis=v.proposal_basis, source="inspection", today=today)
        v.credit_record_id = rec.pk
    v.version += 1
    v.save()
    audit(actor=actor, action="inspections.violation.decide", target=v,
          after={"decision": decision, "proposal": v.proposal, "override": departs, "reason": reason})
    return v
