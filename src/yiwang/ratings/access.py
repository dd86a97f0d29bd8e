"""Who plays which part in ratings: the rater (the case's applicant, by their own account or as an agent of their
enterprise), staff recording a hotline rating on the applicant's behalf (clerks of the receiving hall and
supervisors — never the handling department itself), the handling unit (谁办理、谁负责: staff of the case's
department) and supervisors, who review appeals."""
from __future__ import annotations

from yiwang.api.errors import DomainError
from yiwang.org.models import Role
from yiwang.org.scoping import CASE_DEPARTMENT_ROLES, scope_of

UNIT_APPEAL_ROLES = frozenset({Role.SECTION_HEAD, Role.UNIT_LEADER})


class Forbidden(DomainError):
    """Not this person's part (HTTP 403)."""

    status = 403
    code = "forbidden"


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def is_rater(user, case) -> bool:
    return (_authenticated(user) and user.kind == user.Kind.APPLICANT
            and case.applicant_id in scope_of(user).applicant_ids)


def may_record_on_behalf(user, case) -> bool:
    if not _authenticated(user) or user.kind != user.Kind.STAFF:
        return False
    scope = scope_of(user)
    if scope.has(Role.SUPERVISOR):
        return True
    return is_hall_clerk(user, case)


def is_hall_clerk(user, case) -> bool:
    """A clerk of the hall that received the case: records a rating given at its window (窗口代录)."""
    return (_authenticated(user) and user.kind == user.Kind.STAFF
            and user.staff_roles.filter(role=Role.CLERK, hall_id=case.hall_id).exists())


def in_unit(user, department_id: int, roles=None) -> bool:
    """Whether `user` handles cases in the department (as a reviewer, section head or unit leader; `roles`
    narrows further). Other roles bound to the department — a catalogue manager, say — are not its unit."""
    if not _authenticated(user) or user.kind != user.Kind.STAFF:
        return False
    wanted = CASE_DEPARTMENT_ROLES if roles is None else CASE_DEPARTMENT_ROLES & frozenset(roles)
    return user.staff_roles.filter(department_id=department_id, role__in=list(wanted)).exists()


def is_supervisor(user) -> bool:
    return _authenticated(user) and (scope_of(user).has(Role.SUPERVISOR) or user.is_superuser)


def reads_all(user) -> bool:
    return _authenticated(user) and scope_of(user).reads_all
