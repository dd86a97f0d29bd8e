from django.utils.translation import gettext_lazy as _

LINKS = [
    ("org:departments", _("部门管理"), _("部门、别名与办理编码"), "staff"),
]
