"""Reform task tracking (改革任务): plans read from their documents, tasks with lead and co-units, quarterly reports,
typical cases, indicators bound to the platform's figures, supervision and the yearly assessment. State changes
only through `yiwang.reform.services`."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    class Kind(models.TextChoices):
        WORK_PLAN = "work_plan", _("工作方案")
        KEY_POINTS = "key_points", _("工作要点")
        ACTION_PLAN = "action_plan", _("行动计划")
        IMPLEMENTATION = "implementation", _("实施方案")

    class Status(models.TextChoices):
        DRAFT = "draft", _("待确认")
        PUBLISHED = "published", _("已发布")
        CLOSED = "closed", _("已关闭")

    title = models.CharField(_("名称"), max_length=300)
    doc_number = models.CharField(_("文号"), max_length=60, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.IMPLEMENTATION)
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    report_day = models.PositiveSmallIntegerField(_("季度报送截止日"), default=15,
                                                  help_text=_("每季度最后一个月的该日前报送（默认15日）"))
    remind_days = models.PositiveSmallIntegerField(_("提前提醒天数"), default=7)
    weights = models.JSONField(_("考核权重"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    closed_on = models.DateField(_("关闭日期"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("改革方案")
        verbose_name_plural = _("改革方案")
        ordering = ["-year", "-id"]

    def __str__(self):
        return self.title


class PlanDocument(models.Model):
    """A document as uploaded (kept whole) and what the reader read from it. Every re-upload is a new row."""

    plan = models.ForeignKey(Plan, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="documents")
    number = models.PositiveSmallIntegerField(_("稿次"))
    filename = models.CharField(_("文件名"), max_length=200)
    content = models.BinaryField(_("原文件"))
    sha256 = models.CharField(max_length=64)
    reading = models.JSONField(_("识别结果"))
    text = models.TextField(_("文本"), blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    applied = models.BooleanField(_("已应用"), default=False)

    class Meta:
        verbose_name = _("方案文件")
        verbose_name_plural = _("方案文件")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="reform_document_number")]


class UnitAlias(models.Model):
    """A unit name as plans write it, resolved by a person to a department (or marked as a unit not on the
    platform, tracked by name). Remembered for every later plan."""

    alias = models.CharField(_("文件中的写法"), max_length=100, unique=True)
    department = models.ForeignKey("org.Department", verbose_name=_("对应部门"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    external = models.BooleanField(_("非平台单位"), default=False)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认人"), on_delete=models.PROTECT,
                                    related_name="+")
    resolved_at = models.DateTimeField(_("确认时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("单位别名")
        verbose_name_plural = _("单位别名")
        ordering = ["alias"]
        constraints = [models.CheckConstraint(
            condition=models.Q(department__isnull=False, external=False) | models.Q(department__isnull=True,
                                                                                     external=True),
            name="reform_alias_department_or_external")]

    def __str__(self):
        return self.alias


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未启动")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")
    LAGGING = "lagging", _("滞后")
    DEFERRED = "deferred", _("暂缓")


class Confidence(models.IntegerChoices):
    """The lead's judgment on delivery (交付把握), five levels."""
    SURE = 5, _("确定按期完成")
    LIKELY = 4, _("大概率按期完成")
    UNCERTAIN = 3, _("存在不确定性")
    AT_RISK = 2, _("有较大风险")
    UNLIKELY = 1, _("难以按期完成")


