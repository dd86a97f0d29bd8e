"""Who may do what in credit: the credit office manages models and measures; a department edits its own records;
subjects see their own; the public sees what is published."""
from __future__ import annotations

from yiwang.org.models import Role
from yiwang.org.scoping import scope_of

# 三员分立: the system administrator runs accounts and configuration, not credit (no models, measures or repairs).
OFFICE_ROLES = {Role.CREDIT_OFFICER}
RECORD_ROLES = {Role.CREDIT_OFFICER, Role.SECTION_HEAD, Role.UNIT_LEADER, Role.INSPECTOR, Role.REVIEWER}


def is_office(user) -> bool:
    return bool(user and user.is_authenticated and (scope_of(user).has(*OFFICE_ROLES) or user.is_superuser))


def record_departments(user) -> set[int] | None:
    """Departments whose records `user` may enter and change; None: all (the credit office)."""
    if is_office(user):
        return None
    scope = scope_of(user)
    return {d for role, d, _h, _o in scope.staff_roles if role in RECORD_ROLES and d}


def may_edit_department(user, department_id) -> bool:
    deps = record_departments(user)
    return deps is None or (department_id is not None and department_id in deps)


def reads_all(user) -> bool:
    return bool(user and user.is_authenticated and (is_office(user) or scope_of(user).reads_all
                                                    or scope_of(user).is_staff))


def own_codes(user) -> set[str]:
    """Subject codes of the applicants the user is or represents."""
    if not user or not user.is_authenticated:
        return set()
    from yiwang.org.models import Applicant

    ids = scope_of(user).applicant_ids
    return set(Applicant.objects.filter(pk__in=ids).values_list("id_number", flat=True)) if ids else set()
