"""The actions offered on a case page: for each, its form and the service call it makes. The rules (who may
act, in which state, with which version) stay in yiwang.cases.services; this only maps form fields to arguments."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from django.utils import timezone

from .. import services
from ..domain import lifecycle as lc
from ..models import Case, CaseMaterial
from . import conf
from . import forms as f
from .licensing import approve_case, default_valid_until, issues_licence


@dataclass(frozen=True)
class ActionSpec:
    name: str
    label: str
    form: Callable  # (case, data, files) -> form
    run: Callable   # (case, user, cleaned form) -> success message
    danger: bool = False


def _provided(case: Case):
    return list(case.materials.filter(status=CaseMaterial.Status.PROVIDED).select_related("material"))


def _deferred(case: Case):
    return list(case.materials.filter(status=CaseMaterial.Status.DEFERRED).select_related("material"))


def _simple(form_cls):
    return lambda case, data=None, files=None: form_cls(data=data, files=files, initial={"version": case.version},
                                                       prefix=None)


def _run_accept(case, user, form):
    c = services.accept(case, actor=user, expected_version=form.cleaned_data["version"],
                        deferral_due=form.cleaned_data.get("deferral_due"),
                        commitment_signer=form.cleaned_data.get("commitment_signer", ""))
    return f"已受理，办件编号{c.number}" + ("（容缺受理）" if c.deferral_due else "")


def _run_deem(case, user, form):
    c = services.record_deemed_acceptance(case, actor=user, expected_version=form.cleaned_data["version"])
    return f"已记录视为受理（《行政许可法》第三十二条），自{c.accepted_on:%Y年%m月%d日}起计算，办件编号{c.number}"


def _run_sign_deferral(case, user, form):
    d = form.cleaned_data
    c = services.sign_deferral_commitment(case, actor=user, expected_version=d["version"],
                                          deferral_due=d["deferral_due"], signer_name=d["signer_name"])
    return f"已记录容缺受理承诺书（{c.signer_name}签署，承诺{c.due_on:%Y-%m-%d}前补交）"


def _run_refuse(case, user, form):
    services.refuse(case, actor=user, expected_version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"], legal_basis=form.cleaned_data["legal_basis"])
    return "已作出不予受理决定"


def _run_notify(case, user, form):
    n = services.notify_supplement(case, actor=user, expected_version=form.cleaned_data["version"],
                                   defective=form.defective())
    return f"已一次性告知补正（第{n.number}次），共{len(n.items)}项材料"


def _run_forward(case, user, form):
    services.forward(case, actor=user, expected_version=form.cleaned_data["version"],
                     opinion=form.cleaned_data.get("opinion", ""))
    return "已提交下一环节"


def _run_send_back(case, user, form):
    services.send_back(case, actor=user, expected_version=form.cleaned_data["version"],
                       reason=form.cleaned_data["reason"])
    return "已退回上一环节"


def _run_approve(case, user, form):
    d = form.cleaned_data
    _, licence = approve_case(case, actor=user, expected_version=d["version"], opinion=d.get("opinion", ""),
                              scope=d.get("scope", ""), valid_until=d.get("valid_until"),
                              long_term=bool(d.get("long_term")))
    return "已准予许可" + (f"，已签发电子证照{licence.number}" if licence else "")


def _run_deny(case, user, form):
    d = form.cleaned_data
    services.deny(case, actor=user, expected_version=d["version"], reason=d["reason"], legal_basis=d["legal_basis"],
                  remedy=d.get("remedy", ""))
    return "已作出不予许可决定"


def _run_suspend(case, user, form):
    d = form.cleaned_data
    services.suspend(case, actor=user, expected_version=d["version"], kind=d["kind"], reason=d["reason"],
                     expected_days=d["expected_days"])
    return "已启动特别程序，计时暂停"


def _run_resume(case, user, form):
    services.resume(case, actor=user, expected_version=form.cleaned_data["version"])
    return "特别程序结束，已恢复计时"


def _run_extend(case, user, form):
    d = form.cleaned_data
    c = services.extend(case, actor=user, expected_version=d["version"], days=d["days"], reason=d["reason"],
                        government_approval=d.get("government_approval", ""))
    return f"已延期{c.extension_days}个工作日"


def _run_terminate(case, user, form):
    services.terminate(case, actor=user, expected_version=form.cleaned_data["version"],
                       reason=form.cleaned_data["reason"])
    return "已终止办理"


def _run_supply(case, user, form):
    services.supply_deferred(case, actor=user, expected_version=form.cleaned_data["version"],
                             files=form.files_by_material())
    return "已补交容缺材料"


def _run_deliver(case, user, form):
    d = form.cleaned_data
    services.deliver(case, actor=user, expected_version=d["version"], method=d["method"],
                     tracking_number=d.get("tracking_number", ""), address=d.get("address", ""))
    return "已出件"


def _approve_form(case, data=None, files=None):
    initial = {"version": case.version, "scope": case.item_version.name}
    if issues_licence(case):
        initial["valid_until"] = default_valid_until(timezone.localdate())
        initial["long_term"] = initial["valid_until"] is None
    form = f.ApproveForm(data=data, initial=initial)
    if not issues_licence(case):
        for name in ("scope", "valid_until", "long_term"):
            del form.fields[name]
    else:
        years = conf.licence_valid_years()
        if years > 0:
            form.fields["valid_until"].label = f"证照有效期至（默认{years}年）"
    return form


def _deny_form(case, data=None, files=None):
    return f.DenyForm(data=data, initial={"version": case.version, "remedy": case.item_version.remedy})


SPECS = {s.name: s for s in [
    ActionSpec(lc.Action.ACCEPT, "受理", _simple(f.AcceptForm), _run_accept),
    ActionSpec(lc.Action.DEEM_ACCEPT, "记录视为受理（已超过五个工作日未处理）", _simple(f.VersionForm), _run_deem),
    ActionSpec(lc.Action.SIGN_DEFERRAL, "签署容缺受理承诺书（窗口签字板）", _simple(f.SignDeferralForm),
               _run_sign_deferral),
    ActionSpec(lc.Action.NOTIFY_SUPPLEMENT, "一次性告知补正",
               lambda case, data=None, files=None: f.SupplementNoticeForm(
                   data=data, initial={"version": case.version}, provided=_provided(case)), _run_notify),
    ActionSpec(lc.Action.REFUSE, "不予受理", _simple(f.RefuseForm), _run_refuse, danger=True),
    ActionSpec(lc.Action.FORWARD, "审查通过，提交下一环节", _simple(f.OpinionForm), _run_forward),
    ActionSpec(lc.Action.SEND_BACK, "退回上一环节", _simple(f.ReasonForm), _run_send_back),
    ActionSpec(lc.Action.APPROVE, "准予许可", _approve_form, _run_approve),
    ActionSpec(lc.Action.DENY, "不予许可", _deny_form, _run_deny, danger=True),
    ActionSpec(lc.Action.SUSPEND, "启动特别程序（暂停计时）", _simple(f.SuspendForm), _run_suspend),
    ActionSpec(lc.Action.RESUME, "特别程序结束，恢复计时", _simple(f.VersionForm), _run_resume),
    ActionSpec(lc.Action.EXTEND, "延期（单位负责人批准）", _simple(f.ExtendForm), _run_extend),
    ActionSpec(lc.Action.SUPPLY_DEFERRED, "补交容缺材料",
               lambda case, data=None, files=None: f.SupplyDeferredForm(
                   data=data, files=files, initial={"version": case.version}, deferred=_deferred(case)),
               _run_supply),
    ActionSpec(lc.Action.TERMINATE, "终止办理", _simple(f.ReasonForm), _run_terminate, danger=True),
    ActionSpec(lc.Action.DELIVER, "出件", _simple(f.DeliverForm), _run_deliver),
]}

from .actions_law import SPECS as _LAW_SPECS  # noqa: E402  (the hearing actions, arts. 46–48)

SPECS.update(_LAW_SPECS)
