"""The outbox: one Message per notification, one Delivery per channel (the "site" delivery is the user's
inbox entry), and each user's channel preferences."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    SITE = "site", _("站内消息")
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")


def mask_address(address: str) -> str:
    """A mobile 139****0001, an e-mail z***@example.com, anything else its last 4 — the masks of org.masking
    (which notify, on the floor below org, cannot import); lists and names never show an address whole."""
    value = (address or "").strip()
    if "@" in value:
        local, _at, domain = value.rpartition("@")
        return local[:1] + "***@" + domain
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + "****" + digits[-4:]
    return "*" * max(len(value) - 4, 0) + value[-4:]


class Message(models.Model):
    event = models.CharField(_("事件"), max_length=100, db_index=True)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    link = models.CharField(_("链接"), max_length=500, blank=True)
    ref = models.CharField(_("关联编号"), max_length=100, blank=True, db_index=True,
                           help_text=_("如办件编号，便于按业务查找"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("收件用户"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.subject


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")
        DEAD = "dead", _("放弃重试")
        SKIPPED = "skipped", _("未发送")

    message = models.ForeignKey(Message, verbose_name=_("消息"), on_delete=models.CASCADE,
                                related_name="deliveries")
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("收件用户"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    address = models.CharField(_("地址"), max_length=254, blank=True, help_text=_("邮箱或手机号；站内消息为空"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    last_error = models.TextField(_("最近错误/原因"), blank=True)
    provider_id = models.CharField(_("渠道回执号"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("投递")
        verbose_name_plural = _("投递")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notify_due_idx"),
            models.Index(fields=["user", "channel", "read_at"], name="notify_inbox_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["message", "channel"], name="notify_one_delivery_per_channel"),
        ]

    def __str__(self):
        to = mask_address(self.address) if self.address else self.user
        return f"{self.get_channel_display()} → {to} · {self.get_status_display()}"

    @property
    def is_unread(self) -> bool:
        return self.channel == Channel.SITE and self.read_at is None


class ChannelPreference(models.Model):
    """Which channels a user wants. Without a row: every channel that has an address."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                                related_name="notify_preference")
    site = models.BooleanField(_("站内消息"), default=True)
    email = models.BooleanField(_("电子邮件"), default=True)
    sms = models.BooleanField(_("短信"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("通知偏好")
        verbose_name_plural = _("通知偏好")

    def __str__(self):
        return f"{self.user} 的通知偏好"

    def enabled(self) -> list[str]:
        return [c for c in (Channel.SITE, Channel.EMAIL, Channel.SMS) if getattr(self, c)]
