from functools import partial

from django.utils.translation import gettext_lazy as _

from .roles import has_duty


def _holds(duty: str, user) -> bool:
    return bool(user and user.is_authenticated) and has_duty(user, duty)


LINKS = [
    ("security:password_change", _("修改密码"), _("修改本人登录密码"), "signed_in"),
    # 三员分立: the security administrator's own pages, shown to whoever holds the duty their view requires
    ("security:lockouts", _("登录锁定"), _("查看和解除账号、地址的登录锁定"), partial(_holds, "manage_lockouts")),
    ("security:clients", _("对接系统凭据"), _("签发、轮换、吊销对接系统的客户端凭据"), partial(_holds, "manage_clients")),
]
