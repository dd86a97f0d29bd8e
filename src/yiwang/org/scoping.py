"""Who may see what: role and department/hall scopes, used by every API and page that lists data."""
from __future__ import annotations

from dataclasses import dataclass, field

from .models import Role

READ_ALL_ROLES = {Role.SUPERVISOR, Role.SYSADMIN}


@dataclass(frozen=True)
class Scope:
    roles: frozenset[str] = frozenset()
    department_ids: frozenset[int] = frozenset()
    hall_ids: frozenset[int] = frozenset()
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


def scope_of(user) -> Scope:
    """The scope of a user, computed once per request (cached on the user object)."""
    if user is None or not user.is_authenticated:
        return Scope()
    cached = getattr(user, "_yiwang_scope", None)
    if cached is not None:
        return cached
    roles, departments, halls = set(), set(), set()
    officer = False
    rows = []
    for r in user.staff_roles.all():
        rows.append((r.role, r.department_id, r.hall_id, r.is_window_officer))
        roles.add(r.role)
        if r.department_id:
            departments.add(r.department_id)
        if r.hall_id:
            halls.add(r.hall_id)
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
        applicant_ids=frozenset(applicants),
        reads_all=bool(roles & READ_ALL_ROLES) or user.is_superuser,
        window_officer=officer,
        staff_roles=tuple(rows),
    )
    user._yiwang_scope = scope
    return scope


def scoped(qs, user, *, applicant: str | None = None, department: str | None = None, hall: str | None = None):
    """Filter `qs` to what `user` may read: rows of their applicants, departments or halls, named by the lookups
    given (e.g. applicant="applicant_id", department="department_id"); everything for supervisors and system
    administrators; nothing for anonymous users."""
    from django.db.models import Q

    if user is None or not user.is_authenticated:
        return qs.none()
    scope = scope_of(user)
    if scope.reads_all:
        return qs
    cond = Q(pk__in=[])
    for lookup, ids in ((applicant, scope.applicant_ids), (department, scope.department_ids), (hall, scope.hall_ids)):
        if lookup and ids:
            cond |= Q(**{f"{lookup}__in": ids})
    return qs.filter(cond)
