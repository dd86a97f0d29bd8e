import datetime as dt

from django import forms
from django.conf import settings


class IssueClientForm(forms.Form):
    name = forms.CharField(label="对接系统名称", max_length=100)
    scopes = forms.MultipleChoiceField(label="授权范围", widget=forms.CheckboxSelectMultiple, choices=())
    expires_on = forms.DateField(label="有效期至", widget=forms.DateInput(attrs={"type": "date"}))
    rate = forms.CharField(label="访问频率上限", max_length=20, required=False, initial="600/hour",
                           help_text="如 600/hour、60/min")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = list(settings.OAUTH2_PROVIDER["SCOPES"].items())
        if not self.is_bound:
            self.initial.setdefault("expires_on", dt.date.today() + dt.timedelta(days=365))


class RevokeClientForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="吊销原因", max_length=200)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
