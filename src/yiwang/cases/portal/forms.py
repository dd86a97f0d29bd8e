"""Portal forms: plain input checks only (the rules are in the services)."""
from django import forms

from ..models import DeliveryMethod


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(label="出件方式", choices=DeliveryMethod.choices, widget=forms.RadioSelect,
                               error_messages={"required": "请选择出件方式"})
    address = forms.CharField(label="邮寄地址", max_length=300, required=False,
                              help_text="选择免费邮寄时填写，含省市区、街道门牌")
    recipient = forms.CharField(label="收件人", max_length=100, required=False)
    phone = forms.CharField(label="收件人电话", max_length=20, required=False)


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="撤回原因（可不填）", max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    confirm = forms.BooleanField(label="我确认撤回本申请，撤回后如需办理须重新申请",
                                 error_messages={"required": "请勾选确认撤回"})


class BookingForm(forms.Form):
    hall = forms.IntegerField(widget=forms.HiddenInput)
    day = forms.DateField(widget=forms.HiddenInput, error_messages={"invalid": "日期格式不正确"})
    start = forms.CharField(label="时段", max_length=4, error_messages={"required": "请选择预约时段"})
    applicant = forms.IntegerField(widget=forms.HiddenInput)
