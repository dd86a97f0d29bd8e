"""双随机、一公开: item lists, the object and inspector directories, plans and tasks, draws with their published files,
the drawn objects and inspectors, results, follow-up, 首违不罚 lists and discretion benchmarks.

Enterprises are objects straight from the registry (never copied); other kinds of object live in `OtherObject`.
A draw is one row per task (a second draw of the same task is refused by the database as well as the service)."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yiwang.org.models import Department


class ItemKind(models.TextChoices):
    GENERAL = "general", _("一般检查事项")
    KEY = "key", _("重点检查事项")


class ObjectKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("市场主体")
    PRODUCT = "product", _("产品")
    PROJECT = "project", _("工程项目")
    SITE = "site", _("场所")


class Item(models.Model):
    """One entry of the 抽查事项清单 (随机抽查事项)."""

    department = models.ForeignKey(Department, verbose_name=_("实施部门"), on_delete=models.PROTECT,
                                   related_name="inspection_items")
    code = models.CharField(_("事项编码"), max_length=30, unique=True)
    name = models.CharField(_("抽查事项"), max_length=200)
    legal_basis = models.CharField(_("检查依据"), max_length=500)
    object_kinds = models.JSONField(_("检查对象类别"), default=list)
    content = models.TextField(_("检查内容"))
    method = models.CharField(_("检查方式"), max_length=200)
    kind = models.CharField(_("事项类别"), max_length=10, choices=ItemKind.choices, default=ItemKind.GENERAL)
    active = models.BooleanField(_("有效"), default=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("抽查事项")
        verbose_name_plural = _("抽查事项清单")
        ordering = ["department__code", "code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class OtherObject(models.Model):
    """An inspection object that is not a registered enterprise: a product, a construction project, a site."""

    kind = models.CharField(_("对象类别"), max_length=10, choices=ObjectKind.choices)
    code = models.CharField(_("对象编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    owner_uscc = models.CharField(_("责任主体统一社会信用代码"), max_length=18, blank=True)
    industry_section = models.CharField(_("行业门类"), max_length=1, blank=True)
    region = models.ForeignKey("org.Region", verbose_name=_("所在区划"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    park = models.ForeignKey("org.Park", verbose_name=_("所在园区"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    scale = models.CharField(_("规模"), max_length=10, blank=True)
    risk_class = models.CharField(_("风险分类"), max_length=1, blank=True)
    licences = models.JSONField(_("持有许可"), default=list, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("其他检查对象")
        verbose_name_plural = _("其他检查对象")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name}（{self.code}）"


class Inspector(models.Model):
    """An enforcement officer in the 执法检查人员名录."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("账户"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="inspector")
    name = models.CharField(_("姓名"), max_length=50)
    cert_no = models.CharField(_("执法证号"), max_length=30, unique=True)
    department = models.ForeignKey(Department, verbose_name=_("所属部门"), on_delete=models.PROTECT,
                                   related_name="inspectors")
    fields = models.JSONField(_("执法领域"), default=list, blank=True)
    available = models.BooleanField(_("可参加抽查"), default=True)
    unavailable_reason = models.CharField(_("不可参加原因"), max_length=100, blank=True)
    active = models.BooleanField(_("在册"), default=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("执法检查人员")
        verbose_name_plural = _("执法检查人员名录")
        ordering = ["department__code", "cert_no"]

    def __str__(self):
        return f"{self.name}（{self.cert_no}）"


class Conflict(models.Model):
    """A declared conflict of interest with an object (relatives, former employer, shareholdings …)."""

    class Kind(models.TextChoices):
        RELATIVE = "relative", _("近亲属关系")
        FORMER_EMPLOYER = "former_employer", _("曾任职")
        SHAREHOLDING = "shareholding", _("持股或投资")
        OTHER = "other", _("其他利害关系")

    inspector = models.ForeignKey(Inspector, verbose_name=_("执法人员"), on_delete=models.CASCADE,
                                  related_name="conflicts")
    object_code = models.CharField(_("对象代码"), max_length=40, db_index=True)
    kind = models.CharField(_("关系类别"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    declared_on = models.DateField(_("申报日期"))
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("利害关系申报")
        verbose_name_plural = _("利害关系申报")


class Plan(models.Model):
    class Kind(models.TextChoices):
        ANNUAL = "annual", _("部门年度抽查计划")
        JOINT = "joint", _("部门联合抽查计划")

    number = models.CharField(_("计划编号"), max_length=40, unique=True)
    kind = models.CharField(_("计划类别"), max_length=10, choices=Kind.choices, default=Kind.ANNUAL)
    year = models.PositiveIntegerField(_("年度"))
    title = models.CharField(_("计划名称"), max_length=200)
    department = models.ForeignKey(Department, verbose_name=_("牵头部门"), on_delete=models.PROTECT,
                                   related_name="inspection_plans")
    participants = models.ManyToManyField(Department, verbose_name=_("参与部门"), blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("制定时间"), auto_now_add=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("抽查计划")
        verbose_name_plural = _("抽查计划")
        ordering = ["-year", "number"]

    def __str__(self):
        return self.title


class Task(models.Model):
    """One sampling task of a plan. Its parameters are fixed when it is announced (公告): the snapshot's hash, the
    seed sources and the draw time are published then; after the draw nothing of it changes."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草拟")
        ANNOUNCED = "announced", _("已公告待抽取")
        DRAWN = "drawn", _("已抽取")
        PUBLISHED = "published", _("结果已公示")
        VOID = "void", _("已作废（由更正任务替代）")

    plan = models.ForeignKey(Plan, verbose_name=_("计划"), on_delete=models.PROTECT, related_name="tasks")
    number = models.CharField(_("任务编号"), max_length=40, unique=True)
    title = models.CharField(_("任务名称"), max_length=200)
    items = models.ManyToManyField(Item, verbose_name=_("抽查事项"), related_name="tasks")
    scope = models.JSONField(_("对象范围"), default=dict, blank=True)
    ratios = models.JSONField(_("按风险分类的抽查比例（%）"), default=dict)
    public_info_check = models.BooleanField(_("企业公示信息抽查"), default=False)
    uses_risk_classes = models.BooleanField(_("按信用风险分类抽查"), default=True)
    inspectors_per_object = models.PositiveSmallIntegerField(_("每户执法人员数"), default=2)
    starts_on = models.DateField(_("检查期起"))
    ends_on = models.DateField(_("检查期止"))
    seed_sources = models.JSONField(_("见证值来源"), default=list)
    draw_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    corrects = models.ForeignKey("self", verbose_name=_("更正的任务"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="corrections")
    params_json = models.TextField(_("公布的参数"), blank=True)
    snapshot_hash = models.CharField(_("快照哈希"), max_length=64, blank=True)
    snapshot = models.TextField(_("对象快照"), blank=True)
    exclusions = models.JSONField(_("排除的对象"), default=dict, blank=True)
    announced_at = models.DateTimeField(_("公告时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("结果公示时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("抽查任务")
        verbose_name_plural = _("抽查任务")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def department(self):
        return self.plan.department

    @property
    def is_joint(self) -> bool:
        return self.plan.kind == Plan.Kind.JOINT


class Draw(models.Model):
    """The witnessed draw of a task: the values entered, the seed, the selection file and the cutoffs."""

    task = models.OneToOneField(Task, verbose_name=_("任务"), on_delete=models.PROTECT, related_name="draw")
    values = models.JSONField(_("见证值"))
    witnesses = models.CharField(_("见证人"), max_length=300)
    seed = models.CharField(_("种子"), max_length=64)
    seed_json = models.TextField(_("公布的种子文件"))
    selection = models.TextField(_("抽取名单文件"))
    cutoffs = models.JSONField(_("各类分界值"))
    drawn_at = models.DateTimeField(_("抽取时间"))
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("抽取")
        verbose_name_plural = _("抽取")


class Sampled(models.Model):
    """One drawn object of a task: its notice (one for a joint task) and its one visit."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="sampled")
    code = models.CharField(_("对象代码"), max_length=40)
    kind = models.CharField(_("对象类别"), max_length=10, choices=ObjectKind.choices)
    name = models.CharField(_("名称"), max_length=200)
    enterprise = models.ForeignKey("enterprises.Enterprise", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="inspections")
    risk_class = models.CharField(_("风险分类"), max_length=1)
    rank = models.PositiveIntegerField(_("类内序号"))
    score = models.CharField(_("排序值"), max_length=64)
    visit_on = models.DateField(_("检查日期"), null=True, blank=True)
    notice = models.TextField(_("检查通知"), blank=True)
    notice_sent_at = models.DateTimeField(_("通知时间"), null=True, blank=True)
    inspected_on = models.DateField(_("实施检查日期"), null=True, blank=True)
    entry_due = models.DateField(_("录入期限"), null=True, blank=True)
    publish_due = models.DateField(_("公示期限"), null=True, blank=True)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    year = models.PositiveIntegerField(_("年度"), db_index=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("抽中对象")
        verbose_name_plural = _("抽中对象")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["task", "code"], name="inspections_sampled_once")]
        indexes = [models.Index(fields=["code", "year"], name="inspections_sampled_code")]

    def __str__(self):
        return f"{self.name}（{self.code}）"


class Assignment(models.Model):
    """An inspector drawn for an object (per department in a joint task); a recusal keeps the row with its reason."""

    sampled = models.ForeignKey(Sampled, on_delete=models.CASCADE, related_name="assignments")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    inspector = models.ForeignKey(Inspector, on_delete=models.PROTECT, related_name="assignments")
    order = models.PositiveSmallIntegerField(_("抽取顺序"))
    recused = models.BooleanField(_("已回避"), default=False)
    recusal_reason = models.CharField(_("回避理由"), max_length=200, blank=True)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="replacement")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("抽中执法人员")
        verbose_name_plural = _("抽中执法人员")
        ordering = ["department__code", "order"]
        constraints = [models.UniqueConstraint(fields=["sampled", "inspector"], name="inspections_assignment_once")]


class Outcome(models.TextChoices):
    NO_PROBLEM = "no_problem", _("未发现问题")
    RECTIFIED = "rectified", _("发现问题已责令整改")
    UNCOOPERATIVE = "uncooperative", _("不配合检查")
    NOT_PUBLISHED = "not_published", _("未按规定公示")
    NOT_FOUND = "not_found", _("查无下落")
    VIOLATION = "violation", _("发现违法违规行为")


PROBLEM_OUTCOMES = {Outcome.RECTIFIED, Outcome.UNCOOPERATIVE, Outcome.NOT_PUBLISHED, Outcome.NOT_FOUND,
                    Outcome.VIOLATION}


class Result(models.Model):
    """The result of one item at one object, entered by a drawn inspector (谁检查、谁录入)."""

    class FollowUp(models.TextChoices):
        NONE = "", _("无")
        RECTIFY = "rectify", _("责令整改")
        HAND_OVER = "hand_over", _("移交执法")

    sampled = models.ForeignKey(Sampled, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="results")
    outcome = models.CharField(_("检查结果"), max_length=20, choices=Outcome.choices)
    detail = models.TextField(_("情况说明"), blank=True)
    evidence = models.FileField(_("证据材料"), upload_to="inspections/evidence/%Y/", blank=True)
    entered_by = models.ForeignKey(Inspector, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("录入时间"))
    late_entry = models.BooleanField(_("逾期录入"), default=False)
    follow_up = models.CharField(_("后续处置"), max_length=10, choices=FollowUp.choices, blank=True)
    rectify_by = models.DateField(_("整改期限"), null=True, blank=True)
    recheck_on = models.DateField(_("复查日期"), null=True, blank=True)
    recheck_outcome = models.CharField(_("复查结果"), max_length=100, blank=True)
    handed_to = models.CharField(_("移交单位"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("检查结果")
        verbose_name_plural = _("检查结果")
        constraints = [models.UniqueConstraint(fields=["sampled", "item"], name="inspections_result_once")]


class LeniencyEntry(models.Model):
    """One entry of a department's 首违不罚清单 (轻微违法行为不予处罚清单)."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("违法行为编码"), max_length=30)
    violation = models.CharField(_("违法行为"), max_length=300)
    basis = models.CharField(_("不予处罚依据"), max_length=300)
    conditions = models.CharField(_("适用条件"), max_length=300, default="首次违法、危害后果轻微、及时改正、无危害后果")

    class Meta:
        verbose_name = _("首违不罚清单事项")
        verbose_name_plural = _("首违不罚清单")
        constraints = [models.UniqueConstraint(fields=["department", "code"], name="inspections_leniency_code")]


class Benchmark(models.Model):
    """A discretion benchmark (行政处罚裁量基准): the range of penalty for a violation in a circumstance."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("违法行为编码"), max_length=30)
    violation = models.CharField(_("违法行为"), max_length=300)
    circumstance = models.CharField(_("违法情节"), max_length=10)
    low = models.CharField(_("处罚下限"), max_length=100)
    high = models.CharField(_("处罚上限"), max_length=100)
    basis = models.CharField(_("处罚依据"), max_length=300)

    class Meta:
        verbose_name = _("裁量基准")
        verbose_name_plural = _("裁量基准")
        constraints = [models.UniqueConstraint(fields=["department", "code", "circumstance"],
                                               name="inspections_benchmark_code")]


class Violation(models.Model):
    """A violation found at an inspection, the platform's proposal (首违不罚 or the benchmark range) and the decision.
    A decision other than the proposal needs a reason; a penalty becomes a credit record."""

    class Decision(models.TextChoices):
        NO_PENALTY = "no_penalty", _("不予处罚")
        PENALTY = "penalty", _("行政处罚")

    result = models.OneToOneField(Result, on_delete=models.PROTECT, related_name="violation")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    subject_code = models.CharField(_("当事人代码"), max_length=40)
    code = models.CharField(_("违法行为编码"), max_length=30)
    circumstance = models.CharField(_("违法情节"), max_length=10)
    first_time = models.BooleanField(_("首次违法"))
    minor = models.BooleanField(_("危害后果轻微"))
    corrected = models.BooleanField(_("及时改正"))
    harmless = models.BooleanField(_("无危害后果"))
    proposal = models.CharField(_("平台建议"), max_length=12)
    proposal_basis = models.CharField(_("建议依据"), max_length=300, blank=True)
    proposal_detail = models.JSONField(_("建议说明"), default=list)
    decision = models.CharField(_("决定"), max_length=12, choices=Decision.choices, blank=True)
    override_reason = models.CharField(_("不采纳建议的理由"), max_length=300, blank=True)
    decision_number = models.CharField(_("决定文书号"), max_length=100, blank=True)
    penalty = models.CharField(_("处罚内容"), max_length=200, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    credit_record_id = models.PositiveBigIntegerField(_("信用记录"), null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("违法行为处理")
        verbose_name_plural = _("违法行为处理")
        constraints = [models.CheckConstraint(condition=Q(decision="") | Q(decided_on__isnull=False),
                                              name="inspections_violation_decided_on")]


# Choice sets named for the OpenAPI document (settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
PLAN_KIND_CHOICES = Plan.Kind.choices
CONFLICT_KIND_CHOICES = Conflict.Kind.choices
TASK_STATUS_CHOICES = Task.Status.choices
