"""The applicant's part in 容缺受理 and hearings on their case page: sign the 容缺受理承诺书 online, ask for a hearing
within the 5 working days (行政许可法 art. 47), ask for the host's recusal (art. 48). Offered only when the law allows
it now (`actions_allowed`); the services decide."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from yiwang.api.errors import DomainError

from .. import queries as case_queries
from .. import services as case_services
from ..domain import lifecycle as lc
from ..domain import materials as mr
from .common import applicant_required

PORTAL_ACTIONS = (lc.Action.SIGN_DEFERRAL, lc.Action.REQUEST_HEARING, lc.Action.REQUEST_RECUSAL)


class SignDeferralForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    deferral_due = forms.DateField(label="承诺补交期限", widget=forms.DateInput(attrs={"type": "date"}))
    agree = forms.BooleanField(label="我已阅读并签署上述承诺")


class RequestHearingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RequestRecusalForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="认为主持人与本事项有直接利害关系的理由", max_length=500)


FORMS = {lc.Action.SIGN_DEFERRAL: SignDeferralForm, lc.Action.REQUEST_HEARING: RequestHearingForm,
         lc.Action.REQUEST_RECUSAL: RequestRecusalForm}


def law_context(case, user) -> dict:
    """The forms the applicant may use now, with the commitment text they would sign."""
    allowed = [a for a in case_queries.actions_allowed(case, user) if a in PORTAL_ACTIONS]
    out = {"law_actions": {a: FORMS[a](initial={"version": case.version}) for a in allowed}}
    if lc.Action.SIGN_DEFERRAL in allowed:
        from ..services.deferral import deferral_commitment_text
        from ..services.intake import _status_map, requirements

        missing = mr.completeness(requirements(case), _status_map(case)).missing
        out["commitment_preview"] = deferral_commitment_text(case, [r.name for r in missing], _Placeholder())
    return out


class _Placeholder:
    def __format__(self, spec):
        return "（所填期限）"


@applicant_required
@require_POST
def act(request, pk, action):
    case = get_object_or_404(case_queries.cases_visible_to(request.user), pk=pk)
    if action not in FORMS:
        messages.error(request, "没有这个操作")
        return redirect("cases:case", pk=case.pk)
    form = FORMS[action](request.POST)
    if not form.is_valid():
        messages.error(request, "请检查填写的内容" + ("（须勾选签署承诺）" if action == lc.Action.SIGN_DEFERRAL else ""))
        return redirect("cases:case", pk=case.pk)
    d = form.cleaned_data
    try:
        if action == lc.Action.SIGN_DEFERRAL:
            c = case_services.sign_deferral_commitment(case, actor=request.user, expected_version=d["version"],
                                                       deferral_due=d["deferral_due"])
            text = f"已签署容缺受理承诺书，承诺于{c.due_on:%Y年%m月%d日}前补交；请到窗口办理受理"
        elif action == lc.Action.REQUEST_HEARING:
            h = case_services.request_hearing(case, actor=request.user, expected_version=d["version"])
            text = f"已申请听证，行政机关将于{h.hold_by:%Y年%m月%d日}前组织听证，并提前七个工作日通知"
        else:
            case_services.request_recusal(case, actor=request.user, expected_version=d["version"], reason=d["reason"])
            text = "已申请主持人回避，等待行政机关决定"
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("cases:case", pk=case.pk)
    messages.success(request, text)
    return redirect("cases:case", pk=case.pk)
