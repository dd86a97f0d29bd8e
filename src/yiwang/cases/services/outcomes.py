"""Withdrawal, termination, 容缺 supply and lapse, delivery, 告知承诺 post-checks and credit repair."""
from __future__ import annotations

from datetime import date

from django.db import transaction

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.services import record
from yiwang.org.models import Applicant, Role

from ..domain import lifecycle as lc
from ..models import Case, CaseMaterial, DeliveryMethod, PostCheck
from . import credit_gate
from .approval import stop_clock
from .common import (
    Forbidden, case_roles, check, commit, holds, lock, require_text, snapshot, tell_applicant, today_or,
)
from .files import store_blob
from ..signals import decision_revoked

Status = CaseMaterial.Status


def withdraw(case, *, actor, expected_version: int, reason: str = "", today: date | None = None) -> Case:
    """撤回: by the applicant (or their agent), before a decision."""
    today = today_or(today)
    with transaction.atomic():
        case = lock(case, expected_version)
        before = snapshot(case)
        case.state = check(case, lc.Action.WITHDRAW, case_roles(case, actor))
        stop_clock(case, today)
        case.outcome_reason = (reason or "").strip()
        commit(case, action=lc.Action.WITHDRAW, actor=actor, role=lc.APPLICANT, on=today, before=before,
               note=case.outcome_reason)
        tell_applicant(case, "withdrawn", "撤回申请确认", f"您已撤回“{case.item_version.name}”的申请。")
        return case


def _terminate(case: Case, *, actor, roles: set[str], reason: str, today: date, role: str) -> Case:
    before = snapshot(case)
    case.state = check(case, lc.Action.TERMINATE, roles)
    stop_clock(case, today)
    case.outcome_reason = reason
    case.decided_on, case.decided_by = today, actor if getattr(actor, "pk", None) else None
    commit(case, action=lc.Action.TERMINATE, actor=actor, role=role, on=today, before=before, note=reason)
    tell_applicant(case, "terminated", f"终止办理告知：{case.number or '办件'}",
                   f"您申请的“{case.item_version.name}”已终止办理。理由：{reason}。")
    return case


def terminate(case, *, actor, expected_version: int, reason: str, today: date | None = None) -> Case:
    """终止: by the department (section head or unit leader), with a reason told to the applicant."""
    today = today_or(today)
    reason = require_text(reason, "reason", "终止办理须说明理由")
    with transaction.atomic():
        case = lock(case, expected_version)
        roles = case_roles(case, actor)
        return _terminate(case, actor=actor, roles=roles, reason=reason, today=today,
                          role=lc.UNIT_LEADER if lc.UNIT_LEADER in roles else lc.SECTION_HEAD)


def supply_deferred(case, *, actor, expected_version: int, files: dict, today: date | None = None) -> Case:
    """补交容缺材料."""
    today = today_or(today)
    if not files:
        raise DomainError("请上传需补交的容缺材料", field="files")
    with transaction.atomic():
        case = lock(case, expected_version)
        before = snapshot(case)
        roles = case_roles(case, actor)
        check(case, lc.Action.SUPPLY_DEFERRED, roles)
        rows = {cm.material_id: cm for cm in case.materials.filter(status=Status.DEFERRED).select_related("material")}
        for key, upload in files.items():
            cm = rows.get(int(key))
            if cm is None:
                raise DomainError(f"材料{key}不是待补交的容缺材料", field="files")
            cm.blob = store_blob(upload, field=f"files.{key}")
            cm.status, cm.supplied_on, cm.problem = Status.PROVIDED, today, ""
            cm.file_name = str(getattr(upload, "name", "") or (upload[0] if isinstance(upload, tuple) else ""))[:200]
            cm.save()
        left = [cm.material.name for k, cm in rows.items() if k not in set(map(int, files))]
        return commit(case, action=lc.Action.SUPPLY_DEFERRED, actor=actor,
                      role=lc.APPLICANT if lc.APPLICANT in roles else lc.CLERK, on=today, before=before,
                      data={"materials": sorted(map(int, files)), "outstanding": left})


