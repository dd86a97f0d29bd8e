from django.utils.translation import gettext_lazy as _


def _manages_org(user) -> bool:
    from .departments import can_manage_org

    return can_manage_org(user)


def _loads_district(user) -> bool:
    from .district import may_load_org, may_load_roles

    return may_load_org(user) or may_load_roles(user)


LINKS = [
    ("org:departments", _("部门管理"), _("部门、别名与办理编码"), _manages_org),
    ("org:district", _("组织机构导入"), _("用一个工作簿导入区划、部门、大厅、窗口、人员和岗位"), _loads_district),
]
