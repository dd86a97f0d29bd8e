"""Inputs of the case actions: one serializer per POST /cases/{id}/actions/{action}/ (re-exported by
.serializers)."""
from __future__ import annotations

from rest_framework import serializers

from .serializers import DeliveryMethodField, SuspensionKindField, _FilesMixin


class CaseActionInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, required=False,
                                       help_text="查看时的办件版本（未使用 If-Match 请求头时必填）")


class CaseAcceptInput(CaseActionInput):
    deferral_due = serializers.DateField(required=False, allow_null=True,
                                         help_text="容缺受理时约定的补交期限（仅缺容缺材料时；晚于受理日期、不晚于承诺办结日期）")
    commitment_signer = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="",
        help_text="容缺受理：在窗口签字板签署容缺受理承诺书的申请人或代理人姓名（申请人已网上签署的可不填）")


class CaseSignDeferralInput(CaseActionInput):
    deferral_due = serializers.DateField(help_text="承诺补交容缺材料的期限")
    signer_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="",
                                        help_text="签署人姓名（窗口签字板签署时必填；网上签署默认为登录人）")


class CaseRefuseInput(CaseActionInput):
    reason = serializers.CharField(max_length=2000, help_text="不予受理理由")
    legal_basis = serializers.CharField(max_length=2000, help_text="法律依据")


class CaseDefectiveMaterialInput(serializers.Serializer):
    material = serializers.IntegerField(min_value=1, help_text="材料ID")
    problem = serializers.CharField(max_length=300, help_text="需要补正的问题")


class CaseNotifySupplementInput(CaseActionInput):
    defective = CaseDefectiveMaterialInput(many=True, required=False, default=list,
                                       help_text="已提交但需补正的材料；未提交的材料自动列入")


class CaseSupplementInput(CaseActionInput, _FilesMixin):
    commitments = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list,
                                        help_text="以告知承诺代替的材料ID")
    commitment_signed = serializers.BooleanField(required=False, default=False,
                                                 help_text="已签署告知承诺书（以承诺代替材料时必须）")


class CaseSupplyDeferredInput(CaseActionInput, _FilesMixin):
    pass


class CaseOpinionInput(CaseActionInput):
    opinion = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="", help_text="意见")


class CaseApproveInput(CaseOpinionInput):
    scope = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="",
                                  help_text="许可范围（电子证照；行政许可事项，默认为事项名称）")
    valid_until = serializers.DateField(required=False, allow_null=True, default=None,
                                        help_text="证照有效期至（默认按设置年限）")
    long_term = serializers.BooleanField(required=False, default=False, help_text="长期有效")


class CaseReasonInput(CaseActionInput):
    reason = serializers.CharField(max_length=2000, help_text="理由")


class CaseOptionalReasonInput(CaseActionInput):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="",
                                   help_text="撤回原因（可选）")


class CaseDenyInput(CaseActionInput):
    reason = serializers.CharField(max_length=4000, help_text="不予许可理由")
    legal_basis = serializers.CharField(max_length=2000, help_text="法律依据")
    remedy = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="",
                                   help_text="救济途径告知（空则用事项指南中的表述）")


class CaseSuspendInput(CaseActionInput):
    kind = SuspensionKindField()
    reason = serializers.CharField(max_length=500)
    expected_days = serializers.IntegerField(min_value=1, max_value=365, help_text="预计所需工作日")


class CaseExtendInput(CaseActionInput):
    days = serializers.IntegerField(min_value=1, help_text="延期工作日数（至多10；统一/联合/集中办理至多15）")
    reason = serializers.CharField(max_length=500)
    government_approval = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="",
        help_text="统一、联合或集中办理的延期：本级人民政府负责人的批准（批准人、文号），此时必填")


class CaseDeliverInput(CaseActionInput):
    method = DeliveryMethodField()
    tracking_number = serializers.CharField(max_length=50, required=False, allow_blank=True, default="",
                                            help_text="邮寄单号（免费邮寄时必填）")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="",
                                    help_text="邮寄地址（免费邮寄时必填）")


class CasePostCheckInput(CaseActionInput):
    truthful = serializers.BooleanField(help_text="承诺属实")
    finding = serializers.CharField(max_length=4000, help_text="核查情况")


class CaseEmptyActionInput(CaseActionInput):
    pass


# ---- 听证 (arts. 46–48) ------------------------------------------------------------------------------------------
class HearingPartyInput(serializers.Serializer):
    name = serializers.CharField(max_length=200, help_text="利害关系人姓名或名称")
    contact = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                    help_text="联系方式")


class CaseNotifyHearingInput(CaseActionInput):
    matter = serializers.CharField(max_length=2000, help_text="听证事项：拟作出的许可及直接涉及的重大利益")
    interested_parties = HearingPartyInput(many=True, required=False, default=list,
                                           help_text="同时告知听证权利的利害关系人")


class CaseRequestHearingInput(CaseActionInput):
    requested_by = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                         help_text="申请听证的利害关系人（部门代为登记时填写；申请人本人申请可不填）")


class CaseAnnounceHearingInput(CaseActionInput):
    matter = serializers.CharField(max_length=2000, help_text="涉及公共利益的听证事项")
    expected_days = serializers.IntegerField(min_value=1, max_value=365, help_text="听证预计所需工作日（告知申请人）")


class CaseScheduleHearingInput(CaseActionInput):
    on = serializers.DateField(help_text="听证日期（至少在通知之日七个工作日后，依申请的在申请之日起二十个工作日内）")
    place = serializers.CharField(max_length=200, help_text="听证地点")
    host = serializers.IntegerField(min_value=1, help_text="听证主持人（用户ID；审查本申请的工作人员以外的人员）")
    public = serializers.BooleanField(required=False, default=True, help_text="公开举行（公开的同时向社会公告）")


class CaseRequestRecusalInput(CaseActionInput):
    reason = serializers.CharField(max_length=500, help_text="认为主持人与该行政许可事项有直接利害关系的理由")
    requested_by = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                         help_text="申请回避的利害关系人（部门代为登记时填写）")


class CaseDecideRecusalInput(CaseActionInput):
    grant = serializers.BooleanField(help_text="准予回避")
    note = serializers.CharField(max_length=500, help_text="回避决定的理由")
    new_host = serializers.IntegerField(min_value=1, required=False, allow_null=True,
                                        help_text="准予回避时另行指定的听证主持人（用户ID）")


class CaseRecordHearingInput(CaseActionInput):
    record = serializers.CharField(max_length=20000, help_text="听证笔录")
    signatories = serializers.ListField(child=serializers.CharField(max_length=100), min_length=1,
                                        help_text="在听证笔录上签字确认的听证参加人")

__all__ = [
    "CaseActionInput", "CaseAcceptInput", "CaseSignDeferralInput", "CaseRefuseInput",
    "CaseDefectiveMaterialInput", "CaseNotifySupplementInput", "CaseSupplementInput", "CaseSupplyDeferredInput",
    "CaseOpinionInput", "CaseApproveInput", "CaseReasonInput", "CaseOptionalReasonInput", "CaseDenyInput", "CaseSuspendInput",
    "CaseExtendInput", "CaseDeliverInput", "CasePostCheckInput", "CaseEmptyActionInput", "HearingPartyInput",
    "CaseNotifyHearingInput", "CaseRequestHearingInput", "CaseAnnounceHearingInput", "CaseScheduleHearingInput",
    "CaseRequestRecusalInput", "CaseDecideRecusalInput", "CaseRecordHearingInput",
]
