"""Service around the registry: correction requests from agents, commissioners' assignments, visits and the
problems they find, enterprises' ratings of their commissioner."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The platform's five-grade scale (the same values and words as 好差评).
GRADES = [(5, "非常满意"), (4, "满意"), (3, "基本满意"), (2, "不满意"), (1, "非常不满意")]


class CorrectionRequest(models.Model):
    """An agent asks staff to correct the profile (an agent never edits the registry directly)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        ACCEPTED = "accepted", _("已采纳")
        REJECTED = "rejected", _("未采纳")

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE,
                                   related_name="corrections")
    changes = models.JSONField(_("更正内容"), help_text=_("字段 → 更正后的值"))
    reason = models.TextField(_("更正理由"))
    base_version = models.PositiveIntegerField(_("提出时的档案版本"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    review_note = models.CharField(_("确认意见"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("档案更正申请")
        verbose_name_plural = _("档案更正申请")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["status", "-requested_at"], name="correction_queue")]


class Assignment(models.Model):
    """A commissioner serves an enterprise from `started_on`; reassignment ends the row (history kept)."""

    class Basis(models.TextChoices):
        PARK = "park", _("按园区")
        REGION = "region", _("按区划")
        INDUSTRY = "industry", _("按行业")
        MANUAL = "manual", _("逐户指定")

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE,
                                   related_name="commissioner_assignments")
    commissioner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("服务专员"), on_delete=models.PROTECT,
                                     related_name="commissioned_enterprises")
    basis = models.CharField(_("分配方式"), max_length=10, choices=Basis.choices, default=Basis.MANUAL)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("分配人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("服务专员分配")
        verbose_name_plural = _("服务专员分配")
        ordering = ["enterprise", "-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise"], condition=Q(ended_on__isnull=True),
                                    name="one_current_commissioner"),
        ]
        indexes = [models.Index(fields=["commissioner", "ended_on"], name="commissioner_current")]


class Visit(models.Model):
    """走访: a commissioner's visit to an enterprise."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT,
                                   related_name="visits")
    commissioner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("服务专员"), on_delete=models.PROTECT,
                                     related_name="visits")
    visited_on = models.DateField(_("走访日期"))
    people_met = models.CharField(_("接待人员"), max_length=200)
    form = models.CharField(_("走访方式"), max_length=20, default="上门走访")
    summary = models.TextField(_("走访情况"))
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-id"]


class VisitProblem(models.Model):
    """A problem found on a visit; the demands app turns it into a demand in one click (`Demand.visit_problem`)."""

    visit = models.ForeignKey(Visit, verbose_name=_("走访"), on_delete=models.CASCADE, related_name="problems")
    description = models.TextField(_("问题描述"))
    category_hint = models.CharField(_("建议分类"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("走访发现的问题")
        verbose_name_plural = _("走访发现的问题")
        ordering = ["visit", "id"]


class CommissionerRating(models.Model):
    """An enterprise rates its commissioner on the platform's five-grade scale (one per enterprise per year)."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE,
                                   related_name="commissioner_ratings")
    commissioner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("服务专员"), on_delete=models.PROTECT,
                                     related_name="commissioner_ratings")
    year = models.PositiveSmallIntegerField(_("年度"))
    grade = models.PositiveSmallIntegerField(_("评价"), choices=GRADES)
    comment = models.CharField(_("意见"), max_length=300, blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评价人"), on_delete=models.PROTECT,
                                 related_name="+")
    rated_at = models.DateTimeField(_("评价时间"), auto_now=True)

    class Meta:
        verbose_name = _("服务专员评价")
        verbose_name_plural = _("服务专员评价")
        constraints = [models.UniqueConstraint(fields=["enterprise", "commissioner", "year"],
                                               name="commissioner_rating_once_a_year")]
