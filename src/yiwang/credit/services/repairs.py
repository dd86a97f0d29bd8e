"""Credit repair (信用修复): after the minimum publication period the subject applies with proof of correction, a
credit commitment and (where the kind requires) a credit report; the listing department decides within the set
working days. A repaired record stops being published and every measure tied to it ends at once."""
from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction
from django.utils import timezone

from yiwang.org.scoping import scope_of

from .. import access, conf
from ..domain import kinds as k
from ..domain import periods
from ..models import Record, Repair
from .common import Conflict, DomainError, audit, calendar, check_version, today_or
from .records import _close


def may_apply(user, record: Record) -> bool:
    return record.subject.code in access.own_codes(user) or access.is_office(user)


def repair_check(record: Record, today: dt.date) -> str:
    """"" if the record may be repaired now, else the reason (Chinese)."""
    if record.status != Record.Status.ACTIVE:
        return f"该记录已{record.get_status_display()}，无需修复"
    if record.kind not in k.REPAIRABLE_KINDS:
        return f"{record.get_kind_display()}不属于可申请信用修复的信息"
    if record.kind == k.ABNORMAL:
        return "经营异常名录按移出程序办理：履行相关义务后向列入部门申请移出"
    if record.repairable_from is None:
        return "该信息公示期满后自动停止公示，无需申请修复"
    if today < record.repairable_from:
        return (f"最短公示期至{record.repairable_from:%Y年%m月%d日}届满，届满后方可申请信用修复"
                f"（决定日期{record.decided_on:%Y年%m月%d日}）")
    if record.repairs.filter(status=Repair.Status.SUBMITTED).exists():
        return "该记录已有待审核的" + ("移出申请" if record.kind == k.SERIOUS_DISHONESTY else "修复申请")
    if record.kind == k.SERIOUS_DISHONESTY:
        later = heavier_penalty_since(record)
        if later is not None:
            return (f"列入严重失信主体名单后又受到较重行政处罚（{later.decision_number or later.title}，"
                    f"{later.decided_on:%Y年%m月%d日}），不符合提前移出条件，公示期满后自动移出")
    return ""


def heavier_penalty_since(record: Record) -> Record | None:
    """An early removal from the serious-dishonesty list needs no heavier penalty (RuleSet.serious_removal's
    severities) decided after the listing: the first such penalty still in force, or None. Penalties ended or
    corrected (revoked on review) do not count; repaired ones do — they happened."""
    blocking = conf.repair_rules().serious_removal.blocking_severities
    return (Record.objects.filter(subject=record.subject, kind=k.PENALTY, severity__in=blocking,
                                  decided_on__gt=record.decided_on,
                                  status__in=[Record.Status.ACTIVE, Record.Status.REPAIRED, Record.Status.EXPIRED])
            .order_by("decided_on", "pk").first())


def needs_report(record: Record) -> bool:
    return periods.repair_needs_report(conf.repair_rules(), record.kind, record.severity)


@transaction.atomic
def apply_repair(record: Record, *, actor, correction: str, commitment_signed: bool, proof=None,
                 report_number: str = "", today: dt.date | None = None) -> Repair:
    """The subject (or an agent) applies for repair of one record. `proof`: (file name, bytes) or None."""
    today = today_or(today)
    record = Record.objects.select_for_update(of=("self",)).select_related("subject", "department").get(pk=record.pk)
    if not may_apply(actor, record):
        raise DomainError("只能为本主体的信用记录申请修复", code="forbidden")
    reason = repair_check(record, today)
    if reason:
        raise DomainError(reason, field="record")
    if not (correction or "").strip():
        raise DomainError("请说明已纠正失信行为、履行法定义务的情况", field="correction")
    if proof is None and record.kind == k.PENALTY:
        raise DomainError("请上传已履行行政处罚决定（如缴纳罚款）的证明材料", field="proof")
    if not commitment_signed:
        raise DomainError("申请信用修复须签署信用承诺书", field="commitment_signed")
    report_number = (report_number or "").strip()
    if needs_report(record):
        from ..models import Report

        if not report_number:
            raise DomainError("严重失信信息的修复须提交信用报告（可在本平台生成）", field="report_number")
        if not Report.objects.filter(number=report_number, subject=record.subject).exists():
            raise DomainError(f"信用报告“{report_number}”不存在或不属于本主体", field="report_number")
    name, digest = "", ""
    if proof is not None:
        name, data = proof
        digest = hashlib.sha256(data).hexdigest()
    due = calendar().add_working_days(today, conf.repair_decide_days(record.kind))
    repair = Repair.objects.create(record=record, correction=correction.strip(), proof_name=str(name)[:200],
                                   proof_sha256=digest, commitment_signed=True, report_number=report_number,
                                   applied_by=actor, applied_on=today, due_on=due)
    audit(actor=actor, action="credit.repair.apply", target=repair,
          after={"record": record.pk, "due_on": due, "proof_sha256": digest, "report_number": report_number})
    return repair


def may_decide(user, repair: Repair) -> bool:
    record = repair.record
    if access.is_office(user):
        return True
    return record.department_id is not None and access.may_edit_department(user, record.department_id) and \
        scope_of(user).is_staff


@transaction.atomic
def decide_repair(repair: Repair, *, actor, approve: bool, reason: str, expected_version: int | None = None,
                  today: dt.date | None = None) -> Repair:
    """The listing department approves (the record stops being published; its measures end at once) or refuses,
    with reasons either way."""
    today = today_or(today)
    repair = Repair.objects.select_for_update(of=("self",)).select_related("record__subject").get(pk=repair.pk)
    check_version(repair, expected_version, "修复申请")
    if not may_decide(actor, repair):
        raise DomainError("只有认定部门可以决定信用修复", code="forbidden")
    if repair.status != Repair.Status.SUBMITTED:
        raise Conflict(f"该申请已{repair.get_status_display()}")
    if not (reason or "").strip():
        raise DomainError("请写明" + ("准予修复" if approve else "不予修复") + "的理由", field="reason")
    if approve and repair.record.kind == k.SERIOUS_DISHONESTY:
        # verified again at the decision: a heavier penalty may have come in while the application waited
        later = heavier_penalty_since(repair.record)
        if later is not None:
            raise DomainError(f"列入名单后又受到较重行政处罚（{later.decision_number or later.title}），"
                              "不符合提前移出条件，请作不予移出决定", field="approve")
    repair.status = Repair.Status.APPROVED if approve else Repair.Status.REFUSED
    repair.decided_by, repair.decided_on, repair.decision_reason = actor, today, reason.strip()
    repair.version += 1
    repair.save()
    audit(actor=actor, action="credit.repair.approve" if approve else "credit.repair.refuse", target=repair,
          after={"status": repair.status, "reason": reason.strip(), "late": today > repair.due_on})
    if approve:
        record = Record.objects.select_for_update(of=("self",)).select_related("subject").get(pk=repair.record_id)
        label = "提前移出严重失信主体名单" if record.kind == k.SERIOUS_DISHONESTY else "信用修复"
        _close(record, Record.Status.REPAIRED, actor=actor, reason=f"{label}：{reason.strip()}",
               action="credit.record.repair", today=today)
    return repair
