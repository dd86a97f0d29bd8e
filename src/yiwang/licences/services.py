"""E-licence state changes: issue (sign) and revoke. Each in a transaction, each audited."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError
from yiwang.org.identifiers import InvalidIdentifier, mask_ric, mask_uscc, validate_ric, validate_uscc
from yiwang.org.models import Department, Role
from yiwang.org.scoping import scope_of

from . import conf
from .domain import crypto
from .domain.payload import LicenceFields, choose_payload, make_token
from .keys import active_key, private_key_of
from .models import Licence, LicenceCounter


def _audit(**kwargs):
    from yiwang.audit.services import record

    record(**kwargs)


def mask_holder_id(kind: str, id_number: str) -> str:
    return mask_ric(id_number) if kind == Licence.HolderKind.NATURAL else mask_uscc(id_number)


def _acting_role(actor, department: Department, roles: tuple[str, ...] | None = None) -> str:
    """The role under which `actor` acts for `department`, or PermissionDenied."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("请先登录")
    scope = scope_of(actor)
    if actor.is_superuser:  # 三员分立: a system administrator issues, changes or revokes no licence
        return Role.SYSADMIN
    for staff_role in actor.staff_roles.all():
        if staff_role.department_id == department.id and (roles is None or staff_role.role in roles):
            return staff_role.role
    raise PermissionDenied(f"您不是{department.name}的有权人员，不能办理该证照")


def next_number(department: Department, year: int) -> str:
    """Human-readable, unique licence number DEPT-YYYY-NNNNNN; the counter row is locked, so concurrent
    issues never draw the same number."""
    counter, _ = LicenceCounter.objects.select_for_update().get_or_create(department=department, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{department.code}-{year}-{counter.last:06d}"


def _as_date(value, field: str, label: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DomainError(f"{label}不是有效日期（格式：2026-01-31）", field=field) from None


def _validated(*, department, holder_name, holder_id_number, holder_kind, licence_type, scope,
               valid_from, valid_until) -> dict:
    if not isinstance(department, Department):
        raise DomainError("请指定发证部门", field="department")
    holder_name = " ".join(str(holder_name or "").split())
    if not holder_name:
        raise DomainError("请填写持证主体名称", field="holder_name")
    if holder_kind not in Licence.HolderKind.values:
        raise DomainError("主体类型应为自然人或法人", field="holder_kind")
    try:
        holder_id_number = (validate_ric if holder_kind == Licence.HolderKind.NATURAL else validate_uscc)(
            holder_id_number)
    except InvalidIdentifier as exc:
        raise DomainError(str(exc), field="holder_id_number") from None
    licence_type = str(licence_type or "").strip()
    if not licence_type:
        raise DomainError("请填写证照类型", field="licence_type")
    scope = str(scope or "").strip()
    if not scope:
        raise DomainError("请填写许可范围", field="scope")
    valid_from = _as_date(valid_from, "valid_from", "有效期起")
    valid_until = _as_date(valid_until, "valid_until", "有效期至") if valid_until else None
    if valid_until and valid_until < valid_from:
        raise DomainError("有效期至不能早于有效期起", field="valid_until")
    for name, value, field in ((holder_name, 200, "holder_name"), (licence_type, 100, "licence_type")):
        if len(name) > value:
            raise DomainError(f"内容过长（最多{value}字）", field=field)
    return dict(holder_name=holder_name, holder_id_number=holder_id_number, licence_type=licence_type,
                scope=scope, valid_from=valid_from, valid_until=valid_until)


@transaction.atomic
def issue_licence(*, department, holder_name, holder_id_number, holder_kind, licence_type, scope, valid_from,
                  valid_until, case_ref=None, case_number="", actor, acting_role: str | None = None) -> Licence:
    """Number, sign (SM2, the department's active key) and store an e-licence. `acting_role`: the caller has
    already established the actor's authority for the department under that role (a window officer deciding a
    one-step item on the department's behalf, checked by the case's approval)."""
    data = _validated(department=department, holder_name=holder_name, holder_id_number=holder_id_number,
                      holder_kind=holder_kind, licence_type=licence_type, scope=scope, valid_from=valid_from,
                      valid_until=valid_until)
    # the deciding roles of the department (a 事项管理员 or an inspector bound to it issues nothing)
    role = acting_role or _acting_role(actor, department, conf.decide_roles())
    key = active_key(department)
    issued_on = timezone.localdate()
    number = next_number(department, issued_on.year)
    fields = LicenceFields(
        number=number, licence_type=data["licence_type"], holder_name=data["holder_name"],
        holder_id_masked=mask_holder_id(holder_kind, data["holder_id_number"]), scope=data["scope"],
        valid_from=data["valid_from"], valid_until=data["valid_until"], department_code=department.code,
        issued_on=issued_on, key_id=key.key_id,
    )
    try:
        payload = choose_payload(fields, conf.public_url(), conf.max_link())
    except ValueError as exc:
        raise DomainError(str(exc) + "：请精简持证主体名称或证照类型", field="holder_name") from None
    token = make_token(payload, crypto.sign(payload, private_key_of(key)))
    licence = Licence.objects.create(
        number=number, holder_kind=holder_kind, department=department, issued_on=issued_on, issued_by=actor,
        signing_key=key, token=token, case_ref=case_ref, case_number=case_number or "", **data,
    )
    _audit(actor=actor, action="licences.licence.issue", target=licence, role=role,
           after={"number": number, "licence_type": licence.licence_type, "holder_name": licence.holder_name,
                  "holder_id": fields.holder_id_masked, "valid_from": licence.valid_from,
                  "valid_until": licence.valid_until, "key_id": key.key_id, "case_ref": case_ref,
                  "case_number": licence.case_number})
    return licence


@transaction.atomic
def revoke_licence(licence: Licence, reason: str, actor, ground: str = "revoked") -> Licence:
    """注销 at once, on one of art. 70's grounds (default: the licence was revoked, withdrawn or its certificate
    suspended by law): from this moment verification answers 'revoked' with the date, the ground and the reason."""
    from .lifecycle import cancel

    licence = Licence.objects.select_for_update(of=("self",)).select_related("department").get(pk=licence.pk)
    role = _acting_role(actor, licence.department, conf.revoke_roles())
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise DomainError("请填写注销原因", field="reason")
    return cancel(licence, ground=ground or "revoked", reason=reason, actor=actor, role=role)


def revoke_for_revoked_decision(*, case, reason: str, actor) -> list[Licence]:
    """The decision a licence rests on was revoked (e.g. a false 告知承诺): revoke every valid licence issued for the
    case, at once and in the caller's transaction. The authority is the revocation of the decision, so no revoking
    role is required of the actor; the audit event says why."""
    from .lifecycle import cancel

    revoked = []
    for licence in Licence.objects.select_for_update(of=("self",)).select_related("department").filter(
            case_ref=case.pk, status=Licence.Status.VALID):
        revoked.append(cancel(licence, ground="revoked", reason=reason[:500], actor=actor, role="system",
                              data={"cause": "decision_revoked", "case": case.number}))
    return revoked
