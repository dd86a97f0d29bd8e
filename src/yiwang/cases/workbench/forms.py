"""Forms of the workbench: applicant look-up and registration, and one small form per case action. Every action
form carries the case version it was drawn from (optimistic concurrency)."""
from __future__ import annotations

from django import forms

from yiwang.org.models import Applicant

from ..models import DeliveryMethod, Suspension

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # the value an <input type=date> reads


class LookupForm(forms.Form):
    id_number = forms.CharField(label="证件号码", max_length=30, help_text="居民身份证号或统一社会信用代码",
                                widget=forms.TextInput(attrs={
                                    "autocomplete": "off", "inputmode": "text", "autofocus": True, "spellcheck": "false",
                                    # the check character checked as typed (cases/idcheck.js); the server checks again
                                    "data-check": "id", "data-check-target": "lookup-id-check",
                                    "aria-describedby": "lookup-id-check id_id_number_helptext"}))


class RegisterApplicantForm(forms.Form):
    """Rendered with auto_id="reg_%s" beside the look-up form (whose id_number has the id id_id_number)."""

    kind = forms.ChoiceField(label="申请人类型", choices=Applicant.Kind.choices)
    name = forms.CharField(label="姓名/名称", max_length=200)
    id_number = forms.CharField(label="证件号码", max_length=30, widget=forms.TextInput(attrs={
        "autocomplete": "off", "spellcheck": "false", "data-check": "id", "data-check-kind": "reg_kind",
        "data-check-target": "reg-id-check", "aria-describedby": "reg-id-check"}))
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)
    legal_representative = forms.CharField(label="法定代表人", max_length=100, required=False)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AcceptForm(VersionForm):
    deferral_due = forms.DateField(label="容缺材料补交期限（容缺受理时填写）", required=False, widget=DATE)
    commitment_signer = forms.CharField(
        label="容缺受理承诺书签署人（申请人在签字板签署后填写其姓名；已网上签署的留空）", required=False, max_length=100)


class SignDeferralForm(VersionForm):
    deferral_due = forms.DateField(label="承诺补交期限", widget=DATE)
    signer_name = forms.CharField(label="签署人（申请人或代理人）姓名", max_length=100)


class RefuseForm(VersionForm):
    reason = forms.CharField(label="不予受理理由", widget=forms.Textarea(attrs={"rows": 2}))
    legal_basis = forms.CharField(label="法律依据", widget=forms.Textarea(attrs={"rows": 2}))


class SupplementNoticeForm(VersionForm):
    """The defective materials are added per case (problem_<material id>), the missing ones are listed anyway."""

    def __init__(self, *args, provided=(), **kwargs):
        super().__init__(*args, **kwargs)
        for cm in provided:
            self.fields[f"problem_{cm.material_id}"] = forms.CharField(
                label=f"“{cm.material.name}”需补正的问题（无问题留空）", required=False, max_length=300)

    def defective(self) -> dict[int, str]:
        return {int(k.split("_", 1)[1]): v for k, v in self.cleaned_data.items()
                if k.startswith("problem_") and (v or "").strip()}


class OpinionForm(VersionForm):
    opinion = forms.CharField(label="审查意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(VersionForm):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(OpinionForm):
    """For a licensing item the approval also issues the e-licence: its scope and validity."""

    scope = forms.CharField(label="许可范围（电子证照）", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    valid_until = forms.DateField(label="证照有效期至", required=False, widget=DATE,
                                  help_text="已按默认有效期填好，可修改；长期有效的请勾选“长期有效”")
    long_term = forms.BooleanField(label="长期有效", required=False)

    def clean(self):
        data = super().clean()
        if "valid_until" in self.fields and not data.get("long_term") and not data.get("valid_until") \
                and "valid_until" not in self.errors:
            self.add_error("valid_until", "请填写证照有效期，或勾选“长期有效”")
        return data


class DenyForm(VersionForm):
    reason = forms.CharField(label="不予许可理由", widget=forms.Textarea(attrs={"rows": 2}))
    legal_basis = forms.CharField(label="法律依据", widget=forms.Textarea(attrs={"rows": 2}))
    remedy = forms.CharField(label="救济途径告知（须含行政复议、行政诉讼）", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class SuspendForm(VersionForm):
    kind = forms.ChoiceField(label="特别程序", choices=[c for c in Suspension.Kind.choices if c[0] != "hearing"],
                             help_text="听证另按听证程序办理（告知听证权利或公告听证）")
    reason = forms.CharField(label="理由", max_length=500)
    expected_days = forms.IntegerField(label="预计所需时间（工作日）", min_value=1, max_value=365)


class ExtendForm(VersionForm):
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=60)
    reason = forms.CharField(label="延期理由", max_length=500)
    government_approval = forms.CharField(label="本级人民政府负责人批准（统一/联合/集中办理时填写批准人、文号）",
                                          required=False, max_length=300)


class DeliverForm(VersionForm):
    method = forms.ChoiceField(label="出件方式", choices=DeliveryMethod.choices)
    tracking_number = forms.CharField(label="邮寄单号", required=False, max_length=50)
    address = forms.CharField(label="邮寄地址", required=False, max_length=300)


class SupplyDeferredForm(VersionForm):
    def __init__(self, *args, deferred=(), **kwargs):
        super().__init__(*args, **kwargs)
        for cm in deferred:
            self.fields[f"file_{cm.material_id}"] = forms.FileField(label=f"补交“{cm.material.name}”", required=False)

    def files_by_material(self) -> dict[int, object]:
        return {int(k.split("_", 1)[1]): v for k, v in self.cleaned_data.items() if k.startswith("file_") and v}
