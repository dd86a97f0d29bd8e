"""三员分立 (等保 2.0 level 3, 安全管理中心): the system administrator runs accounts and configuration, the security
administrator roles, lockouts, machine clients and keys, the audit administrator reads the audit trail — and
none can do another's job. One table says which duty and which Django-admin model each role holds; the role
backend (backends.RoleBackend) and `require` read it, and tests/security/test_matrix.py checks it."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied

from yiwang.org.models import Role
from yiwang.org.scoping import scope_of

ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})

DUTIES: dict[str, frozenset[str]] = {
    "manage_users": frozenset({Role.SYSADMIN}),
    "manage_config": frozenset({Role.SYSADMIN}),
    "manage_roles": frozenset({Role.SECURITY_ADMIN}),
    "manage_lockouts": frozenset({Role.SECURITY_ADMIN}),
    "manage_clients": frozenset({Role.SECURITY_ADMIN}),
    "manage_keys": frozenset({Role.SECURITY_ADMIN}),
    "read_audit": frozenset({Role.AUDIT_ADMIN, Role.SUPERVISOR}),
}
DUTY_LABELS = {
    "manage_users": "管理用户账号", "manage_config": "管理系统配置", "manage_roles": "分配岗位角色",
    "manage_lockouts": "查看和解除登录锁定", "manage_clients": "管理对接系统凭据", "manage_keys": "管理签章密钥",
    "read_audit": "查阅审计记录",
}

ALL = frozenset({"view", "add", "change", "delete"})
EDIT = frozenset({"view", "add", "change"})
VIEW = frozenset({"view"})

# The Django-admin models of each administrator (app_label.model_name → actions). Anything not listed is closed.
ADMIN_MODELS: dict[str, dict[str, frozenset[str]]] = {
    Role.SYSADMIN: {
        "org.user": EDIT, "org.region": ALL, "org.department": EDIT, "org.hall": ALL, "org.window": ALL,
        "workdays.calendaryear": EDIT, "workdays.calendarday": VIEW, "notify.channel": ALL,
        "catalog.serviceitem": VIEW, "security.credential": VIEW,
    },
    Role.SECURITY_ADMIN: {
        "org.user": VIEW, "org.staffrole": ALL, "security.credential": frozenset({"view", "change"}),
        "security.machineclient": VIEW, "axes.accessattempt": frozenset({"view", "delete"}),
        "axes.accessfailurelog": VIEW, "licences.signingkey": VIEW,
        "otp_totp.totpdevice": frozenset({"view", "delete"}),  # a lost phone: delete the device, the person re-enrols
    },
    Role.AUDIT_ADMIN: {
        "audit.auditevent": VIEW, "axes.accesslog": VIEW, "axes.accessfailurelog": VIEW,
    },
}


def roles_of(user) -> frozenset[str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    return scope_of(user).roles


def has_duty(user, duty: str) -> bool:
    return bool(roles_of(user) & DUTIES[duty])


def require(user, duty: str) -> None:
    if not has_duty(user, duty):
        holders = "、".join(str(Role(r).label) for r in sorted(DUTIES[duty]))
        raise PermissionDenied(f"{DUTY_LABELS[duty]}由{holders}负责（三员分立）")


def admin_permissions(user) -> set[str]:
    """Django permission names ("app_label.view_model") that the user's administrator roles give."""
    out = set()
    for role in roles_of(user) & ADMIN_ROLES:
        for model, actions in ADMIN_MODELS.get(role, {}).items():
            app_label, name = model.split(".")
            out.update(f"{app_label}.{action}_{name}" for action in actions)
    return out
