"""Enterprise demands (诉求) and their closed loop: categories, demands, the departments dispatched to each round,
the timeline, evaluations of departments, joint meetings. State changes only through `demands.services`."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yiwang.org.pii import EncryptedCharField

from .domain import lifecycle as lc


STATUS_CHOICES = list(lc.STATUS_LABELS.items())


class Category(models.Model):
    """A managed demand category with its time limit in working days."""

    code = models.SlugField(_("分类代码"), max_length=30, unique=True)
    name = models.CharField(_("分类名称"), max_length=50, unique=True)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    time_limit_days = models.PositiveSmallIntegerField(_("办理时限（工作日）"), default=10)
    default_department = models.ForeignKey("org.Department", verbose_name=_("默认牵头部门"), null=True, blank=True,
                                           on_delete=models.SET_NULL, related_name="+")
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("诉求分类")
        verbose_name_plural = _("诉求分类")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class Channel(models.TextChoices):
    ONLINE = "online", _("网上（企业专属网页）")
    HOTLINE = "hotline", _("12345热线")
    VISIT = "visit", _("服务专员走访")
    FORUM = "forum", _("政企座谈会")
    WALK_IN = "walk_in", _("中心窗口现场")
    API = "api", _("外部系统接口（Open311）")


class Demand(models.Model):
    number = models.CharField(_("诉求编号"), max_length=30, unique=True)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="demands")
    person_name = models.CharField(_("诉求人"), max_length=50, blank=True)
    # Stored SM4-encrypted with a keyed SM3 index for exact lookup (org.pii), as an applicant's phone is.
    person_phone = EncryptedCharField(_("联系电话"), blank=True, index_field="person_phone_index",
                                      context="demands.demand.person_phone")
    person_phone_index = models.CharField(_("联系电话索引"), max_length=64, blank=True, db_index=True, editable=False)
    category = models.ForeignKey(Category, verbose_name=_("分类"), on_delete=models.PROTECT, related_name="demands")
    title = models.CharField(_("标题"), max_length=100)
    description = models.TextField(_("诉求内容"))
    status = models.CharField(_("状态"), max_length=12, default=lc.SUBMITTED, choices=STATUS_CHOICES)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"))
    submitted_on = models.DateField(_("提交日期"), db_index=True)
    visit_problem = models.OneToOneField("enterprises.VisitProblem", verbose_name=_("走访发现的问题"), null=True,
                                         blank=True, on_delete=models.SET_NULL, related_name="demand")
    external_id = models.CharField(_("外部系统编号"), max_length=60, blank=True, db_index=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    due_on = models.DateField(_("办结期限"), null=True, blank=True)
    decline_reason = models.TextField(_("不予受理理由"), blank=True)
    lead_department = models.ForeignKey("org.Department", verbose_name=_("牵头部门"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="led_demands")
    round = models.PositiveSmallIntegerField(_("派单轮次"), default=0)
    answer = models.TextField(_("答复企业"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    evaluation_due = models.DateField(_("评价期限"), null=True, blank=True)
    evaluation = models.CharField(_("评价"), max_length=12, blank=True, choices=list(lc.EVALUATION_LABELS.items()))
    evaluation_comment = models.TextField(_("评价意见"), blank=True)
    auto_closed = models.BooleanField(_("评价期满自动办结"), default=False)
    reopen_count = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    escalated_to = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提级至"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("企业诉求")
        verbose_name_plural = _("企业诉求")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["status", "submitted_on"], name="demand_status_day"),
            models.Index(fields=["enterprise", "-submitted_at"], name="demand_enterprise"),
            models.Index(fields=["-submitted_at", "-id"], name="demand_recent"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in lc.OPEN

    @property
    def requester(self) -> str:
        return self.enterprise.name if self.enterprise_id else self.person_name


class Attachment(models.Model):
    demand = models.ForeignKey(Demand, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file = models.FileField(_("文件"), upload_to="demands/%Y/%m/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("诉求附件")
        verbose_name_plural = _("诉求附件")


class Assignment(models.Model):
    """One department's part in one round of dispatch: lead or co-department, what it must do, its 报到 and reply."""

    class Role(models.TextChoices):
        LEAD = "lead", _("牵头部门")
        CO = "co", _("协办部门")

    demand = models.ForeignKey(Demand, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="assignments")
    department = models.ForeignKey("org.Department", verbose_name=_("部门"), on_delete=models.PROTECT,
                                   related_name="demand_assignments")
    role = models.CharField(_("角色"), max_length=4, choices=Role.choices)
    round = models.PositiveSmallIntegerField(_("派单轮次"))
    task = models.TextField(_("办理要求"))
    status = models.CharField(_("状态"), max_length=12, default=lc.A_DISPATCHED,
                              choices=list(lc.ASSIGNMENT_LABELS.items()))
    dispatched_on = models.DateField(_("派单日期"))
    ack_due = models.DateField(_("报到期限"))
    reply_due = models.DateField(_("答复期限"))
    acknowledged_on = models.DateField(_("报到日期"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报到人"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    reply = models.TextField(_("答复内容"), blank=True)
    internal_note = models.TextField(_("内部意见（企业不可见）"), blank=True)
    sent_back_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)

    class Meta:
        verbose_name = _("派单")
        verbose_name_plural = _("派单")
        ordering = ["demand", "round", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["demand", "round", "department"], name="assignment_once_per_round"),
            models.UniqueConstraint(fields=["demand", "round"], condition=Q(role="lead"),
                                    name="assignment_one_lead_per_round"),
        ]
        indexes = [
            # The department inbox: its open assignments, newest first.
            models.Index(fields=["department", "status", "-dispatched_on"], name="assignment_inbox"),
            # The open ones alone, in the inbox's order: no merge of two status ranges before ordering.
            models.Index(fields=["department", "-dispatched_on", "-id"], name="assignment_open_inbox",
                         condition=Q(status__in=[lc.A_DISPATCHED, lc.A_ACKNOWLEDGED])),
        ]

    def __str__(self):
        return f"{self.demand.number} · {self.department} · {self.get_role_display()}"

    @property
    def is_current(self) -> bool:
        return self.status != lc.A_SUPERSEDED


