"""好差评: one rating per case and service (一次一评 / 一事一评), and the rectification a negative rating opens.

State changes only through `yiwang.ratings.services`; the rules live in `yiwang.ratings.domain` (pure)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .domain.grades import GRADE_LABELS
from .domain.occasions import SERVICE_LABELS

GRADE_CHOICES = [(g, GRADE_LABELS[g]) for g in sorted(GRADE_LABELS, reverse=True)]
SERVICE_CHOICES = list(SERVICE_LABELS.items())


class RatingChannel(models.TextChoices):
    WINDOW_PAD = "window_pad", _("窗口评价器")
    PORTAL = "portal", _("网上办事大厅")
    APP = "app", _("移动端")
    SMS = "sms", _("短信链接")
    TERMINAL = "terminal", _("自助终端")
    HOTLINE = "hotline", _("12345 热线（工作人员代录）")
    WINDOW = "window", _("窗口（工作人员代录）")
    SYSTEM = "system", _("逾期默认评价")


class Rating(models.Model):
    case = models.ForeignKey("cases.Case", verbose_name=_("办件"), on_delete=models.PROTECT, related_name="ratings")
    service = models.CharField(_("评价对象"), max_length=12, choices=SERVICE_CHOICES)
    applicant = models.ForeignKey("org.Applicant", verbose_name=_("评价人（申请人）"), on_delete=models.PROTECT,
                                  related_name="ratings")
    department = models.ForeignKey("org.Department", verbose_name=_("办理部门"), on_delete=models.PROTECT,
                                   related_name="ratings", help_text=_("谁办理、谁负责"))
    item = models.ForeignKey("catalog.ServiceItem", verbose_name=_("事项"), on_delete=models.PROTECT,
                             related_name="ratings")
    grade = models.PositiveSmallIntegerField(_("评价等级"), choices=GRADE_CHOICES)
    negative = models.BooleanField(_("差评"), default=False, db_index=True,
                                   help_text=_("按评价时的差评等级设置判定"))
    tags = models.JSONField(_("评价标签"), default=list, blank=True)
    comment = models.TextField(_("评价内容"), blank=True)
    channel = models.CharField(_("评价渠道"), max_length=12, choices=RatingChannel.choices)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评价账号"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    on_behalf = models.BooleanField(_("工作人员代录"), default=False)
    is_default = models.BooleanField(_("逾期默认评价"), default=False)
    service_on = models.DateField(_("服务日期"))
    rated_on = models.DateField(_("评价日期"), db_index=True)
    editable_until = models.DateTimeField(_("可修改至"))
    excluded = models.BooleanField(_("已剔除"), default=False, help_text=_("申诉经监察人员审核成立，不计入统计"))
    excluded_reason = models.TextField(_("剔除理由"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("评价时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("好差评")
        verbose_name_plural = _("好差评")
        ordering = ["-rated_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["case", "service"], name="ratings_once_per_service")]
        indexes = [
            models.Index(fields=["department", "rated_on"], name="ratings_department_day"),
            # The dashboard's per-period counts (docs/performance.md): answered from the index alone.
            models.Index(fields=["rated_on", "department", "negative"], include=["id"],
                         condition=models.Q(excluded=False), name="ratings_period_counts"),
        ]

    def __str__(self):
        return f"{self.case} · {self.get_service_display()} · {self.get_grade_display()}"


class Rectification(models.Model):
    """差评整改: follow-up contact, verification, rectification and reply by the handling unit."""

    class Status(models.TextChoices):
        OPEN = "open", _("待回访")
        CONTACTED = "contacted", _("整改中")
        REPLIED = "replied", _("已回复")
        EXCLUDED = "excluded", _("申诉成立，已剔除")
        WITHDRAWN = "withdrawn", _("评价人已改评")

    class Appeal(models.TextChoices):
        NONE = "", _("未申诉")
        PENDING = "pending", _("申诉待审核")
        UPHELD = "upheld", _("申诉成立")
        REJECTED = "rejected", _("申诉不成立")

    class AppealGround(models.TextChoices):
        UNFOUNDED = "unfounded", _("不实评价")
        MALICIOUS = "malicious", _("恶意评价")

    rating = models.OneToOneField(Rating, verbose_name=_("差评"), on_delete=models.PROTECT,
                                  related_name="rectification")
    department = models.ForeignKey("org.Department", verbose_name=_("责任单位"), on_delete=models.PROTECT,
                                   related_name="rectifications")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    opened_on = models.DateField(_("生成日期"))
    follow_up_due = models.DateField(_("回访期限"))
    reply_due = models.DateField(_("整改回复期限"), db_index=True)
    due_provisional = models.BooleanField(_("期限含未公布年度"), default=False, db_default=False,
                                          help_text=_("期限落在尚未公布节假日安排的年度，公布后重算"))
    contacted_on = models.DateField(_("回访日期"), null=True, blank=True)
    contacted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("回访人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    contact_method = models.CharField(_("回访方式"), max_length=30, blank=True)
    contact_note = models.TextField(_("回访情况"), blank=True)
    verification = models.TextField(_("核实情况"), blank=True)
    measures = models.TextField(_("整改措施"), blank=True)
    reply = models.TextField(_("回复内容"), blank=True)
    replied_on = models.DateField(_("回复日期"), null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("回复人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    rater_grade = models.PositiveSmallIntegerField(_("对整改的评价"), null=True, blank=True, choices=GRADE_CHOICES)
    rater_comment = models.TextField(_("对整改的意见"), blank=True)
    rater_rated_at = models.DateTimeField(_("整改评价时间"), null=True, blank=True)
    appeal_status = models.CharField(_("申诉"), max_length=10, choices=Appeal.choices, default=Appeal.NONE,
                                     blank=True, db_index=True)
    appeal_ground = models.CharField(_("申诉理由类别"), max_length=10, choices=AppealGround.choices, blank=True)
    appeal_reason = models.TextField(_("申诉理由"), blank=True)
    appealed_on = models.DateField(_("申诉日期"), null=True, blank=True)
    appealed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申诉人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    review_reason = models.TextField(_("审核意见"), blank=True)
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("差评整改")
        verbose_name_plural = _("差评整改")
        ordering = ["reply_due", "id"]

    def __str__(self):
        return f"整改#{self.pk} · {self.rating}"

    @property
    def replied_on_time(self) -> bool:
        return self.replied_on is not None and self.replied_on <= self.reply_due

    @property
    def followed_up_on_time(self) -> bool:
        return self.contacted_on is not None and self.contacted_on <= self.follow_up_due


class Invitation(models.Model):
    """The invitation to rate one service of a case (评价邀请), recorded when the service happens: by which channels
    it reached the rater, the one reminder, and the rating that answered it. The dashboard's invitation rate is
    invited ÷ rows (a service whose rater had no channel at all is a row without channels) and its response rate
    answered ÷ invited (a default grade is no answer)."""

    case = models.ForeignKey("cases.Case", verbose_name=_("办件"), on_delete=models.PROTECT,
                             related_name="rating_invitations")
    service = models.CharField(_("评价对象"), max_length=12, choices=SERVICE_CHOICES)
    department = models.ForeignKey("org.Department", verbose_name=_("办理部门"), on_delete=models.PROTECT,
                                   related_name="+")
    service_on = models.DateField(_("服务日期"), db_index=True)
    invited_at = models.DateTimeField(_("邀请时间"))
    channels = models.JSONField(_("送达渠道"), default=list, blank=True,
                                help_text=_("the channels the invitation was sent by (site, email, sms)"))
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    rating = models.OneToOneField(Rating, verbose_name=_("评价"), null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="invitation")
    answered_at = models.DateTimeField(_("评价时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评价邀请")
        verbose_name_plural = _("评价邀请")
        constraints = [models.UniqueConstraint(fields=["case", "service"], name="rating_invitation_unique")]
        indexes = [models.Index(fields=["department", "service_on"], name="rating_invitation_dept_day")]

    def __str__(self):
        return f"{self.case} · {SERVICE_LABELS.get(self.service, self.service)}"

    @property
    def invited(self) -> bool:
        return bool(self.channels)
