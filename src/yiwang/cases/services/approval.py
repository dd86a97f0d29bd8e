"""Approval by tier (forward, send back, approve, deny), special procedures (suspend/resume) and extension."""
from __future__ import annotations

from datetime import date

from django.db import transaction

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.services import record

from .. import conf
from . import credit_gate
from ..domain import lifecycle as lc
from ..domain.ledger import LedgerError
from ..models import Case, CaseMaterial, CaseStep, Hearing, PostCheck, Suspension
from .hearings import hearing_for_decision
from .common import (
    Forbidden, calendar, case_roles, check, commit, ledger_for, lock, refresh_deadline, require_text, snapshot,
    tell_applicant, today_or,
)


def check_step_holder(case: Case, actor) -> str:
    """The current step's name, after checking that `actor` may take it: the acceptor's and the window officer's
    steps belong to whoever accepted the case; in multi-step tiers no one takes two steps of one case."""
    step = lc.steps_of(case.tier)[case.step_index]
    if step in ("officer", "acceptor") and case.accepted_by_id and case.accepted_by_id != actor.pk:
        raise Forbidden(f"“{lc.STEP_LABELS[step]}”环节须由受理人办理",
                        extra={"state": case.state, "allowed_actions": []})
    taken = list(case.steps.values_list("step", "actor_id"))
    if lc.has_acceptor(case.tier) and case.accepted_by_id:
        taken.append(("acceptor", case.accepted_by_id))
    try:
        lc.check_separation(case.tier, step, actor.pk, taken)
    except lc.IllegalTransition as exc:
        raise Forbidden(exc.message, extra={"state": case.state, "allowed_actions": []}) from None
    return step


def _step(case, actor, expected_version, action: lc.Action, opinion: str, today: date | None):
    """Lock, check the table and the step holder; returns (case, before, step, today, new state)."""
    today = today_or(today)
    case = lock(case, expected_version)
    before = snapshot(case)
    new_state = check(case, action, case_roles(case, actor))
    step = check_step_holder(case, actor)
    CaseStep.objects.create(case=case, step=step, step_index=case.step_index, actor=actor, action=action.value,
                            opinion=opinion)
    return case, before, step, today, new_state


def forward(case, *, actor, expected_version: int, opinion: str = "", today: date | None = None) -> Case:
    with transaction.atomic():
        case, before, step, today, _ = _step(case, actor, expected_version, lc.Action.FORWARD, opinion, today)
        case.step_index += 1
        return commit(case, action=lc.Action.FORWARD, actor=actor, role=lc.STEP_ROLE[step], on=today, before=before,
                      note=opinion, data={"step": step, "next": lc.steps_of(case.tier)[case.step_index]})


def send_back(case, *, actor, expected_version: int, reason: str, today: date | None = None) -> Case:
    reason = require_text(reason, "reason", "退回须说明理由")
    with transaction.atomic():
        case, before, step, today, _ = _step(case, actor, expected_version, lc.Action.SEND_BACK, reason, today)
        case.step_index -= 1
        return commit(case, action=lc.Action.SEND_BACK, actor=actor, role=lc.STEP_ROLE[step], on=today,
                      before=before, note=reason, data={"step": step, "back_to": lc.steps_of(case.tier)[case.step_index]})


def stop_clock(case: Case, on: date) -> None:
    """Stop the ledger (closing an open suspension) when a case ends."""
    if case.accepted_on is None or case.stopped_on is not None:
        return
    on = max(on, case.accepted_on)
    case.suspensions.filter(resumed_on__isnull=True).update(resumed_on=on)
    case.stopped_on = on
    refresh_deadline(case, at=on)


def _decided(case: Case, actor, today: date) -> None:
    stop_clock(case, today)
    case.decided_on, case.decided_by = today, actor
    set_due_dates(case, calendar())


