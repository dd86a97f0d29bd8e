"""Security state changes, each in a transaction and audited: password state, forced changes, lifting a lockout,
and issuing, rotating and revoking machine clients."""
from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.services import record

from . import conf
from .models import Credential, MachineClient, PasswordHistory
from .roles import require

User = get_user_model()


# ---- passwords --------------------------------------------------------------------------------------------------
def remember_password(user) -> None:
    """After a password change (Django's password_changed hook): keep its hash for the no-reuse rule, restart its
    age, and clear a forced change unless the change was made for the user by an administrator."""
    with transaction.atomic():
        PasswordHistory.objects.create(user_id=user.pk, password=user.password)
        keep = conf.password_history()
        stale = PasswordHistory.objects.filter(user_id=user.pk).order_by("-created_at", "-id")[max(keep, 1):]
        PasswordHistory.objects.filter(pk__in=[p.pk for p in stale]).delete()
        forced = bool(getattr(user, "_yiwang_password_set_by_admin", False))
        Credential.objects.update_or_create(user_id=user.pk, defaults={
            "password_changed_at": timezone.now(), "must_change": forced})


def credential_of(user) -> Credential | None:
    if not getattr(user, "pk", None):
        return None
    cached = getattr(user, "_yiwang_credential", False)
    if cached is False:
        cached = Credential.objects.filter(user_id=user.pk).first()
        user._yiwang_credential = cached
    return cached


def password_change_reason(user, now=None) -> str:
    """Why `user` must change their password before going on ('' if they need not): an initial or reset password
    set by an administrator, or one older than the maximum age. Demo accounts are exempt."""
    cred = credential_of(user)
    if cred is not None and cred.demo:
        return ""
    if cred is not None and cred.must_change:
        return "首次登录或密码被重置，请先修改密码"
    days = conf.password_max_age_days()
    if days <= 0:
        return ""
    changed = cred.password_changed_at if cred is not None else user.date_joined
    if changed and (now or timezone.now()) - changed > dt.timedelta(days=days):
        return f"密码已使用超过{days}天，请修改密码"
    return ""


@transaction.atomic
def mark_demo_accounts(users) -> int:
    """The demo loader's accounts share the documented demo password: they are neither forced to change it nor
    aged out. Returns how many were marked."""
    n = 0
    for user in users:
        _, created = Credential.objects.update_or_create(user_id=user.pk, defaults={"demo": True, "must_change": False})
        n += 1
    return n


@transaction.atomic
def set_initial_password(user, password: str, *, actor) -> None:
    """An administrator sets (or resets) another person's password: it is a default password, to be changed at
    the first login."""
    require(actor, "manage_users")
    user._yiwang_password_set_by_admin = True
    user.set_password(password)
    user.save(update_fields=["password"])
    record(actor=actor, action="security.password_reset", target=user, role="sysadmin",
           data={"must_change": True})


# ---- lockouts ---------------------------------------------------------------------------------------------------
def lockouts():
    """Current lockouts (per user name and per IP), newest first."""
    from axes.models import AccessAttempt
    from django.conf import settings

    qs = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    cooloff = settings.AXES_COOLOFF_TIME
    if cooloff:
        qs = qs.filter(attempt_time__gte=timezone.now() - cooloff)
    return qs.order_by("-attempt_time")


@transaction.atomic
def lift_lockout(attempt_id: int, *, actor) -> None:
    """A security administrator lifts a lockout (the failed attempts are forgotten); audited."""
    from axes.models import AccessAttempt

    require(actor, "manage_lockouts")
    attempt = AccessAttempt.objects.select_for_update().filter(pk=attempt_id).first()
    if attempt is None:
        raise Conflict("该锁定已解除或已过期")
    data = {"username": attempt.username, "ip_address": attempt.ip_address,
            "failures": attempt.failures_since_start}
    attempt.delete()
    record(actor=actor, action="security.lockout_lifted", target=None, role="security_admin", data=data)


# ---- machine clients --------------------------------------------------------------------------------------------
def _scopes(value) -> str:
    from django.conf import settings

    known = settings.OAUTH2_PROVIDER["SCOPES"]
    if isinstance(value, (list, tuple, set)):
        value = " ".join(str(v) for v in value)
    wanted = sorted(set(str(value or "").replace(",", " ").split()))
    if not wanted:
        raise DomainError("请至少选择一项授权范围", field="scopes")
    unknown = [s for s in wanted if s not in known]
    if unknown:
        raise DomainError("未知的授权范围：" + "、".join(unknown), field="scopes")
    return " ".join(wanted)


def _rate(value) -> str:
    rate = str(value or "").strip() or conf.default_client_rate()
    num, _, period = rate.partition("/")
    if not num.isdigit() or int(num) < 1 or period not in ("s", "sec", "second", "m", "min", "minute", "h", "hour",
                                                           "d", "day"):
        raise DomainError("访问频率格式应为“次数/单位”，如 600/hour、60/min", field="rate")
    return rate


