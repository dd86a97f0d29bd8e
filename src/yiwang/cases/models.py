"""Cases (办件): one application for one published item version, its materials (content-addressed blobs), its
supplement notices, approval steps, suspensions, post-checks and its event history; bundles (一件事) at run time.

State changes only through `yiwang.cases.services`; the rules live in `yiwang.cases.domain` (pure)."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .domain.lifecycle import OPEN, STATE_LABELS, State

STATE_CHOICES = [(s.value, STATE_LABELS[s]) for s in State]
OPEN_STATES = sorted(s.value for s in OPEN)  # for the partial indexes on open cases


class Channel(models.TextChoices):
    ONLINE = "online", _("网上申请")
    WINDOW = "window", _("窗口代办")


class DeliveryMethod(models.TextChoices):
    WINDOW = "window", _("窗口领取")
    MAIL = "mail", _("免费邮寄")
    ELECTRONIC = "electronic", _("电子送达")


class Blob(models.Model):
    """One uploaded file, stored once by its SHA-256 (the same file twice is one blob)."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    content_type = models.CharField(_("类型"), max_length=100)
    file = models.FileField(_("文件"), upload_to="cases/blobs/", max_length=200)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("材料文件")
        verbose_name_plural = _("材料文件")

    def __str__(self):
        return self.sha256[:12]


class CaseCounter(models.Model):
    """The last case number issued per area and day (locked with select_for_update when a number is issued)."""

    area = models.CharField(_("区划"), max_length=6)
    day = models.DateField(_("日期"))
    value = models.PositiveIntegerField(_("已发号"), default=0)

    class Meta:
        verbose_name = _("办件编号计数")
        verbose_name_plural = _("办件编号计数")
        constraints = [models.UniqueConstraint(fields=["area", "day"], name="cases_counter_area_day_unique")]