def set_due_dates(case: Case, cal) -> bool:
    """The due dates that follow the decision, each marked provisional when it runs into an unannounced year:
    delivery (art. 44) and the 告知承诺 post-check (decision 0003: N working days after the decision). Before the
    decision the post-check counts from the deadline. Returns whether anything changed (saved by the caller,
    except the post-check row, saved here)."""
    changed = False
    if case.decided_on:
        due = cal.add_working_days_answer(case.decided_on, conf.delivery_days())
        if (case.delivery_due, case.delivery_due_provisional) != (due.value, due.provisional):
            case.delivery_due, case.delivery_due_provisional = due.value, due.provisional
            changed = True
    if case.deferral_due and case.accepted_on:
        provisional = cal.provisional_between(case.accepted_on, case.deferral_due)
        if provisional != case.deferral_due_provisional:
            case.deferral_due_provisional, changed = provisional, True
    pc = PostCheck.objects.filter(case=case, status=PostCheck.Status.PENDING).first()
    start = case.decided_on or case.deadline
    if pc is not None and start:
        due = cal.add_working_days_answer(start, conf.post_check_days())
        if (pc.due_on, pc.due_provisional) != (due.value, due.provisional):
            pc.due_on, pc.due_provisional = due.value, due.provisional
            pc.save(update_fields=["due_on", "due_provisional"])
            changed = True
    return changed


def _hearing_basis(hearing) -> dict:
    """Art. 48 (2): a decision after a hearing is based on its record; the decision event names it."""
    if hearing is None:
        return {}
    return {"hearing": hearing.pk, "hearing_record_on": hearing.held_on}


def approve(case, *, actor, expected_version: int, opinion: str = "", today: date | None = None) -> Case:
    """准予许可: refused while any 容缺 material is still outstanding."""
    with transaction.atomic():
        case, before, step, today, new_state = _step(case, actor, expected_version, lc.Action.APPROVE, opinion, today)
        outstanding = list(case.materials.filter(status=CaseMaterial.Status.DEFERRED)
                           .values_list("material__name", flat=True))
        if outstanding:
            raise Conflict("容缺材料尚未补齐（" + "、".join(outstanding) + "），不能作出准予许可决定",
                           extra={"state": case.state, "allowed_actions": ["deny", "supply_deferred"]})
        hearing = hearing_for_decision(case, today)
        case.state = new_state
        _decided(case, actor, today)
        case.outcome_reason = opinion
        commit(case, action=lc.Action.APPROVE, actor=actor, role=lc.STEP_ROLE[step], on=today, before=before,
               note=opinion, data={"step": step, **_hearing_basis(hearing)})
        credit_gate.licensing_decided(case, today)
        tell_applicant(case, "decided", f"准予许可决定：{case.number}",
                       f"您申请的“{case.item_version.name}”已准予许可（{today:%Y年%m月%d日}），"
                       f"将于{case.delivery_due:%Y年%m月%d日}前送达。")
        return case


def deny(case, *, actor, expected_version: int, reason: str, legal_basis: str, remedy: str = "",
         today: date | None = None) -> Case:
    """不予许可: with the reasons, the legal basis and the applicant's rights to administrative reconsideration
    and litigation (the item's remedy text when none is given)."""
    reason = require_text(reason, "reason", "不予许可须说明理由")
    legal_basis = require_text(legal_basis, "legal_basis", "不予许可须写明法律依据")
    with transaction.atomic():
        case, before, step, today, new_state = _step(case, actor, expected_version, lc.Action.DENY, reason, today)
        remedy = (remedy or "").strip() or (case.item_version.remedy or "").strip()
        if "行政复议" not in remedy or "行政诉讼" not in remedy:
            raise DomainError("不予许可须告知申请人依法申请行政复议或者提起行政诉讼的权利", field="remedy")
        hearing = hearing_for_decision(case, today)
        case.state = new_state
        _decided(case, actor, today)
        case.outcome_reason, case.outcome_basis, case.remedy_notice = reason, legal_basis, remedy
        commit(case, action=lc.Action.DENY, actor=actor, role=lc.STEP_ROLE[step], on=today, before=before,
               note=reason, data={"step": step, "legal_basis": legal_basis, "remedy": remedy,
                                  **_hearing_basis(hearing)})
        tell_applicant(case, "decided", f"不予许可决定：{case.number}",
                       f"您申请的“{case.item_version.name}”不予许可。理由：{reason}。依据：{legal_basis}。{remedy}")
        return case


