"""Who may open which demands page. The views refuse with these and the navigation shows a link with the same
predicate, so nobody is shown a link that answers 403."""
from __future__ import annotations

from yiwang.enterprises.models import Enterprise
from yiwang.org.models import Role
from yiwang.org.scoping import scope_of


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def is_centre(user) -> bool:
    """企业服务中心 staff (and superusers): intake from the hotline, dispatch, meetings, assessment."""
    return _signed_in(user) and (scope_of(user).has(Role.SERVICE_CENTRE) or user.is_superuser)


def may_file(user) -> bool:
    """The centre enters demands from every channel; an enterprise's agent files for their own enterprise."""
    if not _signed_in(user):
        return False
    if is_centre(user):
        return True
    ids = scope_of(user).applicant_ids
    return bool(ids) and Enterprise.objects.filter(applicant_id__in=ids).exists()


def own_enterprises(user):
    return Enterprise.objects.filter(applicant_id__in=scope_of(user).applicant_ids)


def may_see_figures(user) -> bool:
    """The figures and the commissioners' assessment: the centre, supervisors and those who read everything."""
    if not _signed_in(user):
        return False
    scope = scope_of(user)
    return scope.has(Role.SERVICE_CENTRE, Role.SUPERVISOR) or scope.reads_all


def is_commissioner(user) -> bool:
    return _signed_in(user) and scope_of(user).has(Role.COMMISSIONER)


def sees_demands(user) -> bool:
    """The demands list serves the centre, supervisors, handlers, department heads, commissioners and agents."""
    if not _signed_in(user):
        return False
    scope = scope_of(user)
    return (scope.reads_all or may_file(user) or scope.has(
        Role.SERVICE_CENTRE, Role.SUPERVISOR, Role.DEMAND_HANDLER, Role.COMMISSIONER, Role.SECTION_HEAD,
        Role.UNIT_LEADER))
