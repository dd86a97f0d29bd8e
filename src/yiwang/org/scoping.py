"""Who may see what: role and department/hall scopes, used by every API and page that lists data."""
from __future__ import annotations

from dataclasses import dataclass, field

from .models import Role

# Read-only oversight of every case: 效能监察. The system administrator runs accounts and configuration and reads
# no case (三员分立, issue 8 no. 4).
READ_ALL_ROLES = {Role.SUPERVISOR}

# Scope comes from the roles that need the data (issue 8 no. 3): a department binding opens the department's
# cases, their materials, ratings and licences only to the roles that handle cases there; a hall binding only to
# its window clerks. A catalogue manager (事项管理员), a demand handler or an inspector bound to the same
# department reads none of its cases.
CASE_DEPARTMENT_ROLES = frozenset({Role.REVIEWER, Role.SECTION_HEAD, Role.UNIT_LEADER})
CASE_HALL_ROLES = frozenset({Role.CLERK})


@dataclass(frozen=True)
class Scope:
    roles: frozenset[str] = frozenset()
    department_ids: frozenset[int] = frozenset()
    hall_ids: frozenset[int] = frozenset()
    # The departments and halls whose cases (and what hangs on them) the person handles.
    case_department_ids: frozenset[int] = frozenset()
    case_hall_ids: frozenset[int] = frozenset()
    applicant_ids: frozenset[int] = frozenset()
    reads_all: bool = False
    window_officer: bool = False
    # The staff-role rows themselves, (role, department_id, hall_id, is_window_officer), read with the scope so
    # that callers needing them per row (a case's parts) do not read them again within the request.
    staff_roles: tuple[tuple[str, int | None, int | None, bool], ...] = field(default=(), compare=False)
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def is_staff(self) -> bool:
        return bool(self.roles)

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


def departments_with(user, roles) -> set[int]:
    """The departments in which the user holds any of `roles` (from the request's cached scope: no query)."""
    wanted = set(roles)
    return {dept for role, dept, _hall, _officer in scope_of(user).staff_roles if dept and role in wanted}


def scope_of(user) -> Scope:
    """The scope of a user, computed once per request (cached on the user object)."""
    if user is None or not user.is_authenticated:
        return Scope()
    cached = getattr(user, "_yiwang_scope", None)
    if cached is not None:
        return cached
    roles, departments, halls, case_departments, case_halls = set(), set(), set(), set(), set()
    officer = False
    rows = []
    for r in user.staff_roles.all():
        rows.append((r.role, r.department_id, r.hall_id, r.is_window_officer))
        roles.add(r.role)
        if r.department_id:
            departments.add(r.department_id)
            if r.role in CASE_DEPARTMENT_ROLES:
                case_departments.add(r.department_id)
        if r.hall_id:
            halls.add(r.hall_id)
            if r.role in CASE_HALL_ROLES:
                case_halls.add(r.hall_id)
        officer = officer or r.is_window_officer
    applicants = set()
    if user.kind == user.Kind.APPLICANT:
        from .models import Applicant

        applicants = set(
            Applicant.objects.filter(user=user).values_list("id", flat=True)
        ) | set(user.represented_applicants.values_list("id", flat=True))
    scope = Scope(
        roles=frozenset(roles),
        department_ids=frozenset(departments),
        hall_ids=frozenset(halls),
        case_department_ids=frozenset(case_departments),
        case_hall_ids=frozenset(case_halls),
        applicant_ids=frozenset(applicants),
        reads_all=bool(roles & READ_ALL_ROLES) or user.is_superuser,
        window_officer=officer,
        staff_roles=tuple(rows),
    )
    user._yiwang_scope = scope
    return scope


def scoped(qs, user, *, applicant: str | None = None, department: str | None = None, hall: str | None = None):
    """Filter `qs` to what `user` may read: rows of their applicants, departments or halls, named by the lookups
    given (e.g. applicant="applicant_id", department="department_id") — departments and halls only where the
    person holds a role that handles their cases (CASE_DEPARTMENT_ROLES, CASE_HALL_ROLES); everything for
    read-all roles; nothing for anonymous users."""
    from django.db.models import Q

    if user is None or not user.is_authenticated:
        return qs.none()
    scope = scope_of(user)
    if scope.reads_all:
        return qs
    cond = Q(pk__in=[])
    for lookup, ids in ((applicant, scope.applicant_ids), (department, scope.case_department_ids),
                         (hall, scope.case_hall_ids)):
        if lookup and ids:
            cond |= Q(**{f"{lookup}__in": ids})
    return qs.filter(cond)


def acts_for_department(user, department_id: int | None, roles=None) -> bool:
    """Whether `user` holds a role in the department (optionally one of `roles`): the rule for acting in a
    department's name — issuing its e-licence, above all — the same whichever door the act comes through."""
    if user is None or not getattr(user, "is_authenticated", False) or department_id is None:
        return False
    scope = scope_of(user)
    return any(dep == department_id and (roles is None or role in roles)
               for role, dep, _hall, _officer in scope.staff_roles)
