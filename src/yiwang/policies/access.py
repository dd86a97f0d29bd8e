"""Who may do what with policies. Policy staff (政策管理人员) edit and publish; a policy's responsible department
(its policy officers, section heads and unit leaders) runs its grant rounds, answers objections and revokes grants;
an enterprise's agents see their matches, confirm 即申即享 and object."""
from __future__ import annotations

from yiwang.org.models import Role
from yiwang.org.scoping import departments_with, scope_of

ROUND_ROLES = (Role.POLICY_OFFICER, Role.SECTION_HEAD, Role.UNIT_LEADER)


def is_policy_staff(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or scope_of(user).has(Role.POLICY_OFFICER)))


def round_departments(user) -> set[int]:
    if not (user and user.is_authenticated):
        return set()
    return departments_with(user, ROUND_ROLES)


def works_for(user, policy) -> bool:
    """A member of the policy's responsible department who may work its rounds, objections and grants."""
    return policy.lead_department_id in round_departments(user)


def sees_figures(user) -> bool:
    return bool(user and user.is_authenticated and (is_policy_staff(user) or round_departments(user)
                                                    or scope_of(user).has(Role.SERVICE_CENTRE, Role.SUPERVISOR)))