def apply_deferral_lapses(today: date | None = None) -> list[Case]:
    """容缺 materials not supplied by the agreed date: the case is terminated, and the applicant told."""
    today = today_or(today)
    done = []
    due = (Case.objects.filter(state__in=[s.value for s in lc.CLOCK_RUNNING], deferral_due__lt=today,
                               materials__status=Status.DEFERRED).values_list("pk", flat=True).distinct())
    for pk in list(due):
        with transaction.atomic():
            case = lock(pk, None)
            names = list(case.materials.filter(status=Status.DEFERRED).values_list("material__name", flat=True))
            if case.state not in lc.CLOCK_RUNNING or not names or not case.deferral_due or case.deferral_due >= today:
                continue
            reason = (f"容缺受理约定的材料（{'、'.join(names)}）未在{case.deferral_due:%Y年%m月%d日}前补交")
            done.append(_terminate(case, actor=None, roles={lc.SYSTEM}, reason=reason, today=today, role=lc.SYSTEM))
    return done


def deliver(case, *, actor, expected_version: int, method: str, tracking_number: str = "", address: str = "",
            today: date | None = None) -> Case:
    """出件: window pickup, free mail (tracking number and address) or electronic. A bundle's child cases are
    delivered once, with the bundle (services.bundles.deliver_bundle)."""
    today = today_or(today)
    with transaction.atomic():
        case = lock(case, expected_version)
        if case.bundle_case_id:
            raise Conflict("“一件事”统一出件，请在一件事申请上办理出件",
                           extra={"state": case.state, "allowed_actions": []})
        return deliver_locked(case, actor=actor, roles=case_roles(case, actor), method=method,
                              tracking_number=tracking_number, address=address, today=today)


def check_delivery(method: str, tracking_number: str, address: str) -> tuple[str, str]:
    if method not in DeliveryMethod.values:
        raise DomainError("请选择出件方式（窗口领取、免费邮寄或电子送达）", field="method")
    tracking_number, address = (tracking_number or "").strip(), (address or "").strip()
    if method == DeliveryMethod.MAIL:
        require_text(tracking_number, "tracking_number", "免费邮寄须填写邮寄单号")
        require_text(address, "address", "免费邮寄须填写邮寄地址")
    return tracking_number, address


def deliver_locked(case: Case, *, actor, roles, method, tracking_number, address, today, notify=True) -> Case:
    tracking_number, address = check_delivery(method, tracking_number, address)
    before = snapshot(case)
    case.state = check(case, lc.Action.DELIVER, roles)
    case.delivered_on, case.delivery_method = today, method
    case.tracking_number, case.delivery_address = tracking_number, address
    commit(case, action=lc.Action.DELIVER, actor=actor, role=lc.CLERK, on=today, before=before,
           data={"method": method, "tracking_number": tracking_number,
                 "late": bool(case.delivery_due and today > case.delivery_due)})
    if notify:
        tell_applicant(case, "delivered", f"出件通知：{case.number}", _delivery_text(method, tracking_number))
    return case


def _delivery_text(method, tracking_number) -> str:
    return {"window": "办理结果已可在窗口领取。", "mail": f"办理结果已免费邮寄，邮寄单号{tracking_number}。",
            "electronic": "办理结果已电子送达，请登录查看。"}[method]


