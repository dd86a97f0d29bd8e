"""Security records: each account's password state (age, forced change, history) and the machine clients that
call the API for other systems (wrapping django-oauth-toolkit's applications with scopes, expiry, rate and
revocation)."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Credential(models.Model):
    """The password state of one account. A missing row means: changed when the account was made, no forced
    change (accounts made before this table)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                                related_name="credential")
    password_changed_at = models.DateTimeField(_("密码修改时间"), default=timezone.now)
    must_change = models.BooleanField(
        _("须修改密码"), default=False, help_text=_("管理员设置的初始密码或重置后的密码，首次登录须修改"))
    demo = models.BooleanField(
        _("演示账号"), default=False,
        help_text=_("演示数据的共享账号：使用公开的演示密码，不强制修改、不计密码有效期（生产环境不要加载演示数据）"))

    class Meta:
        verbose_name = _("账号口令状态")
        verbose_name_plural = _("账号口令状态")

    def __str__(self):
        return str(self.user)


class PasswordHistory(models.Model):
    """A password hash the account used (for the no-reuse rule)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                             related_name="+")
    password = models.CharField(_("密码摘要"), max_length=128)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        indexes = [models.Index(fields=["user", "-created_at"], name="password_history_user_idx")]


class MachineClient(models.Model):
    """Another system's access to the API (省级平台, 12345 热线, 好差评系统): an OAuth 2.0 client-credentials
    application with the scopes it may ask for, an expiry, its own rate limit, and revocation. Issued, rotated and
    revoked by a security administrator; every change audited."""

    application = models.OneToOneField("oauth2_provider.Application", verbose_name=_("OAuth 应用"),
                                       on_delete=models.CASCADE, related_name="machine_client")
    name = models.CharField(_("对接系统名称"), max_length=100, unique=True)
    scopes = models.CharField(_("授权范围"), max_length=500, help_text=_("以空格分隔，如 catalog:read cases:read"))
    rate = models.CharField(_("访问频率上限"), max_length=20, default="600/hour",
                            help_text=_("如 600/hour、60/min"))
    expires_at = models.DateTimeField(_("凭据有效期至"))
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revoked_reason = models.CharField(_("吊销原因"), max_length=200, blank=True)
    rotated_at = models.DateTimeField(_("密钥轮换时间"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签发人"), on_delete=models.PROTECT,
                                  related_name="+")
    # The system acts in the API as this account (no password: it never signs in on a page); the role assigned to
    # it decides what the services let it do, the scopes which areas of the API it reaches.
    account = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("对接账号"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="machine_client")
    created_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("对接系统凭据")
        verbose_name_plural = _("对接系统凭据")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def scope_set(self) -> set[str]:
        return set(self.scopes.split())

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now
