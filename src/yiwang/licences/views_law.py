"""The licence page's renewal, change and their decisions (行政许可法 arts. 49–50): a form for each action the law
allows this user now (`lifecycle.allowed_actions`); the rules are in `lifecycle`."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from yiwang.api.errors import DomainError

from . import lifecycle
from .access import visible_licences
from .forms import ChangeForm, DecideForm, DecideRenewalForm, RenewalForm

ACTIONS = {
    "apply_renewal": ("申请延续", RenewalForm),
    "decide_renewal": ("延续决定", DecideRenewalForm),
    "apply_change": ("申请变更", ChangeForm),
    "decide_change": ("变更决定", DecideForm),
}


def law_context(request, licence, *, failed_form=None, failed: str = "") -> dict:
    allowed = lifecycle.allowed_actions(licence, request.user)
    forms = []
    for name in allowed:
        if name not in ACTIONS:
            continue
        label, cls = ACTIONS[name]
        form = failed_form if name == failed and failed_form is not None else cls(initial={"version": licence.version})
        forms.append({"name": name, "label": label, "form": form, "open": name == failed})
    from .pdf_law import TITLES

    return {"law_forms": forms, "allowed_actions": allowed, "decision_kinds": [str(k) for k in TITLES],
            "requests": list(licence.requests.order_by("-id")[:10]),
            "events": list(licence.events.exclude(kind="reminded").order_by("at", "id")),
            "apply_by": lifecycle.renewal_apply_by(licence), "pending_renewal": lifecycle.pending(licence, "renewal"),
            "pending_change": lifecycle.pending(licence, "change")}


def _run(name, licence, user, d):
    v = d["version"]
    if name == "apply_renewal":
        r = lifecycle.apply_renewal(licence, actor=user, expected_version=v, requested_until=d.get("requested_until"),
                                    reason=d.get("reason", ""))
        return f"延续申请已提交（申请延续至{r.requested_until:%Y-%m-%d}）"
    if name == "decide_renewal":
        r = lifecycle.decide_renewal(licence, actor=user, expected_version=v, grant=d["grant"], note=d.get("note", ""),
                                     valid_until=d.get("valid_until"))
        return "已准予延续" if r.status == "granted" else "已决定不予延续"
    if name == "apply_change":
        lifecycle.apply_change(licence, actor=user, expected_version=v, changes=_form_changes(d),
                               reason=d["reason"])
        return "变更申请已提交"
    r = lifecycle.decide_change(licence, actor=user, expected_version=v, grant=d["grant"], note=d.get("note", ""))
    return "已准予变更，电子证照已更新" if r.status == "granted" else "已决定不予变更"


def _form_changes(d) -> dict:
    return {k: v for k, v in d.items() if k in ("holder_name", "scope") and (v or "").strip()}


@login_required
@require_POST
def act(request, number: str, action: str):
    from .views import _detail

    licence = get_object_or_404(visible_licences(request.user), number=number)
    if action not in ACTIONS:
        return _detail(request, licence, error="没有这个操作", status=404)
    form = ACTIONS[action][1](request.POST)
    if not form.is_valid():
        return _detail(request, licence, error="请检查填写的内容", status=400, law_form=form, law_failed=action)
    try:
        message = _run(action, licence, request.user, form.cleaned_data)
    except PermissionDenied as exc:
        return _detail(request, licence, error=str(exc) or "您无权办理", status=403, law_form=form, law_failed=action)
    except DomainError as exc:
        if exc.field in form.fields:
            form.add_error(exc.field, exc.message)
        licence.refresh_from_db()
        return _detail(request, licence, error=exc.message, status=exc.status, law_form=form, law_failed=action)
    messages.success(request, message)
    return redirect("licences:detail", number=licence.number)


def event_pdf(request, number: str, event_id: int):
    from django.http import Http404, HttpResponse

    from .pdf_law import event_pdf as build

    licence = get_object_or_404(visible_licences(request.user), number=number)
    event = get_object_or_404(licence.events, pk=event_id)
    try:
        data = build(licence, event)
    except LookupError as exc:
        raise Http404(str(exc)) from None
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="licence-{licence.number}-{event.kind}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
