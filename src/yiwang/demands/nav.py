"""Demands links, shown with the predicates the pages refuse with (demands.access)."""
from django.utils.translation import gettext_lazy as _


def _sees_demands(user) -> bool:
    from .access import sees_demands

    return sees_demands(user)


def _commissioner(user) -> bool:
    from .access import is_commissioner

    return is_commissioner(user)


def _figures(user) -> bool:
    from .access import may_see_figures

    return may_see_figures(user)


LINKS = [
    ("demands:index", _("企业诉求"), _("诉求受理、派单、报到、答复、评价"), _sees_demands),
    ("demands:workbench", _("专员工作台"), _("我的企业、走访、诉求、逾期事项"), _commissioner),
    ("demands:figures", _("诉求统计"), _("按分类、部门、渠道、园区、月份统计诉求办理"), _figures),
]