class Task(models.Model):
    plan = models.ForeignKey(Plan, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="tasks")
    path = models.CharField(_("编号"), max_length=40)
    position = models.PositiveIntegerField(_("顺序"))
    chapter = models.CharField(_("章"), max_length=200, blank=True)
    section = models.CharField(_("节"), max_length=200, blank=True)
    text = models.TextField(_("任务内容"))
    lead_name = models.CharField(_("牵头单位（原文）"), max_length=100)
    lead = models.ForeignKey("org.Department", verbose_name=_("牵头单位"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="reform_lead_tasks")
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    deadline_text = models.CharField(_("时限原文"), max_length=60, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    status_reason = models.CharField(_("暂缓原因"), max_length=300, blank=True)
    confidence = models.PositiveSmallIntegerField(_("交付把握"), choices=Confidence.choices, null=True, blank=True)
    source_line = models.PositiveIntegerField(_("原文行"), default=0)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("改革任务")
        verbose_name_plural = _("改革任务")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "path"], name="reform_task_path")]
        indexes = [models.Index(fields=["lead", "status"], name="reform_task_lead_status")]

    def __str__(self):
        return f"{self.path} {self.text[:30]}"


class TaskUnit(models.Model):
    """A responsible unit of a task: the lead, a co-lead (several leads: the first leads) or a co-unit, with its
    part of the work and that part's own deadline (set by the lead unit or the office through `services_parts`)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("牵头")
        CO_LEAD = "co_lead", _("共同牵头")
        CO = "co", _("配合")

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("单位（原文）"), max_length=100)
    department = models.ForeignKey("org.Department", verbose_name=_("部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="reform_task_units")
    role = models.CharField(_("角色"), max_length=8, choices=Role.choices)
    catch_all = models.BooleanField(_("泛指（各相关部门等）"), default=False)
    part = models.CharField(_("分工"), max_length=300, blank=True)
    deadline = models.DateField(_("分工时限"), null=True, blank=True,
                                help_text=_("该单位完成其分工的时限，不晚于任务的完成时限"))
    position = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")
        ordering = ["task", "position"]
        indexes = [models.Index(fields=["department", "role"], name="reform_taskunit_dept")]


class Milestone(models.Model):
    """A milestone (里程碑) of a task: what is to be reached by when, set by the lead unit or the reform office;
    completed with the day it was reached and a note on the evidence. Changed only through
    `services_milestones`, version-checked."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点"), max_length=200)
    due_on = models.DateField(_("计划完成"))
    done_on = models.DateField(_("实际完成"), null=True, blank=True)
    evidence_note = models.CharField(_("完成佐证说明"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    def overdue(self, today) -> bool:
        return self.done_on is None and self.due_on < today

    class Meta:
        ordering = ["task", "due_on"]
        verbose_name = _("里程碑")
        verbose_name_plural = _("里程碑")


class StatusChange(models.Model):
    """Every status a task had, with the day: the dashboard's baseline at any chosen date reads it."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=12, choices=TaskStatus.choices)
    on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["task", "on", "id"]
        indexes = [models.Index(fields=["on", "task"], name="reform_status_on")]


class Indicator(models.Model):
    class Comparison(models.TextChoices):
        AT_LEAST = "ge", _("不低于")
        AT_MOST = "le", _("不高于")

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("指标"), max_length=200)
    source = models.CharField(_("数据来源"), max_length=40, default="manual",
                              help_text=_("平台指标代码，或 manual（人工填报）"))
    target = models.DecimalField(_("目标值"), max_digits=12, decimal_places=2)
    comparison = models.CharField(_("比较"), max_length=2, choices=Comparison.choices, default=Comparison.AT_LEAST)
    unit = models.CharField(_("单位"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["task", "id"]

    def attained(self, value) -> bool | None:
        if value is None:
            return None
        return value >= self.target if self.comparison == self.Comparison.AT_LEAST else value <= self.target


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    on = models.DateField(_("日期"))
    value = models.DecimalField(_("值"), max_digits=14, decimal_places=2, null=True, blank=True)
    measured = models.BooleanField(_("平台自动计算"), default=False)
    definition = models.CharField(_("口径"), max_length=400, blank=True)
    detail = models.JSONField(_("计算依据"), default=dict, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["indicator", "on"]
        constraints = [models.UniqueConstraint(fields=["indicator", "on"], name="reform_indicator_value_on")]


class Report(models.Model):
    """The lead unit's quarterly report on one task."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已报送")

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    department = models.ForeignKey("org.Department", verbose_name=_("报送单位"), on_delete=models.PROTECT,
                                   related_name="+")
    due_on = models.DateField(_("报送期限"))
    progress = models.TextField(_("工作进展"))
    problems = models.TextField(_("存在问题"), blank=True)
    next_steps = models.TextField(_("下一步计划"), blank=True)
    status_reported = models.CharField(_("报送状态"), max_length=12, choices=TaskStatus.choices)
    confidence = models.PositiveSmallIntegerField(_("交付把握"), choices=Confidence.choices, null=True, blank=True)
    status = models.CharField(_("报送"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_on = models.DateField(_("报送日期"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("季度报送")
        verbose_name_plural = _("季度报送")
        ordering = ["-year", "-quarter", "task"]
        constraints = [models.UniqueConstraint(fields=["task", "year", "quarter"], name="reform_report_quarter")]
        indexes = [models.Index(fields=["year", "quarter", "department"], name="reform_report_period")]

    @property
    def on_time(self) -> bool:
        return self.submitted_on <= self.due_on


class Contribution(models.Model):
    """A co-unit's part, given to the lead before the lead's report."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="contributions")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("配合工作情况"))
    submitted_on = models.DateField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("配合单位报送")
        verbose_name_plural = _("配合单位报送")
        constraints = [models.UniqueConstraint(fields=["task", "year", "quarter", "department"],
                                               name="reform_contribution_quarter")]


class Evidence(models.Model):
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    contribution = models.ForeignKey(Contribution, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="evidence")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")


class TypicalCase(models.Model):
    class Adoption(models.TextChoices):
        NONE = "none", _("未采纳")
        CITY = "city", _("市级采纳")
        STATE = "state", _("国家采纳")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="typical_cases")
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases")
    department = models.ForeignKey("org.Department", verbose_name=_("报送单位"), on_delete=models.PROTECT,
                                   related_name="+")
    title = models.CharField(_("案例名称"), max_length=200)
    summary = models.TextField(_("案例内容"))
    submitted_on = models.DateField(_("报送日期"))
    adoption = models.CharField(_("采纳情况"), max_length=6, choices=Adoption.choices, default=Adoption.NONE)
    quality = models.PositiveSmallIntegerField(_("质量评分（0-10）"), null=True, blank=True)

    class Meta:
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")
        ordering = ["-submitted_on", "-id"]


class ReportNotice(models.Model):
    """A reminder or warning sent for a (task, quarter): sent once each."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("报送提醒")
        OVERDUE = "overdue", _("逾期预警")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="notices")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_on = models.DateField()
    cleared_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "year", "quarter", "kind"], name="reform_notice_once")]
        indexes = [models.Index(fields=["kind", "cleared_on"], name="reform_notice_open")]


class TaskOrder(models.Model):
    """A 督办 on a task: the supervision order (supervision app) that the reform office issued for it."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="orders")
    order = models.OneToOneField("supervision.SupervisionOrder", on_delete=models.CASCADE, related_name="reform_task")


class Visit(models.Model):
    """A supervision visit (督查) recorded by the reform office."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="visits")
    on = models.DateField(_("督查日期"))
    findings = models.TextField(_("督查情况"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class Evaluation(models.Model):
    """A third-party evaluator's form on a unit for a plan (以评促改)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="evaluations")
    department = models.ForeignKey("org.Department", verbose_name=_("被评单位"), on_delete=models.PROTECT,
                                   related_name="+")
    score = models.DecimalField(_("评价得分（0-100）"), max_digits=5, decimal_places=1)
    comments = models.TextField(_("评价意见"))
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("评价日期"))

    class Meta:
        verbose_name = _("第三方评价")
        verbose_name_plural = _("第三方评价")
        constraints = [models.UniqueConstraint(fields=["plan", "department", "evaluator"], name="reform_evaluation_once")]
