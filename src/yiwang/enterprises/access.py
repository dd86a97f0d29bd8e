"""Who may see and change what in the registry."""
from __future__ import annotations

from yiwang.org.models import Role
from yiwang.org.scoping import scope_of

from .models import Assignment, Enterprise

# Staff who read the whole registry (each sees only what their role needs on the page).
READ_ALL = {Role.SERVICE_CENTRE, Role.POLICY_OFFICER, Role.CREDIT_OFFICER, Role.INSPECTOR}
EDITORS = {Role.SERVICE_CENTRE, Role.SYSADMIN}


def visible_enterprises(user, qs=None):
    """Enterprises the user may see: all for the centre and the registry's readers; a commissioner theirs;
    an agent their own; anything else nothing."""
    qs = Enterprise.objects.all() if qs is None else qs
    if user is None or not user.is_authenticated:
        return qs.none()
    scope = scope_of(user)
    if scope.reads_all or scope.has(*READ_ALL):
        return qs
    from django.db.models import Q

    cond = Q(pk__in=[])
    if scope.has(Role.COMMISSIONER):
        cond |= Q(pk__in=Assignment.objects.filter(commissioner=user, ended_on__isnull=True)
                  .values("enterprise_id"))
    if scope.applicant_ids:
        cond |= Q(applicant_id__in=scope.applicant_ids)
    return qs.filter(cond)


def may_edit(user) -> bool:
    return bool(user and user.is_authenticated and (scope_of(user).has(*EDITORS) or user.is_superuser))


def is_agent(user, enterprise: Enterprise) -> bool:
    return bool(user and user.is_authenticated and enterprise.applicant_id
                and enterprise.applicant_id in scope_of(user).applicant_ids)


def is_commissioner_of(user, enterprise: Enterprise) -> bool:
    return Assignment.objects.filter(enterprise=enterprise, commissioner=user, ended_on__isnull=True).exists()


def mask_name(name: str) -> str:
    """王** for 王小明: the legal representative as shown to anyone but the enterprise's own agents."""
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""
