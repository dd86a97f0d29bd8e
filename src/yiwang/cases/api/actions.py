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


def _staff(user_id, field: str):
    """A staff user by id (the hearing host), or a field error."""
    from django.contrib.auth import get_user_model

    from yiwang.api.errors import DomainError

    if user_id in (None, ""):
        return None
    User = get_user_model()
    found = User.objects.filter(pk=user_id, kind=User.Kind.STAFF).first()
    if found is None:
        raise DomainError("该工作人员不存在", field=field)
    return found


SPECS = [
    ActionSpec("accept", "受理", s.CaseAcceptInput,
               lambda c, u, v, d: services.accept(c, actor=u, expected_version=v, deferral_due=d.get("deferral_due"),
                                                  commitment_signer=d.get("commitment_signer", "")),
               description="窗口受理人员受理；仅缺容缺材料时可约定补交期限容缺受理，须申请人签署容缺受理承诺书"
                           "（网上签署，或窗口签字板签署并填写 commitment_signer）。"),
    ActionSpec("sign_deferral", "签署容缺受理承诺书", s.CaseSignDeferralInput,
               lambda c, u, v, d: services.sign_deferral_commitment(
                   c, actor=u, expected_version=v, deferral_due=d["deferral_due"],
                   signer_name=d.get("signer_name", "")),
               description="申请人网上签署，或窗口人员记录申请人在签字板上的签署；承诺书列明容缺材料与补交期限。"),
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
               lambda c, u, v, d: services.extend(c, actor=u, expected_version=v, days=d["days"], reason=d["reason"],
                                                  government_approval=d.get("government_approval", "")),
               description="经单位负责人批准延期一次（至多10个工作日）；统一、联合或集中办理的，经本级人民政府负责人批准"
                           "延期至多15个工作日。"),
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

SPECS += [
    ActionSpec("notify_hearing", "告知听证权利", s.CaseNotifyHearingInput,
               lambda c, u, v, d: services.notify_hearing_right(
                   c, actor=u, expected_version=v, matter=d["matter"],
                   interested_parties=d.get("interested_parties", [])),
               description="第四十七条：许可直接涉及申请人与他人之间重大利益的，告知申请人、利害关系人享有要求听证的权利；"
                           "自告知之日起五个工作日内可申请听证。"),
    ActionSpec("request_hearing", "申请听证", s.CaseRequestHearingInput,
               lambda c, u, v, d: services.request_hearing(c, actor=u, expected_version=v,
                                                           requested_by=d.get("requested_by", "")),
               description="申请人（或部门登记的利害关系人）在期限内申请听证；二十个工作日内组织听证，期间暂停计时。"),
    ActionSpec("announce_hearing", "公告听证", s.CaseAnnounceHearingInput,
               lambda c, u, v, d: services.announce_hearing(c, actor=u, expected_version=v, matter=d["matter"],
                                                            expected_days=d["expected_days"]),
               description="第四十六条：涉及公共利益的重大许可事项，向社会公告并举行听证；期间暂停计时。"),
    ActionSpec("schedule_hearing", "通知听证", s.CaseScheduleHearingInput,
               lambda c, u, v, d: services.schedule_hearing(c, actor=u, expected_version=v, on=d["on"],
                                                            place=d["place"], host=_staff(d["host"], "host"),
                                                            public=d.get("public", True)),
               description="第四十八条：举行听证七个工作日前通知当事人时间、地点，公开的向社会公告；主持人为审查该申请的"
                           "工作人员以外的人员。"),
    ActionSpec("request_recusal", "申请回避", s.CaseRequestRecusalInput,
               lambda c, u, v, d: services.request_recusal(c, actor=u, expected_version=v, reason=d["reason"],
                                                           requested_by=d.get("requested_by", ""))),
    ActionSpec("decide_recusal", "回避决定", s.CaseDecideRecusalInput,
               lambda c, u, v, d: services.decide_recusal(c, actor=u, expected_version=v, grant=d["grant"],
                                                          note=d["note"], new_host=_staff(d.get("new_host"), "new_host"))),
    ActionSpec("record_hearing", "听证笔录", s.CaseRecordHearingInput,
               lambda c, u, v, d: services.record_hearing(c, actor=u, expected_version=v, record=d["record"],
                                                          signatories=d["signatories"]),
               description="主持人制作听证笔录，经听证参加人确认签字；恢复计时，行政机关根据听证笔录作出决定。"),
]

assert {sp.name for sp in SPECS} >= {a.value for a in lc.Action} - {"revoke"}
