from django.utils.translation import gettext_lazy as _

LINKS = [
    ("reform:index", _("改革任务"), _("改革方案、任务分工、季度报送"), "staff"),
    ("reform:dashboard", _("改革看板"), _("完成情况、滞后任务、报送与指标"), "staff"),
]
