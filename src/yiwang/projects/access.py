"""Who may see and do what with construction projects. The views and the API refuse with these predicates and the
navigation shows a link with the same ones, so nobody is shown a link that answers 403.

- the review centre (工程建设项目审批服务中心: 工程建设审批中心人员 of 政务服务办) and the construction bureau (the
  same role in 住房城乡建设管理委) see every project; the bureau edits the risk matrix and the stage plan;
- a department's reviewers, section heads and unit leaders see the projects with an item of their department;
- the builder's agents see their enterprise's projects and file its stages."""
from __future__ import annotations

from django.db.models import Q

from yiwang.org.models import Role
from yiwang.org.scoping import scope_of

BUREAU_DEPARTMENT_CODE = "JSW"


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def is_centre(user) -> bool:
    """The review centre or the construction bureau (both hold 工程建设审批中心人员), or a read-all role."""
    if not _signed_in(user):
        return False
    scope = scope_of(user)
    return scope.has(Role.PROJECT_REVIEWER) or scope.reads_all


def is_bureau(user) -> bool:
    """The construction bureau: 工程建设审批中心人员 bound to the bureau; it edits the risk matrix."""
    if not _signed_in(user):
        return False
    from yiwang.org.models import Department

    deps = [dep for role, dep, _h, _o in scope_of(user).staff_roles if role == Role.PROJECT_REVIEWER and dep]
    return Department.objects.filter(pk__in=deps, code=BUREAU_DEPARTMENT_CODE).exists() or user.is_superuser


def visible_projects(user):
    from .models import Project

    if not _signed_in(user):
        return Project.objects.none()
    if is_centre(user):
        return Project.objects.all()
    scope = scope_of(user)
    cond = Q(pk__in=[])
    if scope.applicant_ids:
        cond |= Q(builder__applicant_id__in=scope.applicant_ids)
    if scope.case_department_ids:
        cond |= Q(stages__items__case__department_id__in=scope.case_department_ids)
    return Project.objects.filter(cond).distinct()


def sees_projects(user) -> bool:
    if not _signed_in(user):
        return False
    if is_centre(user):
        return True
    return visible_projects(user).exists()


def is_builder_agent(user, project_or_enterprise) -> bool:
    """Whether `user` acts for the builder (the enterprise itself, or the builder of a project)."""
    enterprise = getattr(project_or_enterprise, "builder", project_or_enterprise)
    return _signed_in(user) and enterprise.applicant_id in scope_of(user).applicant_ids


def department_ids(user) -> frozenset[int] | None:
    """None: every department's items; else the departments whose items the person may see."""
    if is_centre(user):
        return None
    return scope_of(user).case_department_ids