def suspend(case, *, actor, expected_version: int, kind: str, reason: str, expected_days: int,
            today: date | None = None) -> Suspension:
    """特别程序: the clock stops; the applicant is told the reason and the expected duration."""
    today = today_or(today)
    if kind not in Suspension.Kind.values:
        raise DomainError("请选择特别程序的种类", field="kind")
    if kind == Suspension.Kind.HEARING:
        raise DomainError("听证须按听证程序办理（告知听证权利或公告听证），听证期间自动暂停计时", field="kind")
    if kind not in conf.special_procedures():
        raise DomainError(f"“{Suspension.Kind(kind).label}”不属于《行政许可法》第四十五条规定的不计入期限的程序，"
                          "本地也未规定其暂停计时", field="kind")
    reason = require_text(reason, "reason", "启动特别程序须说明理由")
    if not isinstance(expected_days, int) or expected_days < 1:
        raise DomainError("请填写特别程序预计所需的工作日数", field="expected_days")
    with transaction.atomic():
        case = lock(case, expected_version)
        before = snapshot(case)
        roles = case_roles(case, actor)
        case.state = check(case, lc.Action.SUSPEND, roles)
        try:
            ledger_for(case).suspend(today, reason)
        except LedgerError as exc:
            raise Conflict(str(exc), extra={"state": before["state"], "allowed_actions": []}) from None
        s = Suspension.objects.create(case=case, kind=kind, reason=reason, expected_days=expected_days,
                                      started_on=today, started_by=actor)
        refresh_deadline(case, at=today)
        label = Suspension.Kind(kind).label
        commit(case, action=lc.Action.SUSPEND, actor=actor, role=_dept_role(roles), on=today, before=before,
               note=reason, data={"kind": kind, "expected_days": expected_days})
        tell_applicant(case, "suspended", f"特别程序告知：{case.number}",
                       f"您的办件因{label}（{reason}）进入特别程序，预计需要{expected_days}个工作日，"
                       "所需时间不计入办理时限。")
        return s


def resume(case, *, actor, expected_version: int, today: date | None = None) -> Case:
    today = today_or(today)
    with transaction.atomic():
        case = lock(case, expected_version)
        before = snapshot(case)
        roles = case_roles(case, actor)
        case.state = check(case, lc.Action.RESUME, roles)
        s = case.suspensions.filter(resumed_on__isnull=True).order_by("-started_on").first()
        if s is not None and Hearing.objects.filter(suspension=s).exists():
            raise Conflict("听证程序须由主持人制作并经签字确认听证笔录后结束（听证笔录）",
                           extra={"state": case.state, "allowed_actions": []})
        try:
            ledger_for(case).resume(today)
        except LedgerError as exc:
            raise Conflict(str(exc), extra={"state": before["state"], "allowed_actions": []}) from None
        s.resumed_on, s.resumed_by = today, actor
        s.save(update_fields=["resumed_on", "resumed_by"])
        refresh_deadline(case, at=today)
        commit(case, action=lc.Action.RESUME, actor=actor, role=_dept_role(roles), on=today, before=before,
               data={"suspended_on": s.started_on, "deadline": case.deadline})
        tell_applicant(case, "resumed", f"特别程序结束：{case.number}",
                       f"特别程序已结束，恢复计时，办结期限为{case.deadline:%Y年%m月%d日}。")
        return case


def extend(case, *, actor, expected_version: int, days: int, reason: str, government_approval: str = "",
           today: date | None = None) -> Case:
    """延期: once per case, with a reason told to the applicant, only while the limit has not yet run out, recorded by
    a unit leader. Art. 42 (1): at most YIWANG_CASES_MAX_EXTENSION_DAYS (10) with the approval of the organ's head.
    Art. 42 (2), unified/joint/centralised handling: at most YIWANG_CASES_JOINT_MAX_EXTENSION_DAYS (15) with the
    approval of the head of the people's government at this level (`government_approval`: who approved, reference)."""
    today = today_or(today)
    reason = require_text(reason, "reason", "延期须说明理由")
    government_approval = (government_approval or "").strip()
    with transaction.atomic():
        case = lock(case, expected_version)
        check(case, lc.Action.EXTEND, case_roles(case, actor))
        return _extend_locked(case, actor=actor, days=days, reason=reason, government_approval=government_approval,
                              today=today)


