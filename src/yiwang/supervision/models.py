"""E-supervision (电子监察): deadline warnings, procedure anomalies, supervision orders (督办) and the daily rollup
behind the efficiency figures. State changes only through `yiwang.supervision.services`."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

LEVEL_CHOICES = [("none", _("正常")), ("yellow", _("黄色预警")), ("red", _("红色预警"))]


class WarningKind(models.TextChoices):
    CASE_LIMIT = "case_limit", _("办结时限")
    STEP_LIMIT = "step_limit", _("审批环节时限")
    DELIVERY = "delivery", _("出件时限（决定后十个工作日）")
    DEFERRAL = "deferral", _("容缺材料补交期限")
    POST_CHECK = "post_check", _("告知承诺核查期限")
    ART32 = "art32", _("收件五日内未处理（第三十二条）")
    HEARING = "hearing", _("听证组织期限（第四十七、四十八条）")
    DEMAND_ACK = "demand_ack", _("诉求报到时限")
    DEMAND_REPLY = "demand_reply", _("诉求答复时限")
    RECT_FOLLOW_UP = "rect_follow_up", _("差评回访时限")
    RECT_REPLY = "rect_reply", _("差评整改回复时限")


DEMAND_KINDS = {WarningKind.DEMAND_ACK, WarningKind.DEMAND_REPLY}
RECTIFICATION_KINDS = {WarningKind.RECT_FOLLOW_UP, WarningKind.RECT_REPLY}


class Warning(models.Model):
    """One warning per (case, kind) — or per (demand assignment, kind) for the demands loop, per (rectification,
    kind) for a negative rating's follow-up and reply — kept current by the
    periodic task (upsert). `notified_level` is the level last sent to the responsible person and their head (a
    message goes out once per level change)."""

    case = models.ForeignKey("cases.Case", verbose_name=_("办件"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="supervision_warnings")
    demand_assignment = models.ForeignKey("demands.Assignment", verbose_name=_("诉求派单"), null=True, blank=True,
                                          on_delete=models.CASCADE, related_name="supervision_warnings")
    rectification = models.ForeignKey("ratings.Rectification", verbose_name=_("差评整改"), null=True, blank=True,
                                      on_delete=models.CASCADE, related_name="supervision_warnings")
    kind = models.CharField(_("类别"), max_length=20, choices=WarningKind.choices)
    level = models.CharField(_("预警等级"), max_length=8, choices=LEVEL_CHOICES)
    department = models.ForeignKey("org.Department", verbose_name=_("责任部门"), on_delete=models.PROTECT,
                                   related_name="+")
    due_on = models.DateField(_("期限"), null=True, blank=True)
    remaining_days = models.IntegerField(_("剩余工作日"), null=True, blank=True)
    detail = models.CharField(_("说明"), max_length=300, blank=True)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("责任人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    notified_level = models.CharField(_("已通知等级"), max_length=8, choices=LEVEL_CHOICES, default="none")
    active = models.BooleanField(_("当前有效"), default=True)
    first_seen_on = models.DateField(_("首次发现"))
    level_since = models.DateField(_("本等级起始"))
    cleared_on = models.DateField(_("解除日期"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        ordering = ["-level", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="supervision_warning_case_kind"),
            models.UniqueConstraint(fields=["demand_assignment", "kind"], condition=Q(demand_assignment__isnull=False),
                                    name="supervision_warning_demand_kind"),
            models.UniqueConstraint(fields=["rectification", "kind"], condition=Q(rectification__isnull=False),
                                    name="supervision_warning_rect_kind"),
        ]
        indexes = [models.Index(fields=["active", "department", "level"], name="supervision_warning_active")]


class AnomalyKind(models.TextChoices):
    MISSING_STEPS = "missing_steps", _("决定缺少层级要求的审批环节")
    SAME_PERSON = "same_person", _("同一人办理两个审批环节")
    KEY_MATERIAL_MISSING = "key_material_missing", _("关键材料缺失即受理")
    APPROVED_WITH_DEFERRED = "approved_with_deferred", _("容缺材料未补齐即准予许可")
    LICENCE_BEFORE_DECISION = "licence_before_decision", _("决定前即发放证照")
    ALTERED_AFTER_CONCLUSION = "altered_after_conclusion", _("办结后重新打开或改动日期")


class Anomaly(models.Model):
    """A procedure anomaly found from the case's steps, events, materials, licences and audit trail, with the
    evidence. Found again on every scan; `active` false once the evidence is gone."""

    case = models.ForeignKey("cases.Case", verbose_name=_("办件"), on_delete=models.CASCADE,
                             related_name="supervision_anomalies")
    kind = models.CharField(_("类别"), max_length=30, choices=AnomalyKind.choices)
    department = models.ForeignKey("org.Department", verbose_name=_("责任部门"), on_delete=models.PROTECT,
                                   related_name="+")
    evidence = models.JSONField(_("证据"), default=dict)
    summary = models.CharField(_("摘要"), max_length=300)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("责任人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    notified = models.BooleanField(_("已通知"), default=False)
    active = models.BooleanField(_("当前有效"), default=True)
    found_on = models.DateField(_("发现日期"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("程序异常")
        verbose_name_plural = _("程序异常")
        ordering = ["-found_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="supervision_anomaly_case_kind")]
        indexes = [models.Index(fields=["active", "department"], name="supervision_anomaly_active")]


class SupervisionOrder(models.Model):
    """督办: an efficiency supervisor orders a department to act on a warning or anomaly and reply by a date."""

    class Status(models.TextChoices):
        OPEN = "open", _("待答复")
        REPLIED = "replied", _("已答复")
        CLOSED = "closed", _("已办结")

    class Escalation(models.IntegerChoices):
        NONE = 0, _("未升级")
        UNIT_LEADER = 1, _("已升级至单位负责人")
        RED = 2, _("逾期红牌")

    number = models.CharField(_("督办编号"), max_length=30, unique=True)
    case = models.ForeignKey("cases.Case", verbose_name=_("办件"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="supervision_orders")
    warning = models.ForeignKey(Warning, verbose_name=_("来源预警"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="orders")
    anomaly = models.ForeignKey(Anomaly, verbose_name=_("来源异常"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="orders")
    department = models.ForeignKey("org.Department", verbose_name=_("督办部门"), on_delete=models.PROTECT,
                                   related_name="supervision_orders")
    instruction = models.TextField(_("督办事项"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("督办人"), on_delete=models.PROTECT,
                                  related_name="+")
    issued_on = models.DateField(_("督办日期"))
    reply_days = models.PositiveSmallIntegerField(_("答复时限（工作日）"))
    reply_due = models.DateField(_("答复期限"), db_index=True)
    due_provisional = models.BooleanField(_("期限含未公布年度"), default=False, db_default=False,
                                          help_text=_("期限落在尚未公布节假日安排的年度，公布后重算"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    escalation = models.PositiveSmallIntegerField(_("升级"), choices=Escalation.choices, default=0)
    escalated_on = models.DateField(_("升级日期"), null=True, blank=True)
    red_on = models.DateField(_("红牌日期"), null=True, blank=True)
    reply = models.TextField(_("答复"), blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    closing_note = models.CharField(_("办结意见"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["department", "status"], name="supervision_order_dept")]

    def __str__(self):
        return self.number

    @property
    def answered_on_time(self) -> bool | None:
        if self.replied_on is None:
            return None
        return self.replied_on <= self.reply_due


class DailyRollup(models.Model):
    """Counts and sums per (day, department, item, hall, channel), refreshed by the periodic task. Each column is
    anchored on its own date: `received*` on the receiving day, `accepted` on the acceptance day, `concluded*` and
    the timing sums on the conclusion day (see yiwang.supervision.figures.DEFINITIONS)."""

    day = models.DateField(_("日期"))
    department = models.ForeignKey("org.Department", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey("catalog.ServiceItem", on_delete=models.CASCADE, related_name="+")
    hall = models.ForeignKey("org.Hall", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10)

    received = models.IntegerField(default=0)
    received_immediate = models.IntegerField(default=0)
    received_fully_online = models.IntegerField(default=0)
    received_one_visit = models.IntegerField(default=0)
    received_with_notice = models.IntegerField(default=0)
    received_deferral = models.IntegerField(default=0)
    received_commitment = models.IntegerField(default=0)
    accepted = models.IntegerField(default=0)
    accepted_deemed = models.IntegerField(default=0)
    concluded = models.IntegerField(default=0)
    decided = models.IntegerField(default=0)
    decided_on_time = models.IntegerField(default=0)
    decided_early = models.IntegerField(default=0)
    days_used = models.IntegerField(default=0)
    days_promised = models.IntegerField(default=0)
    days_legal = models.IntegerField(default=0)
    decided_with_legal = models.IntegerField(default=0)
    days_used_with_legal = models.IntegerField(default=0)
    suspended = models.IntegerField(default=0)
    extended = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("效能日汇总")
        verbose_name_plural = _("效能日汇总")
        constraints = [models.UniqueConstraint(fields=["day", "department", "item", "hall", "channel"],
                                               name="supervision_rollup_key")]
        indexes = [models.Index(fields=["day", "department"], name="supervision_rollup_day_dept")]


class RunState(models.Model):
    """When each periodic job last ran (the board and dashboard state their freshness from it)."""

    name = models.CharField(max_length=40, unique=True)
    ran_at = models.DateTimeField(null=True, blank=True)
    watermark = models.BigIntegerField(default=0)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("监察任务运行记录")
        verbose_name_plural = _("监察任务运行记录")
