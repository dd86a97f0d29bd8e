import datetime as dt

from django import forms
from django.conf import settings


class IssueClientForm(forms.Form):
    name = forms.CharField(label="对接系统名称", max_length=100)
    scopes = forms.MultipleChoiceField(label="授权范围", widget=forms.CheckboxSelectMultiple, choices=())
    expires_on = forms.DateField(label="有效期至", widget=forms.DateInput(attrs={"type": "date"}))
    rate = forms.CharField(label="访问频率上限", max_length=20, required=False, initial="600/hour",
                           help_text="如 600/hour、60/min")
    role = forms.ChoiceField(label="对接账号角色", required=False, choices=(),
                             help_text="对接系统以该角色办理（如12345热线以企业服务中心角色登记热线诉求）；不选则只能读取")
    department = forms.ModelChoiceField(label="所属部门", required=False, queryset=None,
                                        help_text="角色需要部门时填写")
    hall = forms.ModelChoiceField(label="所属大厅", required=False, queryset=None, help_text="角色需要大厅时填写")

    def __init__(self, *args, **kwargs):
        from yiwang.org.models import Department, Hall

        from .services import client_roles

        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = list(settings.OAUTH2_PROVIDER["SCOPES"].items())
        self.fields["role"].choices = [("", "（无，只读）")] + client_roles()
        self.fields["department"].queryset = Department.objects.filter(is_active=True).order_by("code")
        self.fields["hall"].queryset = Hall.objects.order_by("code")
        if not self.is_bound:
            self.initial.setdefault("expires_on", dt.date.today() + dt.timedelta(days=365))


class RevokeClientForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="吊销原因", max_length=200)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
