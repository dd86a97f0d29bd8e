"""The hearing actions offered on a case page (行政许可法 arts. 46–48): form → service call → message."""
from __future__ import annotations

from .. import services
from ..domain import lifecycle as lc
from . import forms_law as f
from .actions import ActionSpec


def _form(cls, with_case=False):
    def make(case, data=None, files=None):
        kwargs = {"case": case} if with_case else {}
        return cls(data=data, initial={"version": case.version}, **kwargs)
    return make


def _notify(case, user, form):
    h = services.notify_hearing_right(case, actor=user, expected_version=form.cleaned_data["version"],
                                      matter=form.cleaned_data["matter"],
                                      interested_parties=form.interested_parties())
    return f"已告知听证权利，申请听证期限至{h.request_due:%Y-%m-%d}"


def _request(case, user, form):
    h = services.request_hearing(case, actor=user, expected_version=form.cleaned_data["version"],
                                 requested_by=form.cleaned_data.get("requested_by", ""))
    return f"已登记听证申请（{h.requested_by}），须于{h.hold_by:%Y-%m-%d}前组织听证，计时暂停"


def _announce(case, user, form):
    services.announce_hearing(case, actor=user, expected_version=form.cleaned_data["version"],
                              matter=form.cleaned_data["matter"], expected_days=form.cleaned_data["expected_days"])
    return "已公告听证，计时暂停"


def _schedule(case, user, form):
    d = form.cleaned_data
    h = services.schedule_hearing(case, actor=user, expected_version=d["version"], on=d["on"], place=d["place"],
                                  host=d["host"], public=d.get("public", False))
    return f"已通知听证：{h.scheduled_for:%Y-%m-%d} {h.place}，主持人{h.host}"


def _recusal(case, user, form):
    services.request_recusal(case, actor=user, expected_version=form.cleaned_data["version"],
                             reason=form.cleaned_data["reason"], requested_by=form.cleaned_data.get("requested_by", ""))
    return "已登记回避申请"


def _decide(case, user, form):
    d = form.cleaned_data
    h = services.decide_recusal(case, actor=user, expected_version=d["version"], grant=d["grant"], note=d["note"],
                                new_host=d.get("new_host"))
    return ("准予回避，主持人更换为" + str(h.host)) if d["grant"] else "不予回避"


def _record(case, user, form):
    services.record_hearing(case, actor=user, expected_version=form.cleaned_data["version"],
                            record=form.cleaned_data["record"], signatories=form.names())
    return "听证笔录已签字确认，恢复计时"


SPECS = {s.name: s for s in [
    ActionSpec(lc.Action.NOTIFY_HEARING, "告知听证权利（第四十七条）", _form(f.NotifyHearingForm), _notify),
    ActionSpec(lc.Action.ANNOUNCE_HEARING, "公告听证（第四十六条，涉及公共利益）", _form(f.AnnounceHearingForm), _announce),
    ActionSpec(lc.Action.REQUEST_HEARING, "登记听证申请", _form(f.RequestHearingForm), _request),
    ActionSpec(lc.Action.SCHEDULE_HEARING, "通知听证（时间、地点、主持人）", _form(f.ScheduleHearingForm, True), _schedule),
    ActionSpec(lc.Action.REQUEST_RECUSAL, "登记回避申请", _form(f.RequestRecusalForm), _recusal),
    ActionSpec(lc.Action.DECIDE_RECUSAL, "回避决定", _form(f.DecideRecusalForm, True), _decide),
    ActionSpec(lc.Action.RECORD_HEARING, "听证笔录（主持人）", _form(f.RecordHearingForm), _record),
]}