def client_roles() -> list[tuple[str, str]]:
    """The roles a machine client's account may hold: any working role, never one of the three administrators'
    (三员分立: no system acts as an administrator)."""
    from yiwang.org.models import Role

    from .roles import ADMIN_ROLES

    return [(r.value, str(r.label)) for r in Role if r not in ADMIN_ROLES]


def _client_account(app, name: str, role: str, department, hall):
    """The account the client acts as in the API: no usable password (it never signs in on a page), the role the
    security administrator gives it (a role needing a department or hall gets it)."""
    from yiwang.org.models import StaffRole, User

    account = User(username=f"client-{app.client_id[:20]}", display_name=name[:100], kind=User.Kind.STAFF)
    account.set_unusable_password()
    account.save()
    if role:
        if role not in dict(client_roles()):
            raise DomainError("对接系统不能担任该角色（三员分立：不得担任管理员角色）", field="role")
        StaffRole.objects.create(user=account, role=role, department=department, hall=hall)
    return account


@transaction.atomic
def issue_client(*, name: str, scopes, expires_on: dt.date, rate: str = "", actor, role: str = "",
                 department=None, hall=None) -> tuple[MachineClient, str]:
    """Issue credentials for another system. Returns (client, the client secret, shown once). `role` (with its
    `department` or `hall` where it needs one): the role the system acts in — e.g. the 12345 hotline as the
    enterprise service centre (service_centre) registering hotline demands; without one it only reads."""
    from oauth2_provider.generators import generate_client_secret
    from oauth2_provider.models import Application

    require(actor, "manage_clients")
    name = " ".join(str(name or "").split())
    if not name:
        raise DomainError("请填写对接系统名称", field="name")
    if MachineClient.objects.filter(name=name).exists():
        raise Conflict("该对接系统已有凭据，请轮换或吊销原凭据", field="name")
    if not isinstance(expires_on, dt.date) or expires_on <= timezone.localdate():
        raise DomainError("有效期至须晚于今天", field="expires_on")
    secret = generate_client_secret()
    app = Application.objects.create(
        name=name, client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS, client_secret=secret, user=None)
    scopes, rate = _scopes(scopes), _rate(rate)
    client = MachineClient.objects.create(
        application=app, name=name, scopes=scopes, rate=rate, issued_by=actor,
        account=_client_account(app, name, str(role or ""), department, hall),
        expires_at=timezone.make_aware(dt.datetime.combine(expires_on, dt.time(23, 59, 59))))
    record(actor=actor, action="security.client_issue", target=client, role="security_admin",
           after={"name": name, "client_id": app.client_id, "scopes": client.scopes, "rate": client.rate,
                  "expires_at": client.expires_at, "account": client.account.username, "role": role or "",
                  "department": getattr(department, "pk", None), "hall": getattr(hall, "pk", None)})
    return client, secret


def _locked(client_id: int, version: int | None) -> MachineClient:
    client = MachineClient.objects.select_for_update(of=("self",)).select_related("application").get(pk=client_id)
    if version is not None and client.version != int(version):
        raise Conflict("凭据已被他人更新，请刷新后重试", code="stale_version", extra={"version": client.version})
    return client


@transaction.atomic
def rotate_client(client_id: int, *, actor, expected_version: int | None = None) -> tuple[MachineClient, str]:
    """A new secret; the old one and every token issued with it stop working at once."""
    from oauth2_provider.generators import generate_client_secret
    from oauth2_provider.models import AccessToken

    require(actor, "manage_clients")
    client = _locked(client_id, expected_version)
    if client.revoked_at:
        raise Conflict("凭据已吊销，不能轮换")
    secret = generate_client_secret()
    app = client.application
    app.client_secret = secret
    app.save()
    AccessToken.objects.filter(application=app).delete()
    client.rotated_at = timezone.now()
    client.version += 1
    client.save(update_fields=["rotated_at", "version"])
    record(actor=actor, action="security.client_rotate", target=client, role="security_admin",
           data={"client_id": app.client_id})
    return client, secret


@transaction.atomic
def revoke_client(client_id: int, *, reason: str, actor, expected_version: int | None = None) -> MachineClient:
    from oauth2_provider.models import AccessToken

    require(actor, "manage_clients")
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise DomainError("请填写吊销原因", field="reason")
    client = _locked(client_id, expected_version)
    if client.revoked_at:
        raise Conflict("凭据已吊销")
    AccessToken.objects.filter(application=client.application).delete()
    client.revoked_at = timezone.now()
    client.revoked_reason = reason[:200]
    client.version += 1
    client.save(update_fields=["revoked_at", "revoked_reason", "version"])
    if client.account_id:
        type(client.account).objects.filter(pk=client.account_id).update(is_active=False)
    record(actor=actor, action="security.client_revoke", target=client, role="security_admin",
           data={"reason": client.revoked_reason})
    return client


def forbid(message: str):
    raise PermissionDenied(message)
