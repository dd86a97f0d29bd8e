from django.utils.translation import gettext_lazy as _

LINKS = [
    ("credit:public", _("信用公示"), _("按名称或统一社会信用代码查询行政许可、行政处罚和信用名单"), "all"),
    ("credit:mine", _("我的信用"), _("信用记录、评价、信用修复和信用报告"), "applicant"),
    ("credit:office", _("信用管理"), _("信用记录录入与导入、信用修复审核、奖惩措施"), "staff"),
    ("credit:verify", _("信用报告核验"), _("扫码或输入核验码核验信用报告"), "all"),
]
