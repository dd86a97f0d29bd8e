from django.utils.translation import gettext_lazy as _


def _manages_org(user) -> bool:
    from .departments import can_manage_org

    return can_manage_org(user)


LINKS = [
    ("org:departments", _("部门管理"), _("部门、别名与办理编码"), _manages_org),
]
