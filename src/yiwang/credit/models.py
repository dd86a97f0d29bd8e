"""Credit data: subjects, records, grade models and grades, measures, checks, repairs.

A record is never deleted: it is ended, corrected or repaired, with the reason kept (and every change audited)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yiwang.org.models import Applicant, Department
from yiwang.org.pii import EncryptedCharField

from .domain import kinds as k
from .domain import measures as dm


CODE_CONTEXT = "credit.subject.code"


class SubjectQuerySet(models.QuerySet):
    def by_code(self, code: str):
        """Exact lookup by a normalised USCC or ID number, through its keyed index (the code is stored encrypted)."""
        from yiwang.org.pii import index_values

        return self.filter(code_index__in=index_values("".join(str(code or "").split()).upper(), CODE_CONTEXT))


class Subject(models.Model):
    """A credit subject: a legal person (USCC) or a natural person (resident ID), keyed by its code as given. The
    code is stored SM4-encrypted with a keyed SM3 index (personal data at rest, org.pii)."""

    class Kind(models.TextChoices):
        LEGAL = k.LEGAL, _("法人和非法人组织")
        NATURAL = k.NATURAL, _("自然人")

    code = EncryptedCharField(_("主体代码"), index_field="code_index", context=CODE_CONTEXT,
                              help_text=_("统一社会信用代码或居民身份证号"))
    code_index = models.CharField(_("主体代码索引"), max_length=64, unique=True, editable=False)
    kind = models.CharField(_("主体类型"), max_length=10, choices=Kind.choices, default=Kind.LEGAL)
    name = models.CharField(_("名称/姓名"), max_length=200, db_index=True)
    applicant = models.ForeignKey(Applicant, verbose_name=_("申请人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="credit_subjects")
    enterprise = models.OneToOneField("enterprises.Enterprise", verbose_name=_("企业"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="credit_subject")
    # Current values derived from the records (kept by services.regrade; history in Grade).
    risk_class = models.CharField(_("信用风险分类"), max_length=2, blank=True)
    public_grade = models.CharField(_("公共信用综合评价"), max_length=3, blank=True)
    risk_score = models.FloatField(_("风险分类得分"), null=True, blank=True)
    public_score = models.FloatField(_("综合评价得分"), null=True, blank=True)
    dishonest = models.BooleanField(_("失信主体"), default=False)
    graded_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = SubjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("信用主体")
        verbose_name_plural = _("信用主体")
        indexes = [models.Index(fields=["risk_class"], name="credit_subject_class")]

    def __str__(self):
        return self.name


class Record(models.Model):
    class Kind(models.TextChoices):
        LICENSING = k.LICENSING, _("行政许可")
        PENALTY = k.PENALTY, _("行政处罚")
        SERIOUS_DISHONESTY = k.SERIOUS_DISHONESTY, _("严重失信主体名单")
        DISHONESTY_LIST = k.DISHONESTY_LIST, _("失信名单")
        RED_LIST = k.RED_LIST, _("守信红名单")
        A_TAXPAYER = k.A_TAXPAYER, _("A级纳税人")
        REWARD = k.REWARD, _("表彰奖励")
        ABNORMAL = k.ABNORMAL, _("经营异常名录")
        COMMITMENT = k.COMMITMENT, _("信用承诺")
        COMMITMENT_BREACH = k.COMMITMENT_BREACH, _("违背信用承诺")
        COURT_DISHONEST = k.COURT_DISHONEST, _("失信被执行人")
        INSPECTION = k.INSPECTION, _("检查结果")

    class Status(models.TextChoices):
        ACTIVE = "active", _("有效")
        ENDED = "ended", _("已终止")
        REPAIRED = "repaired", _("已修复")
        EXPIRED = "expired", _("公示期满")

    class Source(models.TextChoices):
        ENTERED = "entered", _("录入")
        IMPORTED = "imported", _("导入")
        CASE = "case", _("办件")
        INSPECTION = "inspection", _("检查")

    subject = models.ForeignKey(Subject, verbose_name=_("主体"), on_delete=models.PROTECT, related_name="records")
    kind = models.CharField(_("记录类别"), max_length=20, choices=Kind.choices)
    severity = models.CharField(_("失信程度/结果"), max_length=10, blank=True)
    special_field = models.CharField(_("领域"), max_length=20, blank=True,
                                     help_text=_("特种设备、安全生产、消防安全的处罚最短公示期为1年"))
    title = models.CharField(_("名称"), max_length=200, blank=True, help_text=_("名单名称、许可事项或处罚事由"))
    decision_number = models.CharField(_("决定文书号"), max_length=100, blank=True)
    department = models.ForeignKey(Department, verbose_name=_("认定部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="credit_records")
    department_name = models.CharField(_("认定部门名称"), max_length=100, blank=True,
                                       help_text=_("平台外部门（如法院、税务）按原名保存"))
    legal_basis = models.CharField(_("法律依据"), max_length=300, blank=True)
    content = models.TextField(_("内容"), blank=True)
    decided_on = models.DateField(_("决定/列入日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    repairable_from = models.DateField(_("最短公示期满"), null=True, blank=True)
    publish_until = models.DateField(_("最长公示期满"), null=True, blank=True)
    publish_due = models.DateField(_("应公示日期"), null=True, blank=True, help_text=_("决定后7个工作日内"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    status_reason = models.CharField(_("状态原因"), max_length=300, blank=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    correction_note = models.CharField(_("更正说明"), max_length=300, blank=True)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices, default=Source.ENTERED)
    case_number = models.CharField(_("办件编号"), max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("信用记录")
        verbose_name_plural = _("信用记录")
        ordering = ["-decided_on", "-id"]
        indexes = [
            models.Index(fields=["subject", "status"], name="credit_record_subject"),
            models.Index(fields=["publish_until"], name="credit_record_expiry",
                         condition=Q(status="active") & Q(publish_until__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("decided_on")),
                                   name="credit_record_valid_after_decision"),
            models.UniqueConstraint(fields=["kind", "case_number"], condition=~Q(case_number=""),
                                    name="credit_record_one_per_case"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.decision_number or self.title}".strip()

    @property
    def source_department(self) -> str:
        return self.department.name if self.department_id else self.department_name

    @property
    def severity_label(self) -> str:
        return k.SEVERITY_LABELS.get(self.severity, self.severity)

    @property
    def is_dishonest(self) -> bool:
        return self.kind in k.DISHONEST_KINDS or (self.kind == k.PENALTY and self.severity == k.SERIOUS)


class GradeModel(models.Model):
    """One version of a grade model; at most one active per kind. Parameters: see credit.domain.grading."""

    class Kind(models.TextChoices):
        RISK_CLASS = "risk_class", _("信用风险分类")
        PUBLIC_GRADE = "public_grade", _("公共信用综合评价")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ACTIVE = "active", _("启用")
        RETIRED = "retired", _("停用")

    kind = models.CharField(_("模型类别"), max_length=15, choices=Kind.choices)
    version = models.PositiveIntegerField(_("版本号"))
    name = models.CharField(_("名称"), max_length=100)
    params = models.JSONField(_("参数"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    note = models.CharField(_("修订说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    activated_at = models.DateTimeField(_("启用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评价模型")
        verbose_name_plural = _("评价模型")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="credit_model_version"),
            models.UniqueConstraint(fields=["kind"], condition=Q(status="active"), name="credit_model_one_active"),
        ]

    def __str__(self):
        return f"{self.name} v{self.version}"


class Grade(models.Model):
    """A subject's grade by one model version at one time, with its explanation. The newest per kind is current."""

    subject = models.ForeignKey(Subject, verbose_name=_("主体"), on_delete=models.CASCADE, related_name="grades")
    model = models.ForeignKey(GradeModel, verbose_name=_("模型"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=15, choices=GradeModel.Kind.choices)
    grade = models.CharField(_("等级"), max_length=3)
    group = models.CharField(_("分组"), max_length=20, blank=True)
    score = models.FloatField(_("得分"))
    explanation = models.JSONField(_("说明"))
    computed_at = models.DateTimeField(_("计算时间"))
    trigger = models.CharField(_("触发"), max_length=20, default="record", help_text=_("nightly / record / model"))

    class Meta:
        verbose_name = _("信用评价结果")
        verbose_name_plural = _("信用评价结果")
        ordering = ["-computed_at", "-id"]
        indexes = [models.Index(fields=["subject", "kind", "-computed_at"], name="credit_grade_history")]

    def __str__(self):
        return f"{self.subject} {self.get_kind_display()} {self.grade}"


class Measure(models.Model):
    """A joint reward or punishment measure: trigger, effect in a procedure, legal basis, period."""

    EFFECT_CHOICES = [(e, v[2]) for e, v in dm.EFFECTS.items()]
    TRIGGER_CHOICES = list(dm.TRIGGER_LABELS.items())

    code = models.CharField(_("措施代码"), max_length=30, unique=True)
    name = models.CharField(_("措施名称"), max_length=200)
    effect = models.CharField(_("措施效果"), max_length=20, choices=EFFECT_CHOICES)
    trigger_type = models.CharField(_("触发条件类型"), max_length=15, choices=TRIGGER_CHOICES)
    trigger_values = models.JSONField(_("触发条件"), default=list)
    basis_document = models.CharField(_("依据文件"), max_length=200, blank=True)
    basis_article = models.CharField(_("依据条款"), max_length=100, blank=True)
    valid_from = models.DateField(_("起始日期"), null=True, blank=True)
    valid_until = models.DateField(_("截止日期"), null=True, blank=True)
    enabled = models.BooleanField(_("启用"), default=False)
    department = models.ForeignKey(Department, verbose_name=_("实施部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("奖惩措施")
        verbose_name_plural = _("奖惩措施")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(enabled=False) | (~Q(basis_document="") & ~Q(basis_article="")),
                name="credit_measure_basis_to_enable"),
        ]

    def __str__(self):
        return self.name

    def spec(self) -> dm.MeasureSpec:
        return dm.MeasureSpec(code=self.code, name=self.name, effect=self.effect, trigger_type=self.trigger_type,
                              trigger_values=tuple(self.trigger_values or ()), basis_document=self.basis_document,
                              basis_article=self.basis_article, valid_from=self.valid_from,
                              valid_until=self.valid_until, enabled=self.enabled)

    @property
    def kind(self) -> str:
        return dm.EFFECTS[self.effect][0]


class Check(models.Model):
    """One credit check of a subject by a procedure (the seed's 核查主体信用 figure)."""

    subject = models.ForeignKey(Subject, verbose_name=_("主体"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    subject_code = models.CharField(_("主体代码（公示形式）"), max_length=30,
                                    help_text=_("自然人身份证号已隐去部分数字"))
    procedure = models.CharField(_("环节"), max_length=15)
    department = models.ForeignKey(Department, verbose_name=_("部门"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    reference = models.CharField(_("业务编号"), max_length=60, blank=True)
    checked_at = models.DateTimeField(_("核查时间"), auto_now_add=True)
    outcome = models.JSONField(_("结果"), default=list)

    class Meta:
        verbose_name = _("信用核查")
        verbose_name_plural = _("信用核查")
        indexes = [models.Index(fields=["checked_at"], name="credit_check_at")]


class AppliedMeasure(models.Model):
    """A reward or punishment applied in a check, counted by measure and department."""

    credit_check = models.ForeignKey(Check, on_delete=models.CASCADE, related_name="applied")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="applications")
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=10)
    reason = models.CharField(max_length=300, blank=True)
    applied_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("奖惩实施")
        verbose_name_plural = _("奖惩实施")


class Repair(models.Model):
    """An application for credit repair (信用修复) of one record, decided by its listing department."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已修复")
        REFUSED = "refused", _("不予修复")

    record = models.ForeignKey(Record, verbose_name=_("信用记录"), on_delete=models.PROTECT, related_name="repairs")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    correction = models.TextField(_("纠正失信行为的说明"))
    proof_name = models.CharField(_("证明材料"), max_length=200, blank=True)
    proof_sha256 = models.CharField(_("证明材料摘要"), max_length=64, blank=True)
    commitment_signed = models.BooleanField(_("已签署信用承诺书"), default=False)
    report_number = models.CharField(_("信用报告编号"), max_length=40, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    applied_on = models.DateField(_("申请日期"))
    due_on = models.DateField(_("办理时限"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("决定人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("信用修复申请")
        verbose_name_plural = _("信用修复申请")
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["record"], condition=Q(status="submitted"),
                                    name="credit_repair_one_open"),
        ]

    def __str__(self):
        return f"信用修复：{self.record}"


class Report(models.Model):
    """A signed credit report (信用报告) as issued: the records it lists are kept as issued."""

    number = models.CharField(_("报告编号"), max_length=40, unique=True)
    subject = models.ForeignKey(Subject, verbose_name=_("主体"), on_delete=models.PROTECT, related_name="reports")
    period_from = models.DateField(_("报告期间起"))
    period_to = models.DateField(_("报告期间止"))
    issued_on = models.DateField(_("出具日期"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    purpose = models.CharField(_("用途"), max_length=100, blank=True)
    department = models.ForeignKey(Department, verbose_name=_("出具部门"), on_delete=models.PROTECT,
                                   related_name="+")
    key_id = models.CharField(_("签名密钥"), max_length=40)
    token = models.TextField(_("核验码"))
    records = models.JSONField(_("所列记录"), default=list)
    grades = models.JSONField(_("评价结果"), default=dict)
    records_digest = models.CharField(_("记录摘要"), max_length=30)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("信用报告")
        verbose_name_plural = _("信用报告")
        ordering = ["-issued_on", "-number"]

    def __str__(self):
        return self.number
