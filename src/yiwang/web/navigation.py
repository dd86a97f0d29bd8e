"""The links shown in the header and on the home page. The core apps' links are listed here; any other app adds
its own in `yiwang/<app>/nav.py` as `LINKS` (same tuples), gathered in INSTALLED_APPS order. A link whose URL name
does not resolve is left out."""
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

LINKS = [
    # (url name, label, help, who sees it: "all" | "staff" | "applicant" | "signed_in")
    ("catalog:index", _("办事指南"), _("按部门、类型、主题浏览和搜索政务服务事项"), "all"),
    ("cases:portal", _("我的办件"), _("在线申请、查看进度、补正材料"), "applicant"),
    ("cases:workbench", _("综合窗口"), _("收件、受理、出件"), "staff"),
    ("cases:inbox", _("待办"), _("审核、审批"), "staff"),
    ("supervision:board", _("电子监察"), _("预警、异常、督办"), "staff"),
    ("supervision:dashboard", _("效能统计"), _("按部门、事项、大厅、渠道统计办件效能"), "staff"),
    ("licences:index", _("电子证照"), _("查询、下载、注销电子证照"), "staff"),
    ("ratings:mine", _("我的评价"), _("对办理的服务作出评价，查看整改答复"), "applicant"),
    ("ratings:rectifications", _("差评整改"), _("回访、整改、答复差评"), "staff"),
    ("ratings:public", _("好差评"), _("评价结果公开"), "all"),
    ("notify:inbox", _("消息"), _("站内消息与通知设置"), "signed_in"),
    ("licences:verify", _("证照核验"), _("扫码或上传核验电子证照"), "all"),
    ("workdays:index", _("工作日历"), _("法定节假日与调休"), "all"),
]



def all_links() -> list[tuple]:
    out = list(LINKS)
    for app in settings.INSTALLED_APPS:
        if app.startswith("yiwang.") and find_spec(f"{app}.nav") is not None:
            out.extend(import_module(f"{app}.nav").LINKS)
    return out


def nav_links(request):
    user = getattr(request, "user", None)
    is_staff = bool(user and user.is_authenticated and getattr(user, "kind", "") == "staff")
    is_applicant = bool(user and user.is_authenticated and not is_staff)
    out = []
    for name, label, help_text, who in all_links():
        if (who == "staff" and not is_staff) or (who == "applicant" and not is_applicant) or (
            who == "signed_in" and not (is_staff or is_applicant)
        ):
            continue
        try:
            out.append({"url": reverse(name), "label": label, "help": help_text})
        except NoReverseMatch:
            continue
    return {"nav_links": out}