def record_post_check(case, *, actor, expected_version: int, truthful: bool, finding: str,
                      today: date | None = None) -> PostCheck:
    """告知承诺 post-check. A false commitment revokes the decision (or ends an undecided case) and records the
    breach on the applicant, which bars 告知承诺 and 容缺 until `repair_credit`."""
    today = today_or(today)
    finding = require_text(finding, "finding", "请填写核查情况")
    with transaction.atomic():
        case = lock(case, expected_version)
        roles = case_roles(case, actor)
        if not roles & lc.DEPARTMENT:
            raise Forbidden("只有实施部门的工作人员可以核查告知承诺")
        pc = PostCheck.objects.select_for_update().filter(case=case).first()
        if pc is None or pc.status != PostCheck.Status.PENDING:
            raise Conflict("本办件没有待核查的告知承诺", extra={"state": case.state, "allowed_actions": []})
        pc.status = PostCheck.Status.TRUE if truthful else PostCheck.Status.FALSE
        pc.checked_on, pc.checked_by, pc.finding = today, actor, finding
        pc.save()
        role = next(r for r in (lc.UNIT_LEADER, lc.SECTION_HEAD, lc.REVIEWER) if r in roles)
        credit_gate.commitment_checked(case, truthful=truthful, finding=finding, on=today, actor=actor)
        if truthful:
            return _post_checked(case, actor, role, today, pc)
        applicant = Applicant.objects.get(pk=case.applicant_id)
        record(actor=actor, action="applicant.commitment_breach", target=applicant,
               before={"commitment_breached": False}, after={"commitment_breached": True}, role=role,
               data={"case": case.number, "finding": finding})
        approved = case.events.filter(action=lc.Action.APPROVE).exists()
        if case.state in (lc.State.APPROVED, lc.State.DELIVERED) and approved:
            before = snapshot(case)
            case.state = check(case, lc.Action.REVOKE, roles)
            commit(case, action=lc.Action.REVOKE, actor=actor, role=role, on=today, before=before, note=finding)
            decision_revoked.send(sender=Case, case=case, actor=actor,
                                  reason=f"原准予许可决定因告知承诺不实被撤销：{finding}")
            tell_applicant(case, "revoked", f"撤销决定告知：{case.number}",
                           f"经核查，您作出的告知承诺与实际情况不符（{finding}），原准予许可决定予以撤销，"
                           "并记入信用记录；信用修复前不适用告知承诺和容缺受理。")
        elif case.state in lc.OPEN:
            _terminate(case, actor=actor, roles={lc.SYSTEM}, today=today, role=role,
                       reason=f"经核查，告知承诺与实际情况不符：{finding}")
        else:
            _post_checked(case, actor, role, today, pc)
        return pc


def _post_checked(case, actor, role, today, pc) -> PostCheck:
    before = snapshot(case)
    commit(case, action="post_check", actor=actor, role=role, on=today, before=before, note=pc.finding,
           data={"result": pc.status})
    return pc


def repair_credit(applicant: Applicant, *, actor, note: str) -> Applicant:
    """信用修复: clears an earlier false commitment (by the credit office or a supervisor; never the system
    administrator, who runs accounts and configuration only — 三员分立), audited."""
    note = require_text(note, "note", "请填写信用修复的依据")
    if not (holds(actor, Role.CREDIT_OFFICER) or holds(actor, Role.SUPERVISOR) or getattr(actor, "is_superuser", False)):
        raise Forbidden("只有信用管理人员或效能监察人员可以办理信用修复")
    with transaction.atomic():
        applicant = Applicant.objects.select_for_update().get(pk=applicant.pk)
        if not applicant.commitment_breached:
            raise Conflict("该申请人没有虚假承诺记录，无需修复", extra={"state": "clean", "allowed_actions": []})
        before = {"commitment_breached": True, "note": applicant.commitment_breach_note}
        credit_gate.breaches_repaired(applicant, actor=actor, note=note)
        applicant.refresh_from_db()
        record(actor=actor, action="applicant.credit_repair", target=applicant, before=before,
               after={"commitment_breached": False}, role=Role.CREDIT_OFFICER if holds(actor, Role.CREDIT_OFFICER) else Role.SUPERVISOR,
               data={"note": note})
        return applicant
