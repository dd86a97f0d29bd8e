from django.utils.translation import gettext_lazy as _

LINKS = [
    ("enterprises:index", _("企业档案"), _("企业库检索、导入导出、档案更正、服务专员分配"), "staff"),
    ("enterprises:mine", _("企业专属网页"), _("本企业档案、办件、诉求、服务专员"), "applicant"),
]
