"""Who sees supervision: efficiency supervisors (and superusers) everything; section heads and unit leaders their
own departments; everyone else is refused."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from yiwang.org.models import Role
from yiwang.org.scoping import scope_of


class SupervisionScope:
    def __init__(self, user):
        scope = scope_of(user)
        self.user = user
        self.is_supervisor = bool(user and user.is_authenticated and (scope.has(Role.SUPERVISOR) or user.is_superuser))
        heads = set()
        if user is not None and user.is_authenticated:
            heads = set(user.staff_roles.filter(role__in=[Role.SECTION_HEAD, Role.UNIT_LEADER])
                        .values_list("department_id", flat=True))
        self.department_ids: frozenset[int] = frozenset(d for d in heads if d)
        self.allowed = self.is_supervisor or bool(self.department_ids)

    def require(self) -> SupervisionScope:
        if not self.allowed:
            raise PermissionDenied("只有效能监察人员、科室负责人和单位负责人可以查看电子监察")
        return self

    def filter(self, qs: QuerySet, field: str = "department_id") -> QuerySet:
        return qs if self.is_supervisor else qs.filter(**{f"{field}__in": self.department_ids})

    def sees_department(self, department_id: int | None) -> bool:
        return self.is_supervisor or department_id in self.department_ids


def supervision_scope(user) -> SupervisionScope:
    return SupervisionScope(user).require()
