"""Policies (惠企政策): the policy with its benefits and eligibility rule (JsonLogic, versioned), the stored matches,
the targeted pushes, grants (免申即享 rounds, 即申即享, 申请兑现), objections."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yiwang.enterprises.models import Enterprise
from yiwang.org.models import Department

from .domain import benefits as bd


class Mode(models.TextChoices):
    APPLY = "apply", _("申请兑现")
    INSTANT = "instant", _("即申即享")
    AUTO = "auto", _("免申即享")


class Policy(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        EXPIRED = "expired", _("已失效")
        WITHDRAWN = "withdrawn", _("已撤回")

    number = models.CharField(_("文号"), max_length=60, help_text=_("如：嘉府发〔2021〕7号"))
    title = models.CharField(_("政策名称"), max_length=200)
    summary = models.CharField(_("政策摘要"), max_length=500, blank=True)
    body = models.TextField(_("政策全文"), blank=True)
    lead_department = models.ForeignKey(Department, verbose_name=_("责任部门"), on_delete=models.PROTECT,
                                        related_name="led_policies")
    departments = models.ManyToManyField(Department, verbose_name=_("发文部门"), related_name="policies", blank=True)
    themes = models.JSONField(_("主题"), default=list, blank=True)
    mode = models.CharField(_("兑现方式"), max_length=10, choices=Mode.choices, default=Mode.APPLY)
    catalog_item = models.ForeignKey("catalog.ServiceItem", verbose_name=_("申请兑现的办理事项"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="policies")
    issued_on = models.DateField(_("发文日期"))
    published_on = models.DateField(_("平台发布日期"), null=True, blank=True)
    effective_from = models.DateField(_("生效日期"), null=True, blank=True)
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    status_reason = models.CharField(_("状态说明"), max_length=300, blank=True)
    publishes_grant_list = models.BooleanField(_("公示享受名单"), default=True)
    rule = models.JSONField(_("资格条件（JsonLogic）"), null=True, blank=True)
    rule_text = models.TextField(_("资格条件（文字）"), blank=True)
    rule_version = models.PositiveIntegerField(_("条件版本"), default=0)
    matched_version = models.PositiveIntegerField(_("匹配所用条件版本"), default=0)
    matched_at = models.DateTimeField(_("匹配时间"), null=True, blank=True)
    match_count = models.PositiveIntegerField(_("符合条件企业数"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("惠企政策")
        verbose_name_plural = _("惠企政策")
        ordering = ["-published_on", "-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["number", "title"], name="policy_number_title_unique"),
            models.CheckConstraint(condition=Q(effective_to__isnull=True) | Q(effective_from__isnull=True)
                                   | Q(effective_to__gte=models.F("effective_from")), name="policy_dates_ordered"),
        ]
        indexes = [models.Index(fields=["status", "mode"], name="policy_status_mode")]

    def __str__(self):
        return f"{self.title}（{self.number}）"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Attachment(models.Model):
    policy = models.ForeignKey(Policy, verbose_name=_("政策"), on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("文件名"), max_length=200)
    file = models.FileField(_("文件"), upload_to="policies/%Y/")
    content_type = models.CharField(_("类型"), max_length=100, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("政策附件")
        verbose_name_plural = _("政策附件")


class Benefit(models.Model):
    """One thing the policy grants, with its amount rule."""

    policy = models.ForeignKey(Policy, verbose_name=_("政策"), on_delete=models.CASCADE, related_name="benefits")
    kind = models.CharField(_("享受类型"), max_length=20, choices=list(bd.KINDS.items()))
    description = models.CharField(_("内容"), max_length=300)
    amount_type = models.CharField(_("金额计算方式"), max_length=20, choices=list(bd.AMOUNT_TYPES.items()),
                                   default=bd.PER_APPLICATION)
    amount = models.DecimalField(_("固定金额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    figure = models.CharField(_("按哪项数据"), max_length=40, blank=True)
    rate = models.DecimalField(_("比例"), max_digits=7, decimal_places=4, null=True, blank=True)
    cap = models.DecimalField(_("上限（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("享受内容")
        verbose_name_plural = _("享受内容")
        ordering = ["policy", "order", "id"]
        constraints = [models.CheckConstraint(condition=~Q(amount_type=bd.SHARE) | Q(cap__isnull=False),
                                              name="benefit_share_has_cap")]

    def __str__(self):
        return self.description

    @property
    def amount_rule(self) -> bd.AmountRule:
        return bd.AmountRule(self.amount_type, amount=self.amount, figure=self.figure, rate=self.rate, cap=self.cap)


class RuleVersion(models.Model):
    """Every version of a policy's rule, kept: a match or a grant names the version that produced it."""

    policy = models.ForeignKey(Policy, verbose_name=_("政策"), on_delete=models.CASCADE,
                               related_name="rule_versions")
    number = models.PositiveIntegerField(_("版本号"))
    rule = models.JSONField(_("资格条件（JsonLogic）"))
    text = models.TextField(_("资格条件（文字）"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("修改时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("条件版本")
        verbose_name_plural = _("条件版本")
        ordering = ["policy", "-number"]
        constraints = [models.UniqueConstraint(fields=["policy", "number"], name="policy_rule_version_unique")]


class Match(models.Model):
    """An enterprise the policy's rule selects, with the rule version that selected it."""

    policy = models.ForeignKey(Policy, verbose_name=_("政策"), on_delete=models.CASCADE, related_name="matches")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE,
                                   related_name="policy_matches")
    rule_version = models.PositiveIntegerField(_("条件版本"))
    computed_at = models.DateTimeField(_("匹配时间"))

    class Meta:
        verbose_name = _("政策匹配")
        verbose_name_plural = _("政策匹配")
        constraints = [models.UniqueConstraint(fields=["policy", "enterprise"], name="policy_match_unique")]
        indexes = [models.Index(fields=["enterprise", "policy"], name="policy_match_enterprise")]


class Push(models.Model):
    """The targeted push (精准推送): once per enterprise per policy; delivery and reading through notify."""

    policy = models.ForeignKey(Policy, verbose_name=_("政策"), on_delete=models.CASCADE, related_name="pushes")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE,
                                   related_name="policy_pushes")
    rule_version = models.PositiveIntegerField(_("条件版本"))
    messages = models.JSONField(_("消息"), default=list, help_text=_("notify.Message ids, one per recipient"))
    recipients = models.PositiveSmallIntegerField(_("接收人数"), default=0)
    pushed_at = models.DateTimeField(_("推送时间"))

    class Meta:
        verbose_name = _("政策推送")
        verbose_name_plural = _("政策推送")
        constraints = [models.UniqueConstraint(fields=["policy", "enterprise"], name="policy_push_once")]


class GrantRound(models.Model):
    """A 免申即享 round: proposed list → department review (exclusions with reasons) → a second person confirms
    → grants recorded, enterprises told, list published."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待审核")
        SUBMITTED = "submitted", _("待确认")
        CONFIRMED = "confirmed", _("已确认发放")
        CANCELLED = "cancelled", _("已取消")

    policy = models.ForeignKey(Policy, verbose_name=_("政策"), on_delete=models.PROTECT, related_name="rounds")
    number = models.CharField(_("批次号"), max_length=40, unique=True)
    title = models.CharField(_("批次名称"), max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    rule_version = models.PositiveIntegerField(_("条件版本"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT,
                                    related_name="+")
    proposed_at = models.DateTimeField(_("提出时间"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("名单公示时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("免申即享批次")
        verbose_name_plural = _("免申即享批次")
        ordering = ["-proposed_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=models.F("proposed_by")),
                                              name="round_confirmer_not_proposer")]

    def __str__(self):
        return self.title


class RoundEntry(models.Model):
    round = models.ForeignKey(GrantRound, verbose_name=_("批次"), on_delete=models.CASCADE, related_name="entries")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("测算金额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    explanation = models.JSONField(_("符合条件说明"), default=dict)
    excluded = models.BooleanField(_("剔除"), default=False)
    exclusion_reason = models.CharField(_("剔除理由"), max_length=300, blank=True)
    excluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("剔除人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("批次名单")
        verbose_name_plural = _("批次名单")
        ordering = ["round", "enterprise__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "enterprise"], name="round_entry_unique"),
            models.CheckConstraint(condition=Q(excluded=False) | ~Q(exclusion_reason=""),
                                   name="round_exclusion_has_reason"),
        ]


class Grant(models.Model):
    """A benefit granted to an enterprise (through a round, on the spot for 即申即享, or after an application)."""

    class Status(models.TextChoices):
        GRANTED = "granted", _("已享受")
        REVOKED = "revoked", _("已撤销")

    policy = models.ForeignKey(Policy, verbose_name=_("政策"), on_delete=models.PROTECT, related_name="grants")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT,
                                   related_name="policy_grants")
    mode = models.CharField(_("兑现方式"), max_length=10, choices=Mode.choices)
    round = models.ForeignKey(GrantRound, verbose_name=_("批次"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="grants")
    amount = models.DecimalField(_("金额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    rule_version = models.PositiveIntegerField(_("条件版本"))
    explanation = models.JSONField(_("符合条件说明"), default=dict)
    reference = models.CharField(_("办件编号或依据"), max_length=100, blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(_("享受时间"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.GRANTED)
    revoked_reason = models.CharField(_("撤销理由"), max_length=300, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("撤销人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("政策享受记录")
        verbose_name_plural = _("政策享受记录")
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "enterprise"], condition=Q(status="granted"),
                                    name="grant_one_in_force"),
            models.CheckConstraint(condition=Q(status="granted") | ~Q(revoked_reason=""), name="grant_revoked_reason"),
        ]
        indexes = [models.Index(fields=["enterprise", "status"], name="grant_enterprise")]


class Objection(models.Model):
    """An enterprise that thinks it was missed (or wrongly assessed) objects; answered within a working-day limit."""

    class Status(models.TextChoices):
        OPEN = "open", _("待答复")
        UPHELD = "upheld", _("异议成立")
        REJECTED = "rejected", _("异议不成立")

    policy = models.ForeignKey(Policy, verbose_name=_("政策"), on_delete=models.PROTECT, related_name="objections")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT,
                                   related_name="policy_objections")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT,
                                  related_name="+")
    text = models.TextField(_("异议内容"))
    raised_on = models.DateField(_("提出日期"))
    due_on = models.DateField(_("答复期限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    grant = models.ForeignKey(Grant, verbose_name=_("补发记录"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")

    class Meta:
        verbose_name = _("政策异议")
        verbose_name_plural = _("政策异议")
        ordering = ["-raised_on", "-id"]
