"""The enterprise registry: GB/T 4754-2017 industries, enterprise profiles keyed by USCC, yearly figures with
their history, managed tags."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yiwang.org.models import Applicant, Park, Region

from .domain import scale as scale_rule


class Industry(models.Model):
    """One entry of GB/T 4754-2017 国民经济行业分类: 门类 (A–T), 大类 (2 digits), 中类 (3), 小类 (4)."""

    class Level(models.TextChoices):
        SECTION = "section", _("门类")
        DIVISION = "division", _("大类")
        GROUP = "group", _("中类")
        CLASS = "class", _("小类")

    code = models.CharField(_("行业代码"), max_length=4, primary_key=True)
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    name = models.CharField(_("行业名称"), max_length=100, db_index=True)
    parent = models.ForeignKey("self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    section = models.CharField(_("门类"), max_length=1, db_index=True)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("国民经济行业")
        verbose_name_plural = _("国民经济行业（GB/T 4754-2017）")
        ordering = ["section", "code"]

    def __str__(self):
        return f"{self.full_code} {self.name}"

    @property
    def full_code(self) -> str:
        return self.code if self.level == self.Level.SECTION else f"{self.section}{self.code}"


class Scale(models.TextChoices):
    LARGE = scale_rule.LARGE, _("大型")
    MEDIUM = scale_rule.MEDIUM, _("中型")
    SMALL = scale_rule.SMALL, _("小型")
    MICRO = scale_rule.MICRO, _("微型")


class Enterprise(models.Model):
    """An enterprise profile (企业档案), one per USCC; tied to the legal-person `org.Applicant` of the same code when
    one is registered (the applicant stays the identity; this holds what enterprise services need)."""

    class EntityType(models.TextChoices):
        LLC = "llc", _("有限责任公司")
        JOINT_STOCK = "joint_stock", _("股份有限公司")
        SOLE = "sole", _("个人独资企业")
        PARTNERSHIP = "partnership", _("合伙企业")
        STATE = "state", _("全民所有制企业")
        COLLECTIVE = "collective", _("集体所有制企业")
        FOREIGN = "foreign", _("外商投资企业")
        BRANCH = "branch", _("分支机构")
        INDIVIDUAL = "individual", _("个体工商户")
        COOPERATIVE = "cooperative", _("农民专业合作社")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        ACTIVE = "active", _("存续（在业）")
        MOVED_OUT = "moved_out", _("迁出")
        DEREGISTERED = "deregistered", _("注销")
        REVOKED = "revoked", _("吊销")

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("企业名称"), max_length=200)
    applicant = models.OneToOneField(Applicant, verbose_name=_("申请人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="enterprise")
    entity_type = models.CharField(_("市场主体类型"), max_length=20, choices=EntityType.choices,
                                   default=EntityType.LLC)
    industry = models.ForeignKey(Industry, verbose_name=_("行业（GB/T 4754-2017）"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="enterprises")
    # The section letter beside the code, so that "C" and "C39" search by index without a join.
    industry_section = models.CharField(_("行业门类"), max_length=1, blank=True)
    # The division (2 digits) and group (3 digits) of the code, kept beside it by save(), so that a division or
    # group search ("C39", "391") is an equality that an (column, name) index serves in name order.
    industry_division = models.CharField(_("行业大类"), max_length=2, blank=True, editable=False)
    industry_group = models.CharField(_("行业中类"), max_length=3, blank=True, editable=False)
    registered_capital = models.DecimalField(_("注册资本（万元）"), max_digits=16, decimal_places=4,
                                             null=True, blank=True)
    capital_currency = models.CharField(_("注册资本币种"), max_length=10, default="人民币")
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    status = models.CharField(_("登记状态"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    region = models.ForeignKey(Region, verbose_name=_("所在区划"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="enterprises")
    park = models.ForeignKey(Park, verbose_name=_("所在园区"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="enterprises")
    address = models.CharField(_("住所"), max_length=200, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=100, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    business_scope = models.TextField(_("经营范围"), blank=True)
    # The latest yearly figures, copied from YearlyFigure so that scale and search need no join.
    figures_year = models.PositiveSmallIntegerField(_("最新年报年度"), null=True, blank=True)
    headcount = models.PositiveIntegerField(_("从业人员（人）"), null=True, blank=True)
    revenue = models.DecimalField(_("营业收入（万元）"), max_digits=16, decimal_places=2, null=True, blank=True)
    total_assets = models.DecimalField(_("资产总额（万元）"), max_digits=16, decimal_places=2, null=True, blank=True)
    tax_paid = models.DecimalField(_("纳税额（万元）"), max_digits=16, decimal_places=2, null=True, blank=True)
    # Scale: derived by the 2017 rule; an override with a reason wins.
    scale = models.CharField(_("企业规模"), max_length=10, choices=Scale.choices, blank=True)
    scale_derived = models.CharField(_("按划分办法测算的规模"), max_length=10, choices=Scale.choices, blank=True)
    scale_basis = models.TextField(_("划型依据"), blank=True)
    scale_override = models.CharField(_("人工认定规模"), max_length=10, choices=Scale.choices, blank=True)
    scale_override_reason = models.CharField(_("人工认定理由"), max_length=200, blank=True)
    # Filled by the credit capability.
    credit_grade = models.CharField(_("信用等级"), max_length=10, blank=True)
    credit_grade_at = models.DateTimeField(_("信用等级评定时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("建档时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("企业档案")
        verbose_name_plural = _("企业档案")
        ordering = ["name", "id"]
        indexes = [
            # Name-prefix search: on PostgreSQL text_pattern_ops makes LIKE 'prefix%' use the index whatever the
            # database collation (other backends ignore the operator class).
            models.Index(fields=["name"], name="ent_name_prefix", opclasses=["text_pattern_ops"]),
            models.Index(fields=["name", "id"], name="ent_name_order"),
            models.Index(fields=["industry"], name="ent_industry_prefix", opclasses=["text_pattern_ops"]),
            models.Index(fields=["industry_section", "name"], name="ent_section_name"),
            models.Index(fields=["industry", "name", "id"], name="ent_class_name"),
            models.Index(fields=["industry_division", "name", "id"], name="ent_division_name"),
            models.Index(fields=["industry_group", "name", "id"], name="ent_group_name"),
            models.Index(fields=["park", "name"], name="ent_park_name"),
            models.Index(fields=["scale", "name"], name="ent_scale_name"),
            models.Index(fields=["region", "name"], name="ent_region_name"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(scale_override="") | ~Q(scale_override_reason=""),
                                   name="ent_scale_override_has_reason"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        code = self.industry_id or ""
        self.industry_division = code[:2] if code.isdigit() and len(code) >= 2 else ""
        self.industry_group = code[:3] if code.isdigit() and len(code) >= 3 else ""
        fields = kwargs.get("update_fields")
        if fields is not None and "industry" in fields:
            kwargs["update_fields"] = {*fields, "industry_division", "industry_group"}
        super().save(*args, **kwargs)
        if self.pk and (fields is None or "name" in fields):
            # the tag rows keep the name beside them for the tag search's order (see EnterpriseTag)
            EnterpriseTag.objects.filter(enterprise_id=self.pk).exclude(enterprise_name=self.name).update(
                enterprise_name=self.name)

    @property
    def scale_is_overridden(self) -> bool:
        return bool(self.scale_override)


ENTERPRISE_STATUS_CHOICES = Enterprise.Status.choices


class YearlyFigure(models.Model):
    """One year's figures of an enterprise (年报 or statistics). A correction adds a new revision; the earlier
    ones stay, marked superseded, so the history of every year is kept."""

    class Source(models.TextChoices):
        ANNUAL_REPORT = "annual_report", _("企业年报")
        STATISTICS = "statistics", _("统计部门")
        TAX = "tax", _("税务部门")
        SELF = "self", _("企业申报")
        IMPORT = "import", _("批量导入")

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE,
                                   related_name="yearly_figures")
    year = models.PositiveSmallIntegerField(_("年度"))
    revision = models.PositiveSmallIntegerField(_("修订号"), default=1)
    is_current = models.BooleanField(_("现行"), default=True)
    headcount = models.PositiveIntegerField(_("从业人员（人）"), null=True, blank=True)
    revenue = models.DecimalField(_("营业收入（万元）"), max_digits=16, decimal_places=2, null=True, blank=True)
    total_assets = models.DecimalField(_("资产总额（万元）"), max_digits=16, decimal_places=2, null=True, blank=True)
    tax_paid = models.DecimalField(_("纳税额（万元）"), max_digits=16, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.ANNUAL_REPORT)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("年度经营数据")
        verbose_name_plural = _("年度经营数据")
        ordering = ["enterprise", "-year", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "revision"], name="figure_revision_unique"),
            models.UniqueConstraint(fields=["enterprise", "year"], condition=Q(is_current=True),
                                    name="figure_one_current_per_year"),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}年（第{self.revision}版）"


class Tag(models.Model):
    """A managed enterprise tag (高新技术企业, 专精特新 …) with the body whose recognition it records."""

    code = models.SlugField(_("标签代码"), max_length=40, unique=True)
    name = models.CharField(_("标签名称"), max_length=50, unique=True)
    source = models.CharField(_("认定来源"), max_length=100, help_text=_("认定或名单发布部门，如：区科委"))
    description = models.CharField(_("说明"), max_length=300, blank=True)
    default_validity_years = models.PositiveSmallIntegerField(_("默认有效期（年）"), null=True, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("企业标签")
        verbose_name_plural = _("企业标签")
        ordering = ["code"]

    def __str__(self):
        return self.name


class EnterpriseTag(models.Model):
    """A tag held by an enterprise, with its source and validity."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE,
                                   related_name="tags")
    tag = models.ForeignKey(Tag, verbose_name=_("标签"), on_delete=models.PROTECT, related_name="holders")
    source = models.CharField(_("认定来源"), max_length=100, blank=True)
    reference = models.CharField(_("认定文号或证书编号"), max_length=100, blank=True)
    valid_from = models.DateField(_("有效期起"), null=True, blank=True)
    valid_to = models.DateField(_("有效期止"), null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("添加人"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(_("添加时间"), auto_now_add=True)
    # The enterprise's name, kept equal to it by Enterprise.save() and by save() here: the tag search reads the
    # holders of one tag in name order from the (tag, enterprise_name, enterprise) index instead of sorting them
    # all (a tag held by 1% of a million enterprises is ten thousand rows to sort for a first page of twenty).
    enterprise_name = models.CharField(_("企业名称"), max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("企业所获标签")
        verbose_name_plural = _("企业所获标签")
        constraints = [models.UniqueConstraint(fields=["enterprise", "tag"], name="enterprise_tag_unique")]
        indexes = [models.Index(fields=["tag", "enterprise"], name="ent_tag_lookup"),
                   models.Index(fields=["tag", "enterprise_name", "enterprise"], name="ent_tag_name_order")]

    def __str__(self):
        return f"{self.enterprise} · {self.tag}"

    def save(self, *args, **kwargs):
        if self.enterprise_id and not self.enterprise_name:
            self.enterprise_name = (self.enterprise.name if EnterpriseTag.enterprise.is_cached(self) else
                                    Enterprise.objects.filter(pk=self.enterprise_id).values_list(
                                        "name", flat=True).first()) or ""
        super().save(*args, **kwargs)

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


from .service_models import (  # noqa: E402,F401  (one models module for Django)
    GRADES, Assignment, CommissionerRating, CorrectionRequest, Visit, VisitProblem,
)
