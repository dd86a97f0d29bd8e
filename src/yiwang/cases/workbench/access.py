"""Who may open the workbench pages, and the scoped look-ups (a case out of scope is a 404, never a 403)."""
from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Case
from ..queries import cases_visible_to


def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and getattr(user, "kind", "") == user.Kind.STAFF)


def staff_required(view):
    """Staff only: anonymous users go to the login page, applicants get a 404 (the portal is theirs)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff(request.user):
            raise Http404("未找到")
        return view(request, *args, **kwargs)

    return wrapper


def staff_case(user, pk) -> Case:
    """A case the staff member may see (their department's, their hall's, or any for supervisors)."""
    qs = cases_visible_to(user).select_related("item_version__item", "department__region", "applicant", "hall",
                                               "window", "accepted_by", "bundle_case")
    return get_object_or_404(qs, pk=pk)


def readable_case(user, pk) -> Case:
    """A case its applicant (or their agent) or staff in scope may read: documents and material files."""
    if not user.is_authenticated:
        raise Http404("未找到")
    return staff_case(user, pk)


def menu(user) -> list[tuple[str, str, str]]:
    """The workbench's own navigation for `user`: (url name, label, section) of the pages they may use — the window
    and delivery for clerks, the inbox for clerks and department staff, the load board for section heads, unit
    leaders, supervisors and system administrators, the licences for department staff and read-all roles."""
    from yiwang.org.models import Role
    from yiwang.org.scoping import scope_of

    from .queries import load_departments

    scope = scope_of(user)
    department = scope.has(Role.REVIEWER, Role.SECTION_HEAD, Role.UNIT_LEADER)
    out = []
    if scope.has(Role.CLERK):
        out += [("cases:workbench", "综合窗口", "window"), ("cases:delivery", "统一出件", "delivery")]
    if scope.has(Role.CLERK) or department:
        out.append(("cases:inbox", "我的待办", "inbox"))
    if load_departments(user):
        out.append(("cases:load", "部门办件负荷", "load"))
    if department or scope.reads_all:
        out.append(("licences:index", "电子证照", ""))
    return out
