from django.utils.translation import gettext_lazy as _

from .access import departments, reads_internal

LINKS = [
    ("inspections:index", _("双随机、一公开"), _("抽查事项清单、抽查计划、可复核的随机抽取、检查结果公示"), "all"),
    ("inspections:rules", _("首违不罚与裁量基准"), _("各部门首违不罚清单和行政处罚裁量基准"), "all"),
    ("inspections:directory", _("检查人员与对象名录"), _("执法证号、执法领域、利害关系申报；产品、工程项目、场所"),
     lambda user: bool(departments(user) is None or departments(user))),
    ("inspections:figures", _("抽查统计"), _("按部门、风险分类、执法人员统计抽查和问题发现率"), reads_internal),
]
