from django.utils.translation import gettext_lazy as _


def _rounds(user) -> bool:
    from . import access

    return bool(access.is_policy_staff(user) or access.round_departments(user))


def _figures(user) -> bool:
    from . import access

    return access.sees_figures(user)


LINKS = [
    ("policies:index", _("惠企政策"), _("政策清单：检索、筛选、导出，查看享受条件"), "all"),
    ("policies:rounds", _("政策兑现"), _("免申即享名单审核确认、异议答复"), _rounds),
    ("policies:figures", _("政策统计"), _("发布、推送、阅读、兑现统计，一个月归集发布率"), _figures),
]
