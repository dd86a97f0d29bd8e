"""Forms of the hearing actions (行政许可法 arts. 46–48) on the case page. Each carries the case version."""
from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from .forms import DATE, VersionForm


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def department_staff(case):
    """Who may be chosen as host: the department's staff (the service refuses the case's reviewers)."""
    User = get_user_model()
    return User.objects.filter(kind=User.Kind.STAFF, staff_roles__department_id=case.department_id).distinct() \
        .order_by("username")


class NotifyHearingForm(VersionForm):
    matter = forms.CharField(label="听证事项（拟作出的许可及直接涉及的重大利益）", widget=forms.Textarea(attrs={"rows": 2}))
    parties = forms.CharField(label="利害关系人（每行一个：姓名或名称，可加空格后写联系方式）", required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def interested_parties(self) -> list[dict]:
        out = []
        for line in _lines(self.cleaned_data.get("parties", "")):
            name, _, contact = line.partition(" ")
            out.append({"name": name, "contact": contact})
        return out


class RequestHearingForm(VersionForm):
    requested_by = forms.CharField(label="申请人或利害关系人（代为登记时填写）", required=False, max_length=200)


class AnnounceHearingForm(VersionForm):
    matter = forms.CharField(label="涉及公共利益的听证事项", widget=forms.Textarea(attrs={"rows": 2}))
    expected_days = forms.IntegerField(label="预计所需时间（工作日）", min_value=1, max_value=365)


class ScheduleHearingForm(VersionForm):
    on = forms.DateField(label="听证日期", widget=DATE)
    place = forms.CharField(label="听证地点", max_length=200)
    host = forms.ModelChoiceField(label="听证主持人（审查本申请的工作人员以外的人员）", queryset=None)
    public = forms.BooleanField(label="公开举行（同时向社会公告）", required=False, initial=True)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = department_staff(case)


class RequestRecusalForm(VersionForm):
    reason = forms.CharField(label="申请回避的理由", max_length=500)
    requested_by = forms.CharField(label="申请人或利害关系人（代为登记时填写）", required=False, max_length=200)


class DecideRecusalForm(VersionForm):
    grant = forms.TypedChoiceField(label="决定", choices=[("1", "准予回避"), ("0", "不予回避")],
                                   coerce=lambda v: v == "1")
    note = forms.CharField(label="理由", max_length=500)
    new_host = forms.ModelChoiceField(label="另行指定的主持人（准予回避时）", queryset=None, required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_host"].queryset = department_staff(case)


class RecordHearingForm(VersionForm):
    record = forms.CharField(label="听证笔录", widget=forms.Textarea(attrs={"rows": 6}))
    signatories = forms.CharField(label="签字确认的听证参加人（每行一人）", widget=forms.Textarea(attrs={"rows": 3}))

    def names(self) -> list[str]:
        return _lines(self.cleaned_data["signatories"])