class BundleCase(models.Model):
    """一件事 at run time: one application, one merged form, one set of materials; a child case per item."""

    class Status(models.TextChoices):
        OPEN = "open", _("办理中")
        CONCLUDED = "concluded", _("已办结")
        DELIVERED = "delivered", _("已出件")

    bundle = models.ForeignKey("catalog.Bundle", verbose_name=_("一件事"), on_delete=models.PROTECT,
                               related_name="applications")
    applicant = models.ForeignKey("org.Applicant", verbose_name=_("申请人"), on_delete=models.PROTECT,
                                  related_name="bundle_cases")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT,
                                     related_name="+")
    idempotency_key = models.CharField(_("幂等键"), max_length=64, blank=True)
    submission_digest = models.CharField(_("提交内容摘要"), max_length=64, blank=True, default="", db_default="",
                                         editable=False,
                                         help_text=_("同一幂等键的重试须提交相同内容（一件事、申请人、材料文件、承诺、申请表）"))
    channel = models.CharField(_("申请渠道"), max_length=10, choices=Channel.choices)
    hall = models.ForeignKey("org.Hall", verbose_name=_("受理大厅"), on_delete=models.PROTECT, related_name="+")
    form_data = models.JSONField(_("合并申请表"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    version = models.PositiveIntegerField(_("版本"), default=1)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    delivered_on = models.DateField(_("出件日期"), null=True, blank=True)
    delivery_method = models.CharField(_("出件方式"), max_length=12, choices=DeliveryMethod.choices, blank=True)
    tracking_number = models.CharField(_("邮寄单号"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("一件事申请")
        verbose_name_plural = _("一件事申请")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["submitted_by", "idempotency_key"], condition=~Q(idempotency_key=""),
                                    name="cases_bundle_idempotency_unique"),
        ]

    def __str__(self):
        return f"{self.bundle.name}（{self.applicant.name}）"


class Case(models.Model):
    """办件. `version` is bumped by every action (optimistic concurrency: actions name the version they saw)."""

    number = models.CharField(_("办件编号"), max_length=40, unique=True, null=True, blank=True,
                              help_text=_("受理时编号，如 YW-310114-20261123-000042"))
    item_version = models.ForeignKey("catalog.ItemVersion", verbose_name=_("事项版本"), on_delete=models.PROTECT,
                                     related_name="cases")
    department = models.ForeignKey("org.Department", verbose_name=_("实施部门"), on_delete=models.PROTECT,
                                   related_name="cases")
    applicant = models.ForeignKey("org.Applicant", verbose_name=_("申请人"), on_delete=models.PROTECT,
                                  related_name="cases")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT,
                                     related_name="submitted_cases")
    idempotency_key = models.CharField(_("幂等键"), max_length=64, blank=True)
    submission_digest = models.CharField(_("提交内容摘要"), max_length=64, blank=True, default="", db_default="",
                                         editable=False,
                                         help_text=_("同一幂等键的重试须提交相同内容（事项、申请人、材料文件、承诺、申请表）"))
    channel = models.CharField(_("申请渠道"), max_length=10, choices=Channel.choices)
    hall = models.ForeignKey("org.Hall", verbose_name=_("受理大厅"), on_delete=models.PROTECT, related_name="cases")
    window = models.ForeignKey("org.Window", verbose_name=_("受理窗口"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="cases")
    bundle_case = models.ForeignKey(BundleCase, verbose_name=_("所属一件事"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="children")
    form_data = models.JSONField(_("申请表"), default=dict, blank=True)

    state = models.CharField(_("状态"), max_length=20, choices=STATE_CHOICES, default=State.RECEIVED.value,
                             db_index=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    tier = models.CharField(_("审批层级"), max_length=12)
    green_channel = models.BooleanField(_("绿色通道"), default=False, db_default=False,
                                        help_text=_("守信激励：收件时信用核查适用绿色通道优先办理"))
    green_channel_reason = models.CharField(_("绿色通道依据"), max_length=300, blank=True, default="", db_default="")
    step_index = models.PositiveSmallIntegerField(_("当前审批环节"), default=0)

    received_on = models.DateField(_("收件日期"))
    pending_since = models.DateField(_("待审查材料收到日期"), help_text=_("收件或最近一次补正的日期（第三十二条五日起算）"))
    notices_issued = models.PositiveSmallIntegerField(_("补正告知次数"), default=0)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("受理人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="accepted_cases")
    deemed_accepted = models.BooleanField(_("逾期视为受理"), default=False, db_index=True,
                                          help_text=_("五个工作日内未受理、不予受理或告知补正，视为受理并记入部门"))
    limit_days = models.PositiveSmallIntegerField(_("承诺时限（工作日）"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("延期（工作日）"), default=0)
    extension_reason = models.CharField(_("延期理由"), max_length=500, blank=True)
    deadline = models.DateField(_("办结期限"), null=True, blank=True, db_index=True)
    deadline_provisional = models.BooleanField(_("期限含未公布年度"), default=False)
    stopped_on = models.DateField(_("停止计时日期"), null=True, blank=True)
    hearing_status = models.CharField(_("听证状态"), max_length=12, blank=True, default="", db_default="",
                                      help_text=_("最近一次听证的状态（空：无听证）"))
    joint_handling = models.BooleanField(
        _("统一/联合/集中办理"), default=False, db_default=False,
        help_text=_("第二十六条、第四十二条第二款：四十五个工作日，经本级人民政府负责人批准可延长十五个工作日"))
    extension_approval = models.CharField(_("延期批准"), max_length=300, blank=True, default="", db_default="",
                                          help_text=_("联合办理延期：本级人民政府负责人的批准（姓名、文号）"))

    deferral_due = models.DateField(_("容缺材料补交期限"), null=True, blank=True)
    deferral_due_provisional = models.BooleanField(_("补交期限在未公布年度"), default=False, db_default=False)
    commitment_signed = models.BooleanField(_("已签署告知承诺书"), default=False)

    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("决定人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    outcome_reason = models.TextField(_("理由"), blank=True)
    outcome_basis = models.TextField(_("法律依据"), blank=True)
    remedy_notice = models.TextField(_("救济途径告知"), blank=True)
    delivery_due = models.DateField(_("出件期限"), null=True, blank=True)
    delivery_due_provisional = models.BooleanField(_("出件期限含未公布年度"), default=False, db_default=False)
    delivered_on = models.DateField(_("出件日期"), null=True, blank=True)
    delivery_method = models.CharField(_("出件方式"), max_length=12, choices=DeliveryMethod.choices, blank=True)
    tracking_number = models.CharField(_("邮寄单号"), max_length=50, blank=True)
    delivery_address = models.CharField(_("邮寄地址"), max_length=300, blank=True)

    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["submitted_by", "idempotency_key"], condition=~Q(idempotency_key=""),
                                    name="cases_case_idempotency_unique"),
        ]
        indexes = [
            models.Index(fields=["state", "deadline"], name="cases_state_deadline"),
            models.Index(fields=["department", "state"], name="cases_department_state"),
            models.Index(fields=["hall", "state"], name="cases_hall_state"),
            # the first page of a hall's or a department's open cases in deadline order, read from the index
            models.Index(fields=["hall", "deadline", "pending_since", "id"], condition=Q(state__in=OPEN_STATES),
                         name="cases_hall_open_deadline"),
            models.Index(fields=["department", "deadline", "pending_since", "id"],
                         condition=Q(state__in=OPEN_STATES), name="cases_department_open_deadline"),
        ]

    def __str__(self):
        return self.number or f"收件#{self.pk}"

    def get_state_display_label(self) -> str:
        return STATE_LABELS[State(self.state)]


class CaseMaterial(models.Model):
    """One material of a case: a file (blob), a commitment in its place, deferred (容缺), missing or defective."""

    class Status(models.TextChoices):
        PROVIDED = "provided", _("已提交")
        COMMITTED = "committed", _("告知承诺")
        DEFERRED = "deferred", _("容缺待补")
        MISSING = "missing", _("未提交")
        DEFECTIVE = "defective", _("需补正")

    case = models.ForeignKey(Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey("catalog.Material", verbose_name=_("材料"), on_delete=models.PROTECT,
                                 related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.MISSING)
    blob = models.ForeignKey(Blob, verbose_name=_("文件"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="case_materials")
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    supplied_on = models.DateField(_("提交日期"), null=True, blank=True)
    supplied_round = models.PositiveSmallIntegerField(
        _("提交轮次"), default=0, help_text=_("提交时已发出的补正告知次数（0 为首次提交）"))
    problem = models.CharField(_("补正事项"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("办件材料")
        verbose_name_plural = _("办件材料")
        ordering = ["case_id", "material__order", "material_id"]
        constraints = [models.UniqueConstraint(fields=["case", "material"], name="cases_material_once_per_case")]

    def __str__(self):
        return f"{self.case} · {self.material.name}"


class SupplementNotice(models.Model):
    """补正告知: every missing or defective material at once."""

    case = models.ForeignKey(Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="notices")
    number = models.PositiveSmallIntegerField(_("第几次告知"))
    issued_on = models.DateField(_("告知日期"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("告知人"), on_delete=models.PROTECT,
                                  related_name="+")
    items = models.JSONField(_("补正材料清单"), default=list)
    answered_on = models.DateField(_("补正日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("补正告知")
        verbose_name_plural = _("补正告知")
        ordering = ["case_id", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="cases_notice_number_unique")]


class Suspension(models.Model):
    """特别程序: the clock is suspended; the applicant is told why and how long it is expected to take."""

    class Kind(models.TextChoices):
        # 行政许可法 art. 45: 听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审 are not counted.
        HEARING = "hearing", _("听证")
        TENDER = "tender", _("招标")
        AUCTION = "auction", _("拍卖")
        INSPECTION = "inspection", _("检验")
        TESTING = "testing", _("检测")
        QUARANTINE = "quarantine", _("检疫")
        APPRAISAL = "appraisal", _("鉴定")
        EXPERT_REVIEW = "expert_review", _("专家评审")
        # Not in art. 45: stops the clock only where a local rule says so (YIWANG_CASES_LOCAL_SPECIAL_PROCEDURES).
        SITE_INSPECTION = "site_inspection", _("现场勘验（地方规定）")

    case = models.ForeignKey(Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="suspensions")
    kind = models.CharField(_("特别程序"), max_length=20, choices=Kind.choices)
    reason = models.CharField(_("理由"), max_length=500)
    expected_days = models.PositiveSmallIntegerField(_("预计所需时间（工作日）"))
    started_on = models.DateField(_("开始日期"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("启动人"), on_delete=models.PROTECT,
                                   related_name="+")
    resumed_on = models.DateField(_("结束日期"), null=True, blank=True)
    resumed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("恢复人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("特别程序")
        verbose_name_plural = _("特别程序")
        ordering = ["case_id", "started_on", "id"]


class CaseStep(models.Model):
    """One approval step taken (forward, send back, approve, deny) with its opinion."""

    case = models.ForeignKey(Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("环节"), max_length=20)
    step_index = models.PositiveSmallIntegerField(_("环节序号"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("办理人"), on_delete=models.PROTECT,
                              related_name="+")
    action = models.CharField(_("动作"), max_length=20)
    opinion = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审批环节")
        verbose_name_plural = _("审批环节")
        ordering = ["case_id", "at", "id"]


class PostCheck(models.Model):
    """告知承诺 post-check (事后核查), with its own due date."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待核查")
        TRUE = "true", _("承诺属实")
        FALSE = "false", _("承诺不实")

    case = models.OneToOneField(Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="post_check")
    due_on = models.DateField(_("核查期限"), db_index=True,
                              help_text=_("作出决定后起算（决定前按承诺办结日期推算，决定时重算）"))
    due_provisional = models.BooleanField(_("核查期限含未公布年度"), default=False, db_default=False)
    status = models.CharField(_("核查结果"), max_length=10, choices=Status.choices, default=Status.PENDING)
    checked_on = models.DateField(_("核查日期"), null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("核查人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    finding = models.TextField(_("核查情况"), blank=True)

    class Meta:
        verbose_name = _("告知承诺核查")
        verbose_name_plural = _("告知承诺核查")
        ordering = ["due_on", "id"]


class CaseEvent(models.Model):
    """The case's own history (the timeline); the tamper-evident copy is in the audit chain."""

    case = models.ForeignKey(Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("动作"), max_length=30)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("岗位"), max_length=20, blank=True)
    on = models.DateField(_("日期"))
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    from_state = models.CharField(_("原状态"), max_length=20, blank=True)
    to_state = models.CharField(_("新状态"), max_length=20, blank=True)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)

    class Meta:
        verbose_name = _("办件记录")
        verbose_name_plural = _("办件记录")
        ordering = ["case_id", "at", "id"]


# ======================================================================================================================
# Appointments (portal): drafts of online applications, the applicant's delivery choice and on-site appointments.
# State changes only through yiwang.cases.portal.services.
# ======================================================================================================================
class ApplicationDraft(models.Model):
    """An online application being filled in: the form, the uploaded files (blob ids) and the choices so far.
    Saved as the applicant goes and come back to; submitted once (its idempotency key files one case)."""

    class Status(models.TextChoices):
        OPEN = "open", _("草稿")
        SUBMITTED = "submitted", _("已提交")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.CASCADE,
                             related_name="application_drafts")
    applicant = models.ForeignKey("org.Applicant", verbose_name=_("申请人"), on_delete=models.CASCADE,
                                  related_name="application_drafts")
    item_version = models.ForeignKey("catalog.ItemVersion", verbose_name=_("事项版本"), null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="+")
    bundle = models.ForeignKey("catalog.Bundle", verbose_name=_("一件事"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+")
    form_data = models.JSONField(_("申请表"), default=dict, blank=True)
    files = models.JSONField(_("已上传材料"), default=dict, blank=True,
                             help_text=_("材料键 → {blob: 文件ID, name: 文件名, size: 字节}"))
    commitments = models.JSONField(_("承诺替代的材料"), default=list, blank=True)
    commitment_signed = models.BooleanField(_("已签署告知承诺书"), default=False)
    delivery_method = models.CharField(_("出件方式"), max_length=12, choices=DeliveryMethod.choices, blank=True)
    delivery_address = models.CharField(_("邮寄地址"), max_length=300, blank=True)
    idempotency_key = models.CharField(_("幂等键"), max_length=64)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    case = models.ForeignKey(Case, verbose_name=_("办件"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    bundle_case = models.ForeignKey(BundleCase, verbose_name=_("一件事申请"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("申请草稿")
        verbose_name_plural = _("申请草稿")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(item_version__isnull=False) & Q(bundle__isnull=True))
                | (Q(item_version__isnull=True) & Q(bundle__isnull=False)),
                name="cases_draft_item_or_bundle"),
            models.UniqueConstraint(fields=["user", "applicant", "item_version"], condition=Q(status="open"),
                                    name="cases_draft_one_open_per_item"),
            models.UniqueConstraint(fields=["user", "applicant", "bundle"], condition=Q(status="open"),
                                    name="cases_draft_one_open_per_bundle"),
        ]

    def __str__(self):
        target = self.item_version.name if self.item_version_id else self.bundle.name
        return f"{target}（{self.applicant.name}）"


class DeliveryChoice(models.Model):
    """How the applicant wants the result: window pickup, free mail to an address, or electronic delivery."""

    case = models.OneToOneField(Case, verbose_name=_("办件"), null=True, blank=True, on_delete=models.CASCADE,
                                related_name="delivery_choice")
    bundle_case = models.OneToOneField(BundleCase, verbose_name=_("一件事申请"), null=True, blank=True,
                                       on_delete=models.CASCADE, related_name="delivery_choice")
    method = models.CharField(_("出件方式"), max_length=12, choices=DeliveryMethod.choices)
    address = models.CharField(_("邮寄地址"), max_length=300, blank=True)
    recipient = models.CharField(_("收件人"), max_length=100, blank=True)
    phone = models.CharField(_("收件人电话"), max_length=20, blank=True)
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("选择人"), on_delete=models.PROTECT,
                                  related_name="+")
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("出件方式选择")
        verbose_name_plural = _("出件方式选择")
        constraints = [
            models.CheckConstraint(
                condition=(Q(case__isnull=False) & Q(bundle_case__isnull=True))
                | (Q(case__isnull=True) & Q(bundle_case__isnull=False)),
                name="cases_delivery_choice_one_target"),
        ]


class Appointment(models.Model):
    """An on-site appointment: one seat of a window's time slot on a day the hall is open. A seat is held by at
    most one booked appointment (unique constraint), so capacity holds under concurrent booking."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("已预约")
        CANCELLED = "cancelled", _("已取消")

    code = models.CharField(_("预约号"), max_length=20, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("预约人"), on_delete=models.PROTECT,
                             related_name="appointments")
    applicant = models.ForeignKey("org.Applicant", verbose_name=_("申请人"), on_delete=models.PROTECT,
                                  related_name="appointments")
    item_version = models.ForeignKey("catalog.ItemVersion", verbose_name=_("事项"), on_delete=models.PROTECT,
                                     related_name="+")
    hall = models.ForeignKey("org.Hall", verbose_name=_("大厅"), on_delete=models.PROTECT, related_name="appointments")
    window = models.ForeignKey("org.Window", verbose_name=_("窗口"), on_delete=models.PROTECT,
                               related_name="appointments")
    day = models.DateField(_("日期"), db_index=True)
    start = models.TimeField(_("开始时间"))
    end = models.TimeField(_("结束时间"))
    seat = models.PositiveSmallIntegerField(_("号位"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.BOOKED)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("预约时间"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        ordering = ["day", "start", "window__number", "seat"]
        constraints = [
            models.UniqueConstraint(fields=["window", "day", "start", "seat"], condition=Q(status="booked"),
                                    name="cases_appointment_seat_once"),
            models.UniqueConstraint(fields=["applicant", "item_version", "day"], condition=Q(status="booked"),
                                    name="cases_appointment_once_per_item_day"),
        ]
        indexes = [models.Index(fields=["hall", "day", "status"], name="cases_appt_hall_day")]

    def __str__(self):
        return f"{self.code} {self.day} {self.start:%H:%M}"


# 行政许可法 arts. 46–48 (听证) and the 容缺 commitment live in models_law (imported here so Django sees them).
from .models_law import DeferralCommitment, Hearing  # noqa: E402,F401
