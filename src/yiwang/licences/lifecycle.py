"""A licence after it is issued (行政许可法 arts. 49, 50 and 70): renewal (延续) on the holder's application at least 30
days before expiry, decided before expiry or deemed granted; change (变更) on the holder's application; cancellation
(注销) on expiry without renewal, the holder's end, revocation, force majeure and the like. Each in a transaction,
audited, recorded as a LicenceEvent that keeps the token current before it (so an older printout still verifies and
says what became of the licence), and — where the licence's printed content changes — re-signed with the
department's active key, under the same number."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError
from yiwang.org.models import Applicant
from yiwang.org.scoping import scope_of

from . import conf
from .domain import crypto
from .domain.payload import LicenceFields, choose_payload, make_token
from .keys import active_key, private_key_of
from .models import Licence, LicenceEvent, LicenceRequest
from .services import _acting_role, _as_date, _audit, mask_holder_id

Kind, Status, Ev = LicenceRequest.Kind, LicenceRequest.Status, LicenceEvent.Kind
CHANGEABLE = {"holder_name": ("持证主体名称", 200), "scope": ("许可范围", 4000)}
GROUNDS = dict(Licence._meta.get_field("cancel_ground").choices)


# ---- who ---------------------------------------------------------------------------------------------------------
def holder_applicants(licence: Licence):
    """The applicant records of the licence's holder (found through the identifier's keyed index)."""
    return Applicant.objects.by_identifier(licence.holder_id_number)


def is_holder(user, licence: Licence) -> bool:
    """The holder (or their agent): an applicant in the user's scope with the licence's identifier."""
    if user is None or not getattr(user, "is_authenticated", False) or user.kind != user.Kind.APPLICANT:
        return False
    return holder_applicants(licence).filter(pk__in=scope_of(user).applicant_ids).exists()


def _decider_role(actor, licence) -> str:
    return _acting_role(actor, licence.department, conf.decide_roles())


def _lock(licence, expected_version: int | None) -> Licence:
    licence = Licence.objects.select_for_update(of=("self",)).select_related("department").get(pk=licence.pk)
    if expected_version is not None and licence.version != int(expected_version):
        raise Conflict("证照已被他人更新，请刷新后重试", code="stale_version",
                       extra={"status": licence.status, "version": licence.version})
    return licence


def _tell_holder(licence: Licence, event: str, subject: str, body: str) -> None:
    from yiwang.notify.services import enqueue

    for applicant in holder_applicants(licence).select_related("user")[:5]:
        enqueue(event=f"licence.{event}", subject=subject, body=body, user=applicant.user, email=applicant.email,
                phone=applicant.phone, link=f"/licences/{licence.number}/", ref=licence.number)


# ---- dates -------------------------------------------------------------------------------------------------------
def renewal_apply_by(licence: Licence) -> dt.date | None:
    """The last day to apply for renewal: N calendar days before expiry (art. 50; a special law may differ)."""
    if licence.valid_until is None:
        return None
    return licence.valid_until - dt.timedelta(days=conf.renewal_days_before())


def _default_term(licence: Licence) -> dt.date:
    """A renewal continues for the same term as before, from the day after expiry."""
    start = licence.valid_until + dt.timedelta(days=1)
    try:
        return start.replace(year=start.year + (licence.valid_until.year - licence.valid_from.year)) - \
            dt.timedelta(days=1)
    except ValueError:  # 29 February
        return start.replace(month=3, day=1, year=start.year + (licence.valid_until.year - licence.valid_from.year))


def pending(licence: Licence, kind: str) -> LicenceRequest | None:
    return licence.requests.filter(kind=kind, status=Status.PENDING).order_by("-id").first()


def allowed_actions(licence: Licence, user, today: dt.date | None = None) -> list[str]:
    """What `user` may do with `licence` now, as the law allows: apply for renewal (a term, before the last day),
    decide it (before expiry), apply for a change, decide it, cancel."""
    today = today or timezone.localdate()
    if licence.status != Licence.Status.VALID:
        return []
    out = []
    holder = is_holder(user, licence)
    renewal, change = pending(licence, Kind.RENEWAL), pending(licence, Kind.CHANGE)
    try:
        decider = bool(_decider_role(user, licence))
    except PermissionDenied:
        decider = False
    try:
        canceller = bool(_acting_role(user, licence.department, conf.revoke_roles()))
    except PermissionDenied:
        canceller = False
    apply_by = renewal_apply_by(licence)
    if holder and renewal is None and apply_by and today <= apply_by:
        out.append("apply_renewal")
    if decider and renewal is not None and today <= licence.valid_until:
        out.append("decide_renewal")
    if holder and change is None:
        out.append("apply_change")
    if decider and change is not None:
        out.append("decide_change")
    if canceller:
        out.append("cancel")
    return out


# ---- re-signing --------------------------------------------------------------------------------------------------
def _resign(licence: Licence) -> None:
    """Sign the licence's current content again with the department's active key (same number, same issue date)."""
    key = active_key(licence.department)
    fields = LicenceFields(
        number=licence.number, licence_type=licence.licence_type, holder_name=licence.holder_name,
        holder_id_masked=mask_holder_id(licence.holder_kind, licence.holder_id_number), scope=licence.scope,
        valid_from=licence.valid_from, valid_until=licence.valid_until, department_code=licence.department.code,
        issued_on=licence.issued_on, key_id=key.key_id)
    try:
        payload = choose_payload(fields, conf.public_url(), conf.max_link())
    except ValueError as exc:
        raise DomainError(str(exc) + "：请精简持证主体名称", field="holder_name") from None
    licence.token = make_token(payload, crypto.sign(payload, private_key_of(key)))
    licence.signing_key = key


def _event(licence, kind, *, actor, on, note="", previous_token="", changes=None) -> LicenceEvent:
    return LicenceEvent.objects.create(licence=licence, kind=kind, on=on, actor=actor if getattr(actor, "pk", None)
                                       else None, note=note[:500], previous_token=previous_token,
                                       changes=changes or {})


def _save(licence: Licence, *fields: str) -> None:
    licence.version += 1
    licence.save(update_fields=[*fields, "version"])


# ---- renewal (art. 50) -------------------------------------------------------------------------------------------
def apply_renewal(licence, *, actor, expected_version: int, requested_until=None, reason: str = "",
                  today: dt.date | None = None) -> LicenceRequest:
    """延续申请 by the holder, no later than N days before expiry."""
    today = today or timezone.localdate()
    with transaction.atomic():
        licence = _lock(licence, expected_version)
        if not is_holder(actor, licence):
            raise PermissionDenied("只有被许可人可以申请延续")
        if licence.status != Licence.Status.VALID:
            raise Conflict("该证照已注销，不能申请延续")
        if licence.valid_until is None:
            raise DomainError("长期有效的证照无需延续", field="requested_until")
        apply_by = renewal_apply_by(licence)
        if today > apply_by:
            raise DomainError(f"应当在有效期届满{conf.renewal_days_before()}日前（{apply_by:%Y年%m月%d日}前）提出延续申请；"
                              "逾期请重新申请许可", field="requested_until")
        if pending(licence, Kind.RENEWAL):
            raise Conflict("已有待决定的延续申请")
        until = _as_date(requested_until, "requested_until", "申请延续至") if requested_until else \
            _default_term(licence)
        if until <= licence.valid_until:
            raise DomainError("申请延续至的日期应晚于现有效期", field="requested_until")
        req = LicenceRequest.objects.create(licence=licence, kind=Kind.RENEWAL, applied_on=today, applied_by=actor,
                                            requested_until=until, reason=(reason or "").strip()[:500])
        _event(licence, Ev.RENEWAL_APPLIED, actor=actor, on=today, note=f"申请延续至{until:%Y-%m-%d}")
        _save(licence)
        _audit(actor=actor, action="licences.licence.renewal_applied", target=licence, role="holder",
               after={"requested_until": until, "request": req.pk})
        _tell_holder(licence, "renewal_applied", f"延续申请已受理：{licence.number}",
                     f"您的“{licence.licence_type}”（{licence.number}）延续申请已收到。发证机关将在有效期届满"
                     f"（{licence.valid_until:%Y年%m月%d日}）前作出是否准予延续的决定；逾期未作决定的，视为准予延续。")
        return req


def _extend(licence: Licence, until: dt.date, *, actor, on: dt.date, deemed: bool, note: str) -> LicenceEvent:
    old_token, old_until = licence.token, licence.valid_until
    licence.valid_until = until
    licence.deemed_renewed = deemed
    _resign(licence)
    _save(licence, "valid_until", "deemed_renewed", "token", "signing_key")
    return _event(licence, Ev.DEEMED_RENEWED if deemed else Ev.RENEWED, actor=actor, on=on, note=note,
                  previous_token=old_token, changes={"valid_until": [old_until.isoformat(), until.isoformat()]})


def decide_renewal(licence, *, actor, expected_version: int, grant: bool, note: str = "", valid_until=None,
                   today: dt.date | None = None) -> LicenceRequest:
    """延续决定 by the issuing department, before the licence expires (afterwards it is already deemed granted)."""
    today = today or timezone.localdate()
    note = " ".join(str(note or "").split())
    if not grant and not note:
        raise DomainError("不予延续须说明理由", field="note")
    with transaction.atomic():
        licence = _lock(licence, expected_version)
        role = _decider_role(actor, licence)
        req = pending(licence, Kind.RENEWAL)
        if req is None:
            last = licence.requests.filter(kind=Kind.RENEWAL).order_by("-id").first()
            if last is not None and last.status == Status.DEEMED:
                raise Conflict(f"有效期届满前未作决定，已依法视为准予延续（有效期至{licence.valid_until:%Y年%m月%d日}）")
            raise Conflict("没有待决定的延续申请")
        if today > licence.valid_until:
            raise Conflict(f"有效期已于{licence.valid_until:%Y年%m月%d日}届满，依法视为准予延续")
        req = LicenceRequest.objects.select_for_update().get(pk=req.pk)
        until = _as_date(valid_until, "valid_until", "延续至") if valid_until else req.requested_until
        if grant and until <= licence.valid_until:
            raise DomainError("延续至的日期应晚于现有效期", field="valid_until")
        req.status = Status.GRANTED if grant else Status.DENIED
        req.decided_on, req.decided_by, req.decision_note = today, actor, note[:500]
        req.version += 1
        req.save()
        if grant:
            _extend(licence, until, actor=actor, on=today, deemed=False, note=note or "准予延续")
        else:
            _event(licence, Ev.RENEWAL_DENIED, actor=actor, on=today, note=note)
            _save(licence)
        _audit(actor=actor, action="licences.licence.renewal_decided", target=licence, role=role,
               after={"granted": bool(grant), "valid_until": licence.valid_until, "request": req.pk})
        _tell_holder(licence, "renewal_decided", f"延续决定：{licence.number}",
                     f"准予延续，有效期至{licence.valid_until:%Y年%m月%d日}。" if grant else
                     f"不予延续。理由：{note}。证照有效期届满后注销。如不服本决定，可以依法申请行政复议或者提起行政诉讼。")
        return req


def apply_deemed_renewals(today: dt.date | None = None) -> list[Licence]:
    """Art. 50: a renewal applied for in time and not decided by the day the licence expires is deemed granted —
    the licence is extended as applied for and marked 视为准予延续."""
    today = today or timezone.localdate()
    done = []
    ids = LicenceRequest.objects.filter(kind=Kind.RENEWAL, status=Status.PENDING, licence__valid_until__lt=today,
                                        licence__status=Licence.Status.VALID).values_list("licence_id", flat=True)
    for pk in list(ids):
        with transaction.atomic():
            licence = _lock(Licence(pk=pk), None)
            req = pending(licence, Kind.RENEWAL)
            if req is None or licence.status != Licence.Status.VALID or licence.valid_until >= today:
                continue
            req.status, req.decided_on, req.decision_note = Status.DEEMED, today, "有效期届满前未作决定，视为准予延续"
            req.version += 1
            req.save()
            old = licence.valid_until
            _extend(licence, req.requested_until, actor=None, on=today, deemed=True,
                    note=f"有效期届满（{old:%Y-%m-%d}）前未作决定，依《中华人民共和国行政许可法》第五十条视为准予延续")
            _audit(actor=None, action="licences.licence.deemed_renewed", target=licence, role="system",
                   before={"valid_until": old}, after={"valid_until": licence.valid_until, "deemed_renewed": True})
            _tell_holder(licence, "deemed_renewed", f"视为准予延续：{licence.number}",
                         f"发证机关在有效期届满前未作出决定，依法视为准予延续，有效期至{licence.valid_until:%Y年%m月%d日}。")
            done.append(licence)
    return done


def send_renewal_reminders(today: dt.date | None = None) -> int:
    """Remind holders of a licence with a term, N days before the last day to apply (each reminder once)."""
    today = today or timezone.localdate()
    offsets = conf.renewal_reminders()
    if not offsets:
        return 0
    days = conf.renewal_days_before()
    horizon = today + dt.timedelta(days=days + max(offsets))
    sent = 0
    qs = Licence.objects.filter(status=Licence.Status.VALID, valid_until__isnull=False, valid_until__gt=today,
                                valid_until__lte=horizon).exclude(requests__kind=Kind.RENEWAL,
                                                                  requests__status=Status.PENDING)
    for pk in list(qs.values_list("pk", flat=True)):
        with transaction.atomic():
            licence = _lock(Licence(pk=pk), None)
            apply_by = renewal_apply_by(licence)
            due = [o for o in offsets if (apply_by - today).days <= o and o not in licence.reminders_sent]
            if not due or today > apply_by:
                continue
            licence.reminders_sent = sorted(set(licence.reminders_sent) | set(due), reverse=True)
            licence.save(update_fields=["reminders_sent"])
            _event(licence, Ev.REMINDED, actor=None, on=today, note=f"提醒于{apply_by:%Y-%m-%d}前申请延续")
            _tell_holder(licence, "renewal_reminder", f"证照延续提醒：{licence.number}",
                         f"您的“{licence.licence_type}”（{licence.number}）将于{licence.valid_until:%Y年%m月%d日}到期。"
                         f"需要延续的，请于{apply_by:%Y年%m月%d日}前向{licence.department.name}提出延续申请。")
            sent += 1
    return sent


# ---- change (art. 49) --------------------------------------------------------------------------------------------
def _clean_changes(licence: Licence, changes: dict) -> dict:
    out = {}
    for name, value in (changes or {}).items():
        if name not in CHANGEABLE:
            raise DomainError("可申请变更的内容为持证主体名称、许可范围", field="changes")
        label, limit = CHANGEABLE[name]
        value = " ".join(str(value or "").split()) if name == "holder_name" else str(value or "").strip()
        if not value:
            raise DomainError(f"请填写变更后的{label}", field=name)
        if len(value) > limit:
            raise DomainError(f"{label}过长（最多{limit}字）", field=name)
        if value != getattr(licence, name):
            out[name] = value
    if not out:
        raise DomainError("申请变更的内容与现证照相同", field="changes")
    return out


def apply_change(licence, *, actor, expected_version: int, changes: dict, reason: str,
                 today: dt.date | None = None) -> LicenceRequest:
    """变更申请 by the holder to the organ that decided the licence (art. 49)."""
    today = today or timezone.localdate()
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise DomainError("请说明申请变更的理由", field="reason")
    with transaction.atomic():
        licence = _lock(licence, expected_version)
        if not is_holder(actor, licence):
            raise PermissionDenied("只有被许可人可以申请变更")
        if licence.status != Licence.Status.VALID:
            raise Conflict("该证照已注销，不能申请变更")
        if pending(licence, Kind.CHANGE):
            raise Conflict("已有待决定的变更申请")
        clean = _clean_changes(licence, changes)
        req = LicenceRequest.objects.create(licence=licence, kind=Kind.CHANGE, applied_on=today, applied_by=actor,
                                            changes=clean, reason=reason[:500])
        _event(licence, Ev.CHANGE_APPLIED, actor=actor, on=today, note=reason, changes=clean)
        _save(licence)
        _audit(actor=actor, action="licences.licence.change_applied", target=licence, role="holder",
               after={"changes": clean, "request": req.pk})
        return req


def decide_change(licence, *, actor, expected_version: int, grant: bool, note: str = "",
                  today: dt.date | None = None) -> LicenceRequest:
    """变更决定: granted → the licence's content changes and it is signed again (the old token stays verifiable and
    says it was changed); refused with reasons."""
    today = today or timezone.localdate()
    note = " ".join(str(note or "").split())
    if not grant and not note:
        raise DomainError("不予变更须说明理由", field="note")
    with transaction.atomic():
        licence = _lock(licence, expected_version)
        role = _decider_role(actor, licence)
        req = pending(licence, Kind.CHANGE)
        if req is None:
            raise Conflict("没有待决定的变更申请")
        req = LicenceRequest.objects.select_for_update().get(pk=req.pk)
        req.status = Status.GRANTED if grant else Status.DENIED
        req.decided_on, req.decided_by, req.decision_note = today, actor, note[:500]
        req.version += 1
        req.save()
        if grant:
            old_token = licence.token
            diff = {name: [getattr(licence, name), value] for name, value in req.changes.items()}
            for name, value in req.changes.items():
                setattr(licence, name, value)
            _resign(licence)
            _save(licence, *req.changes.keys(), "token", "signing_key")
            _event(licence, Ev.CHANGED, actor=actor, on=today, note=note or "准予变更", previous_token=old_token,
                   changes=diff)
        else:
            _event(licence, Ev.CHANGE_DENIED, actor=actor, on=today, note=note)
            _save(licence)
        _audit(actor=actor, action="licences.licence.change_decided", target=licence, role=role,
               after={"granted": bool(grant), "changes": req.changes, "request": req.pk})
        _tell_holder(licence, "change_decided", f"变更决定：{licence.number}",
                     "准予变更，电子证照已更新。" if grant else f"不予变更。理由：{note}。")
        return req


# ---- cancellation (art. 70) --------------------------------------------------------------------------------------
def cancel(licence: Licence, *, ground: str, reason: str, actor, role: str, today: dt.date | None = None,
           data: dict | None = None) -> Licence:
    """注销 a locked, valid licence on one of art. 70's grounds (called inside the caller's transaction)."""
    if ground not in GROUNDS:
        raise DomainError("请选择注销情形（行政许可法第七十条）", field="ground")
    today = today or timezone.localdate()
    reason = " ".join(str(reason or "").split()) or GROUNDS[ground]
    if len(reason) > 500:
        raise DomainError("注销原因过长（最多500字）", field="reason")
    if licence.status == Licence.Status.REVOKED:
        raise Conflict(f"该证照已于{timezone.localtime(licence.revoked_at):%Y-%m-%d %H:%M}注销")
    licence.status, licence.revoked_at, licence.revoked_reason = Licence.Status.REVOKED, timezone.now(), reason
    licence.revoked_by, licence.cancel_ground = actor if getattr(actor, "pk", None) else None, ground
    _save(licence, "status", "revoked_at", "revoked_reason", "revoked_by", "cancel_ground")
    for req in licence.requests.filter(status=Status.PENDING):
        req.status, req.decided_on, req.decision_note = Status.WITHDRAWN, today, "证照已注销"
        req.save(update_fields=["status", "decided_on", "decision_note"])
    _event(licence, Ev.CANCELLED, actor=actor, on=today, note=f"{GROUNDS[ground]}：{reason}",
           changes={"ground": ground})
    _audit(actor=actor, action="licences.licence.revoke", target=licence, role=role,
           before={"status": Licence.Status.VALID}, after={"status": licence.status, "reason": reason,
                                                           "ground": ground}, data=data)
    return licence


def cancel_expired(today: dt.date | None = None) -> list[Licence]:
    """Art. 70 (1): a licence whose term ended without renewal (none applied for, or refused) is cancelled."""
    today = today or timezone.localdate()
    done = []
    qs = Licence.objects.filter(status=Licence.Status.VALID, valid_until__lt=today) \
        .exclude(requests__kind=Kind.RENEWAL, requests__status=Status.PENDING)
    for pk in list(qs.values_list("pk", flat=True)):
        with transaction.atomic():
            licence = _lock(Licence(pk=pk), None)
            if licence.status != Licence.Status.VALID or licence.valid_until >= today or pending(licence, Kind.RENEWAL):
                continue
            done.append(cancel(licence, ground="expired", actor=None, role="system", today=today,
                               reason=f"有效期于{licence.valid_until:%Y年%m月%d日}届满，未延续"))
    return done
