from django.utils.translation import gettext_lazy as _


def _sees_reform(user) -> bool:
    """The reform office, evaluators, supervisors and the units' liaisons and heads (reform.access)."""
    from .access import ReformScope

    return bool(user and user.is_authenticated and ReformScope(user).allowed)


LINKS = [
    ("reform:index", _("改革任务"), _("改革方案、任务分工、季度报送"), _sees_reform),
    ("reform:dashboard", _("改革看板"), _("完成情况、滞后任务、报送与指标"), _sees_reform),
]