def _extend_locked(case, *, actor, days, reason: str, government_approval: str, today: date, notify: bool = True):
    before = snapshot(case)
    if case.extension_days:
        raise Conflict(f"办件{case.number}已延期，每个办件只能延期一次", extra={"state": case.state, "allowed_actions": []})
    lg = ledger_for(case)
    if case.deadline and today > case.deadline:
        raise Conflict(f"办件{case.number}的办理期限已届满，不能再延期", extra={"state": case.state, "allowed_actions": []})
    if case.joint_handling and not government_approval:
        raise DomainError("统一、联合或集中办理的事项延期，须经本级人民政府负责人批准（填写批准人及文号）",
                          field="government_approval")
    try:
        lg.extend(int(days), max_days=conf.joint_max_extension_days() if case.joint_handling
                  else conf.max_extension_days())
    except (LedgerError, TypeError, ValueError) as exc:
        raise DomainError(str(exc) if isinstance(exc, LedgerError) else "延期天数应为整数", field="days") from None
    case.extension_days, case.extension_reason = lg.extension_days, reason
    case.extension_approval = government_approval[:300] if case.joint_handling else ""
    refresh_deadline(case, at=today)
    commit(case, action=lc.Action.EXTEND, actor=actor, role=lc.UNIT_LEADER, on=today, before=before, note=reason,
           data={"days": case.extension_days, "deadline": case.deadline, "joint": case.joint_handling,
                 "government_approval": case.extension_approval})
    if notify:
        approver = f"经本级人民政府负责人批准（{case.extension_approval}）" if case.joint_handling else "经单位负责人批准"
        tell_applicant(case, "extended", f"延期告知：{case.number}",
                       f"{approver}，您的办件延期{case.extension_days}个工作日，理由：{reason}。"
                       f"新的办结期限为{case.deadline:%Y年%m月%d日}。")
    return case


def extend_bundle(bundle_case, *, actor, expected_version: int, days: int, reason: str, government_approval: str,
                  today: date | None = None):
    """Art. 42 (2) for a 一件事 handled jointly: one approval of the head of the people's government extends every
    child case still running by the same days, all or none, recorded by a unit leader of one of the departments
    handling it; the applicant is told once."""
    from yiwang.org.models import Role, StaffRole

    from ..models import BundleCase

    today = today_or(today)
    reason = require_text(reason, "reason", "延期须说明理由")
    government_approval = require_text(government_approval, "government_approval",
                                       "联合办理的“一件事”延期，须经本级人民政府负责人批准（填写批准人及文号）")
    with transaction.atomic():
        bc = BundleCase.objects.select_for_update().select_related("bundle").get(
            pk=getattr(bundle_case, "pk", bundle_case))
        if bc.version != int(expected_version):
            raise Conflict("“一件事”申请已被他人更新，请刷新后重试", code="stale_version",
                           extra={"state": bc.status, "version": bc.version, "allowed_actions": []})
        if not bc.bundle.joint_handling:
            raise DomainError("该“一件事”不是统一、联合或集中办理，各事项按本身时限分别延期", field="bundle")
        children = [lock(pk, None) for pk in bc.children.order_by("pk").values_list("pk", flat=True)]
        running = [c for c in children if lc.State(c.state) in lc.CLOCK_RUNNING and c.accepted_on]
        if not running:
            raise Conflict("“一件事”没有正在计时的事项，无需延期", extra={"state": bc.status, "allowed_actions": []})
        departments = {c.department_id for c in children}
        if not StaffRole.objects.filter(user=actor, role=Role.UNIT_LEADER, department_id__in=departments).exists():
            raise Forbidden("联合办理的延期须由参与办理部门的单位负责人登记")
        extended = [_extend_locked(c, actor=actor, days=days, reason=reason, government_approval=government_approval,
                                   today=today, notify=False) for c in running]
        bc.version += 1
        bc.save(update_fields=["version"])
        record(actor=actor, action="case.bundle.extend", target=bc, role=lc.UNIT_LEADER,
               data={"days": int(days), "reason": reason, "government_approval": government_approval,
                     "cases": {c.number: c.deadline for c in extended}})
        lines = "；".join(f"{c.item_version.name}至{c.deadline:%Y年%m月%d日}" for c in extended)
        tell_applicant(extended[0], "extended", f"“{bc.bundle.name}”延期告知",
                       f"经本级人民政府负责人批准（{government_approval}），您申请的“{bc.bundle.name}”各事项延期"
                       f"{int(days)}个工作日，理由：{reason}。新的办结期限：{lines}。")
        return bc


def _dept_role(roles: set[str]) -> str:
    for r in (lc.UNIT_LEADER, lc.SECTION_HEAD, lc.REVIEWER):
        if r in roles:
            return r
    return ""
