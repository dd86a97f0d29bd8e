"""Models of 行政许可法 arts. 46–48 (听证) and of the 容缺 commitment (容缺受理承诺书), part of the cases app
(re-exported by yiwang.cases.models). State changes only through yiwang.cases.services."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Blob, Case, Suspension


class DeferralCommitment(models.Model):
    """容缺受理承诺书: the text shown to the applicant (the deferred materials, their form and the date), signed by the
    applicant at the window's signature pad (recorded by the clerk) or online; kept with the case. A case is accepted
    with deferred materials only on a commitment signed for exactly that date."""

    class Via(models.TextChoices):
        WINDOW_PAD = "window_pad", _("窗口签字板")
        ONLINE = "online", _("网上签署")

    case = models.ForeignKey(Case, verbose_name=_("办件"), on_delete=models.CASCADE,
                             related_name="deferral_commitments")
    text = models.TextField(_("承诺书内容"))
    materials = models.JSONField(_("容缺材料"), default=list)
    due_on = models.DateField(_("补交期限"))
    via = models.CharField(_("签署方式"), max_length=12, choices=Via.choices)
    signer_name = models.CharField(_("签署人"), max_length=100)
    signature = models.ForeignKey(Blob, verbose_name=_("签名图像"), null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT,
                                    related_name="+")
    signed_at = models.DateTimeField(_("签署时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("容缺受理承诺书")
        verbose_name_plural = _("容缺受理承诺书")
        ordering = ["case_id", "signed_at", "id"]


class Hearing(models.Model):
    """听证 (行政许可法 arts. 46–48). Either the organ's own public hearing on a matter of significant public interest
    (art. 46, announced to the public), or one on request after the applicant and the interested parties were told of
    their right (art. 47: request within 5 days of the notice, hearing within 20 days of the request). Parties are
    told 7 days before (art. 48), the public too where it is public; the host is not the case's reviewer and recuses
    on a conflict; the record (听证笔录) is signed and the decision is based on it. While the hearing runs the clock
    is suspended (a `Suspension` of kind 听证, art. 45). Days are working days (art. 82; decision 0008)."""

    class Kind(models.TextChoices):
        PUBLIC_INTEREST = "public_interest", _("涉及公共利益的听证（第四十六条）")
        REQUESTED = "requested", _("依申请听证（第四十七条）")

    class Status(models.TextChoices):
        NOTIFIED = "notified", _("已告知听证权利")
        REQUESTED = "requested", _("已申请听证")
        ANNOUNCED = "announced", _("已公告听证")
        SCHEDULED = "scheduled", _("已通知听证")
        HELD = "held", _("已举行（笔录已签）")
        WAIVED = "waived", _("未申请听证")

    case = models.ForeignKey(Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="hearings")
    kind = models.CharField(_("听证种类"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices)
    matter = models.TextField(_("听证事项"))
    interested_parties = models.JSONField(_("利害关系人"), default=list, blank=True,
                                          help_text=_("[{name, contact}]：告知听证权利的利害关系人"))
    notified_on = models.DateField(_("告知/公告日期"))
    notified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("告知人"), on_delete=models.PROTECT,
                                    related_name="+")
    request_due = models.DateField(_("申请听证期限"), null=True, blank=True)
    requested_on = models.DateField(_("申请日期"), null=True, blank=True)
    requested_by = models.CharField(_("申请人"), max_length=200, blank=True)
    hold_by = models.DateField(_("组织听证期限"), null=True, blank=True)
    public = models.BooleanField(_("公开举行"), default=True)
    scheduled_for = models.DateField(_("听证日期"), null=True, blank=True)
    place = models.CharField(_("听证地点"), max_length=200, blank=True)
    host = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("听证主持人"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    parties_told_on = models.DateField(_("通知当事人日期"), null=True, blank=True)
    announcement = models.TextField(_("公告内容"), blank=True)
    recusal_requested_on = models.DateField(_("申请回避日期"), null=True, blank=True)
    recusal_requested_by = models.CharField(_("申请回避人"), max_length=200, blank=True)
    recusal_reason = models.CharField(_("回避理由"), max_length=500, blank=True)
    recusal_decision = models.CharField(_("回避决定"), max_length=10, blank=True,
                                        choices=[("granted", _("准予回避")), ("refused", _("不予回避"))])
    recusal_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("回避决定人"), null=True,
                                           blank=True, on_delete=models.PROTECT, related_name="+")
    recusal_note = models.CharField(_("回避决定理由"), max_length=500, blank=True)
    held_on = models.DateField(_("举行日期"), null=True, blank=True)
    record = models.TextField(_("听证笔录"), blank=True)
    signatories = models.JSONField(_("笔录签字人"), default=list, blank=True)
    suspension = models.OneToOneField(Suspension, verbose_name=_("暂停计时"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="hearing")
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("听证")
        verbose_name_plural = _("听证")
        ordering = ["case_id", "notified_on", "id"]

    def __str__(self):
        return f"{self.case} · {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.NOTIFIED, self.Status.REQUESTED, self.Status.ANNOUNCED,
                               self.Status.SCHEDULED)
