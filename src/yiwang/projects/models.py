"""Construction projects (工程建设项目): the project, the risk matrix, the stage plan over catalogue items, regional
assessments, stage applications with their cases, intermediary periods. Rules live in domain/ and services.py."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .domain.classes import KIND_LABELS, ROUTE_LABELS, STAGE_LABELS, Kind, Route, Stage
from .domain.risk import LEVEL_LABELS

KIND_CHOICES = [(k.value, v) for k, v in KIND_LABELS.items()]
ROUTE_CHOICES = [(k.value, v) for k, v in ROUTE_LABELS.items()]
STAGE_CHOICES = [(k.value, v) for k, v in STAGE_LABELS.items()]
LEVEL_CHOICES = list(LEVEL_LABELS.items())


class RiskMatrix(models.Model):
    """One saved version of the risk matrix; the highest number is in force. Versions are never edited."""

    number = models.PositiveIntegerField(_("版本号"), unique=True)
    data = models.JSONField(_("矩阵"))
    note = models.CharField(_("修订说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("修订人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("修订时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("风险分级矩阵")
        verbose_name_plural = _("风险分级矩阵")
        ordering = ["-number"]

    def __str__(self):
        return f"风险分级矩阵 v{self.number}"


class Project(models.Model):
    USE_CHOICES = [(u, u) for u in ("工业厂房", "仓储物流", "办公", "商业", "住宅", "公共建筑", "危险品仓储")]
    ZONE_CHOICES = [(z, z) for z in ("无", "风貌保护区", "轨道交通保护区")]

    code = models.CharField(_("投资项目统一代码"), max_length=24, unique=True)
    name = models.CharField(_("项目名称"), max_length=200)
    builder = models.ForeignKey("enterprises.Enterprise", verbose_name=_("建设单位"), on_delete=models.PROTECT,
                                related_name="construction_projects")
    kind = models.CharField(_("投资类型"), max_length=12, choices=KIND_CHOICES, db_index=True)
    target_days = models.PositiveSmallIntegerField(_("全流程审批时限（工作日）"))
    region = models.ForeignKey("org.Region", verbose_name=_("建设地点"), on_delete=models.PROTECT, related_name="+")
    park = models.ForeignKey("org.Park", verbose_name=_("所在园区"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="construction_projects")
    address = models.CharField(_("详细地址"), max_length=200, blank=True)
    land_area = models.DecimalField(_("用地面积（平方米）"), max_digits=12, decimal_places=2)
    floor_area = models.DecimalField(_("总建筑面积（平方米）"), max_digits=12, decimal_places=2)
    height = models.DecimalField(_("建筑高度（米）"), max_digits=7, decimal_places=2)
    use = models.CharField(_("建筑用途"), max_length=20, choices=USE_CHOICES)
    hazardous = models.BooleanField(_("涉及危险化学品"), default=False)
    ecological = models.BooleanField(_("对生态环境有重大影响"), default=False)
    special_zone = models.CharField(_("特殊区域"), max_length=20, choices=ZONE_CHOICES, default="无")
    total_investment = models.DecimalField(_("总投资（万元）"), max_digits=14, decimal_places=2)
    industry = models.ForeignKey("enterprises.Industry", verbose_name=_("所属行业"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    risk_level = models.CharField(_("风险等级"), max_length=8, choices=LEVEL_CHOICES)
    risk_reasons = models.JSONField(_("风险等级依据"), default=list)
    risk_matrix_number = models.PositiveIntegerField(_("适用风险矩阵版本"))
    excluded = models.BooleanField(_("不适用一站式办理"), default=False)
    route = models.CharField(_("办理流程"), max_length=12, choices=ROUTE_CHOICES, db_index=True)
    route_reason = models.CharField(_("流程依据"), max_length=300, blank=True)
    fields = models.JSONField(_("已填报字段"), default=dict, blank=True,
                              help_text=_("一表申请：各阶段已填报的字段，后续阶段复用不再填写"))
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("工程建设项目")
        verbose_name_plural = _("工程建设项目")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name}（{self.code}）"

    @property
    def kind_enum(self) -> Kind:
        return Kind(self.kind)

    @property
    def route_enum(self) -> Route:
        return Route(self.route)


class RegionalAssessment(models.Model):
    """区域评估: an assessment done once for a park, sparing the matching items for projects in it."""

    class Kind(models.TextChoices):
        ENVIRONMENT = "environment", _("环境影响评价")
        SOIL = "soil", _("水土保持")
        GEOHAZARD = "geohazard", _("地质灾害危险性评估")
        MINERALS = "minerals", _("压覆重要矿产资源评估")
        ENERGY = "energy", _("节能评价")
        SEISMIC = "seismic", _("地震安全性评价")
        RELICS = "relics", _("文物考古调查勘探")
        FLOOD = "flood", _("洪水影响评价")

    park = models.ForeignKey("org.Park", verbose_name=_("园区"), on_delete=models.PROTECT,
                             related_name="regional_assessments")
    kind = models.CharField(_("评估类型"), max_length=12, choices=Kind.choices)
    done_on = models.DateField(_("完成日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("区域评估")
        verbose_name_plural = _("区域评估")
        constraints = [models.UniqueConstraint(fields=["park", "kind"], name="regional_assessment_unique")]

    def __str__(self):
        return f"{self.park} · {self.get_kind_display()}"


class StageItem(models.Model):
    """One catalogue item in the stage plan: the stage is the item's own stage tag (catalog.ServiceItem)."""

    item = models.OneToOneField("catalog.ServiceItem", verbose_name=_("事项"), on_delete=models.PROTECT,
                                related_name="project_stage_item")
    kinds = models.JSONField(_("适用投资类型"), default=list, blank=True, help_text=_("空为全部"))
    routes = models.JSONField(_("适用流程"), default=list, blank=True, help_text=_("空为全部"))
    after = models.ForeignKey("self", verbose_name=_("前置事项"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="followers", help_text=_("空为受理后并联办理"))
    assessment = models.CharField(_("区域评估可替代"), max_length=12, choices=RegionalAssessment.Kind.choices,
                                  blank=True)
    fields = models.JSONField(_("所需字段"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("序号"), default=0)

    class Meta:
        verbose_name = _("阶段事项")
        verbose_name_plural = _("阶段事项")
        ordering = ["order", "id"]

    def __str__(self):
        return str(self.item)


class StageApplication(models.Model):
    """One stage of one project: its one form, its one intake, its cases."""

    class Status(models.TextChoices):
        OPEN = "open", _("办理中")
        CONCLUDED = "concluded", _("已办结")

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(_("阶段"), max_length=2, choices=STAGE_CHOICES)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    filed_on = models.DateField(_("申报日期"))
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    form_data = models.JSONField(_("阶段申请表"), default=dict)
    asked_fields = models.JSONField(_("本阶段填报字段"), default=list)
    reused_fields = models.JSONField(_("复用字段"), default=list)
    reasked_fields = models.JSONField(_("重复填报字段"), default=list)
    spared = models.JSONField(_("区域评估替代事项"), default=list, blank=True)
    files = models.JSONField(_("阶段材料"), default=dict, blank=True,
                             help_text=_("合并材料键 → 已存文件（blob 编号、文件名）：后续事项收件时复用"))
    target_days = models.PositiveSmallIntegerField(_("阶段时限（工作日）"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申报人"), on_delete=models.PROTECT,
                                 related_name="+")
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("阶段申报")
        verbose_name_plural = _("阶段申报")
        ordering = ["project", "stage"]
        constraints = [models.UniqueConstraint(fields=["project", "stage"], name="stage_application_unique")]

    def __str__(self):
        return f"{self.project.name} · {self.get_stage_display()}"


class StageCase(models.Model):
    """One item of a stage application: its case once filed (parallel items at the intake, a following item when
    the one before it concludes)."""

    application = models.ForeignKey(StageApplication, verbose_name=_("阶段申报"), on_delete=models.CASCADE,
                                    related_name="items")
    stage_item = models.ForeignKey(StageItem, verbose_name=_("阶段事项"), on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField("cases.Case", verbose_name=_("办件"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="project_item")
    parallel = models.BooleanField(_("并联办理"), default=True)

    class Meta:
        verbose_name = _("阶段事项办件")
        verbose_name_plural = _("阶段事项办件")
        constraints = [models.UniqueConstraint(fields=["application", "stage_item"], name="stage_case_unique")]


class IntermediaryPeriod(models.Model):
    """An intermediary service on the project (技术审查, 测绘 …): its time is counted apart from the government's."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE,
                                related_name="intermediary_periods")
    stage = models.CharField(_("阶段"), max_length=2, choices=STAGE_CHOICES)
    service = models.CharField(_("中介服务"), max_length=100)
    organisation = models.CharField(_("中介机构"), max_length=200)
    government_paid = models.BooleanField(_("政府购买服务"), default=False)
    started_on = models.DateField(_("开始日期"))
    finished_on = models.DateField(_("完成日期"), null=True, blank=True)
    fee = models.DecimalField(_("费用（万元）"), max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("中介服务")
        verbose_name_plural = _("中介服务")
        ordering = ["started_on", "id"]
