"""Who may maintain the catalogue: catalogue administrators of the item's department, and system administrators."""
from yiwang.api.errors import DomainError
from yiwang.org.models import Department, Role
from yiwang.org.scoping import departments_with, scope_of


class NotAllowed(DomainError):
    """The user may not maintain this part of the catalogue (HTTP 403)."""

    status = 403
    code = "permission_denied"


def can_manage(user, department: Department | None) -> bool:
    """Catalogue administrators of the department, and system administrators, may edit its items."""
    if user is None or not user.is_authenticated:
        return False
    scope = scope_of(user)
    if user.is_superuser or scope.has(Role.SYSADMIN):
        return True
    return department is not None and scope.has(Role.CATALOG_ADMIN) and department.pk in scope.department_ids \
        and user.staff_roles.filter(role=Role.CATALOG_ADMIN, department=department).exists()


def manageable_departments(user):
    if user is None or not user.is_authenticated:
        return Department.objects.none()
    scope = scope_of(user)
    if user.is_superuser or scope.has(Role.SYSADMIN):
        return Department.objects.all()
    return Department.objects.filter(staff_roles__user=user, staff_roles__role=Role.CATALOG_ADMIN).distinct()


def manages_any(user) -> bool:
    """Whether `manageable_departments(user)` is non-empty, from the request's cached scope (no query)."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser or scope_of(user).has(Role.SYSADMIN)
                or departments_with(user, [Role.CATALOG_ADMIN]))


def _require(actor, department):
    if actor is not None and not can_manage(actor, department):
        raise NotAllowed(f"您不是“{department}”的事项管理员，无权维护其事项")
