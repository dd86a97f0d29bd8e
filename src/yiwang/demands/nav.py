from django.utils.translation import gettext_lazy as _

LINKS = [
    ("demands:index", _("企业诉求"), _("诉求受理、派单、报到、答复、评价"), "signed_in"),
    ("demands:workbench", _("专员工作台"), _("我的企业、走访、诉求、逾期事项"), "staff"),
    ("demands:figures", _("诉求统计"), _("按分类、部门、渠道、园区、月份统计诉求办理"), "staff"),
]
