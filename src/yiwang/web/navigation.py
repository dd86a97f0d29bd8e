"""The links shown in the header and on the home page. The core apps' links are listed here; any other app adds
its own in `yiwang/<app>/nav.py` as `LINKS` (same tuples), gathered in INSTALLED_APPS order. A link whose URL name
does not resolve is left out.

Who sees a link (the tuple's last element): "all"; "signed_in"; "applicant"; "staff" (any staff member); a tuple of
role names (org.Role values: staff holding at least one of them, and superusers); or a callable `(user) -> bool`.
Each person sees only the links they may use: a link that would answer 403 or an empty page meant for another
role is absent (a crawl test per demo role checks it)."""
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from yiwang.org.models import Role

DEPARTMENT = (Role.REVIEWER, Role.SECTION_HEAD, Role.UNIT_LEADER)

LINKS = [
    # (url name, label, help, who sees it: "all" | "staff" | "applicant" | "signed_in")
    ("catalog:index", _("办事指南"), _("按部门、类型、主题浏览和搜索政务服务事项"), "all"),
    ("cases:portal", _("我的办件"), _("在线申请、查看进度、补正材料"), "applicant"),
    ("cases:workbench", _("综合窗口"), _("收件、受理、出件"), (Role.CLERK,)),
    ("cases:inbox", _("待办"), _("审核、审批"), (Role.CLERK, *DEPARTMENT)),
    ("supervision:board", _("电子监察"), _("预警、异常、督办"), (Role.SUPERVISOR, Role.SECTION_HEAD, Role.UNIT_LEADER)),
    ("supervision:dashboard", _("效能统计"), _("按部门、事项、大厅、渠道统计办件效能"),
     (Role.SUPERVISOR, Role.SECTION_HEAD, Role.UNIT_LEADER)),
    ("licences:index", _("电子证照"), _("查询、下载、注销电子证照"), (*DEPARTMENT, Role.SUPERVISOR)),
    ("ratings:mine", _("我的评价"), _("对办理的服务作出评价，查看整改答复"), "applicant"),
    ("ratings:rectifications", _("差评整改"), _("回访、整改、答复差评"), (*DEPARTMENT, Role.SUPERVISOR)),
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


def _roles(user) -> frozenset[str]:
    from yiwang.org.scoping import scope_of

    return frozenset(scope_of(user).roles)


def sees(user, who) -> bool:
    """Whether `user` sees a link meant for `who` (see the module's docstring)."""
    signed_in = bool(user and user.is_authenticated)
    is_staff = signed_in and getattr(user, "kind", "") == "staff"
    if callable(who):
        return bool(who(user))
    if who == "all":
        return True
    if who == "signed_in":
        return signed_in
    if who == "applicant":
        return signed_in and not is_staff
    if who == "staff":
        return is_staff
    if isinstance(who, (tuple, list, set, frozenset)):
        return is_staff and (user.is_superuser or bool(_roles(user).intersection(who)))
    return False


def nav_links(request):
    user = getattr(request, "user", None)
    out = []
    for name, label, help_text, who in all_links():
        if not sees(user, who):
            continue
        try:
            out.append({"url": reverse(name), "label": label, "help": help_text, "current": False})
        except NoReverseMatch:
            continue
    # the link of the section the page is in: the longest link the path starts with (the header marks it)
    path = getattr(request, "path", "") or ""
    within = [link for link in out if link["url"] != "/" and path.startswith(link["url"])]
    if within:
        max(within, key=lambda link: len(link["url"]))["current"] = True
    return {"nav_links": out}
