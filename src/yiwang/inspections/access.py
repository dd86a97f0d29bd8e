"""Who may do what in inspections: a department's inspection staff manage its items, directory entries, plans and
tasks (a joint plan: the lead department); the drawn inspectors enter results; everyone reads what is published."""
from __future__ import annotations

from yiwang.org.models import Role
from yiwang.org.scoping import scope_of

MANAGER_ROLES = {Role.INSPECTOR, Role.SECTION_HEAD, Role.UNIT_LEADER}


def departments(user) -> set[int] | None:
    """Departments whose inspection work `user` manages; None: all (superuser); empty: none."""
    if not user or not user.is_authenticated:
        return set()
    if user.is_superuser:
        return None
    return {d for role, d, _h, _o in scope_of(user).staff_roles if role in MANAGER_ROLES and d}


def manages(user, department_id) -> bool:
    deps = departments(user)
    return deps is None or (department_id is not None and department_id in deps)


def reads_internal(user) -> bool:
    """Staff of any inspection department, supervisors and the credit office read plans and figures internally."""
    if not user or not user.is_authenticated:
        return False
    scope = scope_of(user)
    return user.is_superuser or scope.reads_all or scope.has(*MANAGER_ROLES, Role.CREDIT_OFFICER)
