"""Who sees reform tasks: the reform office (改革办) everything and changes everything; a unit's liaisons, section
heads and unit leaders their unit's tasks (as lead, co-lead or co-unit); evaluators read everything and fill
evaluation forms; efficiency supervisors read everything."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from yiwang.org.models import Role
from yiwang.org.scoping import departments_with, scope_of

UNIT_ROLES = [Role.REFORM_LIAISON, Role.SECTION_HEAD, Role.UNIT_LEADER]


class ReformScope:
    def __init__(self, user):
        self.user = user
        signed_in = bool(user is not None and user.is_authenticated)
        scope = scope_of(user) if signed_in else None
        self.is_office = signed_in and (user.is_superuser or scope.has(Role.REFORM_OFFICER))
        self.is_evaluator = signed_in and scope.has(Role.EVALUATOR)
        self.reads_all = self.is_office or self.is_evaluator or (signed_in and scope.has(Role.SUPERVISOR))
        units = set()
        if signed_in:
            units = departments_with(user, UNIT_ROLES)
        self.department_ids: frozenset[int] = frozenset(units)
        self.allowed = self.reads_all or bool(self.department_ids)

    def require(self) -> ReformScope:
        if not self.allowed:
            raise PermissionDenied("只有改革办、各单位改革任务联络员和第三方评估人员可以查看改革任务")
        return self

    def require_office(self) -> ReformScope:
        if not self.is_office:
            raise PermissionDenied("只有改革办人员可以执行此操作")
        return self

    def tasks(self, qs: QuerySet) -> QuerySet:
        if self.reads_all:
            return qs
        return qs.filter(Q(lead_id__in=self.department_ids) | Q(units__department_id__in=self.department_ids)).distinct()

    def leads(self, task) -> bool:
        return task.lead_id is not None and task.lead_id in self.department_ids

    def co_departments(self, task) -> list[int]:
        return [u.department_id for u in task.units.all()
                if u.department_id in self.department_ids and u.role != "lead"]


def reform_scope(user) -> ReformScope:
    return ReformScope(user).require()