class Event(models.Model):
    """The demand's timeline. `public` events are shown to the enterprise; departments' internal notes are not."""

    demand = models.ForeignKey(Demand, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("动作"), max_length=30)
    summary = models.CharField(_("摘要"), max_length=300)
    detail = models.TextField(_("内容"), blank=True)
    public = models.BooleanField(_("企业可见"), default=True)
    department = models.ForeignKey("org.Department", verbose_name=_("部门"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("诉求办理记录")
        verbose_name_plural = _("诉求办理记录")
        ordering = ["at", "id"]


class DepartmentGrade(models.Model):
    """评价: the centre grades a department's handling of a demand (1–5), which feeds the department ranking."""

    demand = models.ForeignKey(Demand, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="grades")
    department = models.ForeignKey("org.Department", verbose_name=_("部门"), on_delete=models.PROTECT,
                                   related_name="demand_grades")
    grade = models.PositiveSmallIntegerField(_("评分（1-5）"))
    comment = models.CharField(_("评价意见"), max_length=300, blank=True)
    graded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评价人"), on_delete=models.PROTECT,
                                  related_name="+")
    graded_on = models.DateField(_("评价日期"))

    class Meta:
        verbose_name = _("部门办理评价")
        verbose_name_plural = _("部门办理评价")
        constraints = [models.UniqueConstraint(fields=["demand", "department"], name="demand_grade_once")]


class JointMeeting(models.Model):
    """召集: a joint meeting the centre convenes, with the departments called, about one or more demands."""

    topic = models.CharField(_("议题"), max_length=200)
    held_on = models.DateField(_("会议日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    departments = models.ManyToManyField("org.Department", verbose_name=_("召集部门"), related_name="+")
    demands = models.ManyToManyField(Demand, verbose_name=_("涉及诉求"), related_name="meetings", blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True)
    convened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("召集人"), on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("联席会议")
        verbose_name_plural = _("联席会议")
        ordering = ["-held_on", "-id"]
