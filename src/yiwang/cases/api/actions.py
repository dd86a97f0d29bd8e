"""One POST endpoint per case action, each calling exactly one service function."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from yiwang.cases import services

from ..domain import lifecycle as lc
from ..workbench.licensing import approve_case
from . import serializers as s
from .http import paired_files


@dataclass(frozen=True)
class ActionSpec:
    name: str
    label: str
    input: type[s.CaseActionInput]
    call: Callable  # (case, actor, expected_version, validated data) -> anything
    multipart: bool = False
    description: str = ""


def _files(d):
    return paired_files(d)


SPECS = [
    ActionSpec("accept", "受理", s.CaseAcceptInput,
               lambda c, u, v, d: services.accept(c, actor=u, expected_version=v, deferral_due=d.get("deferral_due")),
               description="窗口受理人员受理；仅缺容缺材料时可约定补交期限容缺受理。"),
    ActionSpec("deem_accept", "记录视为受理", s.CaseEmptyActionInput,
               lambda c, u, v, d: services.record_deemed_acceptance(c, actor=u, expected_version=v),
               description="收到申请材料超过五个工作日未受理、不予受理或告知补正的，依《行政许可法》第三十二条自收到之日起"
                           "视为受理：窗口人员在夜间任务之前即可记录，不能再受理、不予受理或告知补正。"),
    ActionSpec("refuse", "不予受理", s.CaseRefuseInput,
               lambda c, u, v, d: services.refuse(c, actor=u, expected_version=v, reason=d["reason"],
                                                  legal_basis=d["legal_basis"])),
    ActionSpec("notify_supplement", "一次性告知补正", s.CaseNotifySupplementInput,
               lambda c, u, v, d: services.notify_supplement(
                   c, actor=u, expected_version=v,
                   defective={row["material"]: row["problem"] for row in d.get("defective", [])}),
               description="一次性列出全部未提交和需补正的材料。"),
    ActionSpec("supplement", "补正材料", s.CaseSupplementInput,
               lambda c, u, v, d: services.supplement(c, actor=u, expected_version=v, files=_files(d),
                                                      commitments=d.get("commitments", []),
                                                      commitment_signed=d.get("commitment_signed", False)),
               multipart=True, description="申请人（或窗口代办）一次性补齐补正告知所列全部材料。"),
    ActionSpec("forward", "提交下一环节", s.CaseOpinionInput,
               lambda c, u, v, d: services.forward(c, actor=u, expected_version=v, opinion=d.get("opinion", ""))),
    ActionSpec("send_back", "退回上一环节", s.CaseReasonInput,
               lambda c, u, v, d: services.send_back(c, actor=u, expected_version=v, reason=d["reason"])),
    ActionSpec("approve", "准予许可", s.CaseApproveInput,
               lambda c, u, v, d: approve_case(c, actor=u, expected_version=v, opinion=d.get("opinion", ""),
                                               scope=d.get("scope", ""), valid_until=d.get("valid_until"),
                                               long_term=d.get("long_term", False)),
               description="与办件页面同一决定路径：行政许可事项准予许可时同时签发电子证照（同一事务），"
                           "只有实施部门的有权人员可以决定。"),
    ActionSpec("deny", "不予许可", s.CaseDenyInput,
               lambda c, u, v, d: services.deny(c, actor=u, expected_version=v, reason=d["reason"],
                                                legal_basis=d["legal_basis"], remedy=d.get("remedy", ""))),
    ActionSpec("suspend", "启动特别程序", s.CaseSuspendInput,
               lambda c, u, v, d: services.suspend(c, actor=u, expected_version=v, kind=d["kind"], reason=d["reason"],
                                                   expected_days=d["expected_days"])),
    ActionSpec("resume", "恢复计时", s.CaseEmptyActionInput,
               lambda c, u, v, d: services.resume(c, actor=u, expected_version=v)),
    ActionSpec("extend", "延期", s.CaseExtendInput,
               lambda c, u, v, d: services.extend(c, actor=u, expected_version=v, days=d["days"], reason=d["reason"]),
               description="经单位负责人批准延期一次。"),
    ActionSpec("supply_deferred", "补交容缺材料", s.CaseSupplyDeferredInput,
               lambda c, u, v, d: services.supply_deferred(c, actor=u, expected_version=v, files=_files(d)),
               multipart=True),
    ActionSpec("withdraw", "撤回申请", s.CaseOptionalReasonInput,
               lambda c, u, v, d: services.withdraw(c, actor=u, expected_version=v, reason=d.get("reason", ""))),
    ActionSpec("terminate", "终止办理", s.CaseReasonInput,
               lambda c, u, v, d: services.terminate(c, actor=u, expected_version=v, reason=d["reason"])),
    ActionSpec("deliver", "出件", s.CaseDeliverInput,
               lambda c, u, v, d: services.deliver(c, actor=u, expected_version=v, method=d["method"],
                                                   tracking_number=d.get("tracking_number", ""),
                                                   address=d.get("address", "")),
               description="单个办件出件；“一件事”的办件在一件事申请上统一出件。"),
    ActionSpec("post_check", "告知承诺核查", s.CasePostCheckInput,
               lambda c, u, v, d: services.record_post_check(c, actor=u, expected_version=v, truthful=d["truthful"],
                                                             finding=d["finding"]),
               description="实施部门核查告知承诺；承诺不实的撤销决定或终止办理，并记入申请人信用。"),
]

assert {sp.name for sp in SPECS} >= {a.value for a in lc.Action} - {"revoke"}
