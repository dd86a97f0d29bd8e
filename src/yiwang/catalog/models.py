"""The service catalogue (事项目录): items, their versions (drafts and immutable published snapshots), the
materials and fees each version owns, life-event topics, bundles (一件事) and the status history of items.

Rules live in `yiwang.catalog.domain` (pure) and `yiwang.catalog.services` (the only place state changes).
Cases cite the `ItemVersion` they were filed under: a published version never changes.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .domain import terms


class ItemType(models.IntegerChoices):
    """事项类型, numbered as on the national platform (docs/rules.md: 1, 5, 7, 8, 9, 10, 20; 行政征收 is national type 4)."""

    LICENSING = 1, _("行政许可")
    BENEFIT = 5, _("行政给付")
    LEVY = 4, _("行政征收")
    CONFIRMATION = 7, _("行政确认")
    AWARD = 8, _("行政奖励")
    ADJUDICATION = 9, _("行政裁决")
    OTHER_POWER = 10, _("其他行政权力")
    PUBLIC_SERVICE = 20, _("公共服务")


class ExercisingLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    DISTRICT = "district", _("区级")
    TOWNSHIP = "township", _("街镇级")
    VILLAGE = "village", _("村居级")


class ApprovalTier(models.TextChoices):
    """审核合一 / 一审一核 / 三级审批 (seed 003 task 5)."""

    ONE_STEP = "one_step", _("审核合一")
    TWO_STEP = "two_step", _("一审一核")
    THREE_STEP = "three_step", _("三级审批")


class RiskDomain(models.TextChoices):
    """Domains where 告知承诺 is not allowed (国办发〔2020〕42号)."""

    NONE = "", _("无")
    NATIONAL_SECURITY = "national_security", _("国家安全")
    STATE_SECRET = "state_secret", _("国家秘密")
    PUBLIC_SAFETY = "public_safety", _("公共安全")
    FINANCIAL = "financial", _("金融业审慎监管")
    ECOLOGY = "ecology", _("生态环境保护")
    HEALTH_LIFE_PROPERTY = "health_life_property", _("直接涉及人身健康、生命财产安全")


class Topic(models.Model):
    """主题 / life event (开办企业, 工程建设, 婚育, 就业, 社保 …) by which the public browses."""

    class Audience(models.TextChoices):
        NATURAL = "natural", _("个人")
        LEGAL = "legal", _("法人")
        BOTH = "both", _("个人和法人")

    code = models.SlugField(_("主题代码"), max_length=40, unique=True)
    name = models.CharField(_("主题名称"), max_length=50, unique=True)
    audience = models.CharField(_("服务对象"), max_length=10, choices=Audience.choices, default=Audience.BOTH)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("主题")
        verbose_name_plural = _("主题")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


# The four stages of 国办发〔2019〕11号 and the utilities track (the codes the projects app uses).
PROJECT_STAGE_CHOICES = [("", _("不属于工程建设审批")), ("s1", _("立项用地规划许可")), ("s2", _("工程建设许可")),
                         ("s3", _("施工许可")), ("s4", _("竣工验收")), ("ut", _("市政公用服务接入"))]


class ServiceItem(models.Model):
    """政务服务事项: the identity of one item (its code and implementing department). Its content lives in
    versions: at most one editable draft and any number of immutable published versions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("未发布")
        ACTIVE = "active", _("在用")
        SUSPENDED = "suspended", _("暂停")
        CANCELLED = "cancelled", _("取消")
        DELEGATED = "delegated", _("已下放")

    code = models.CharField(_("事项编码"), max_length=80, unique=True,
                            help_text=_("基本编码-12位区划代码-000-实施主体统一社会信用代码-序号-业务办理项编码"))
    department = models.ForeignKey("org.Department", verbose_name=_("实施部门"), on_delete=models.PROTECT,
                                   related_name="service_items")
    # Mirrors of the version in force, kept by services for listing and filtering.
    name = models.CharField(_("事项名称"), max_length=200)
    item_type = models.PositiveSmallIntegerField(_("事项类型"), choices=ItemType.choices)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    current_version = models.ForeignKey("ItemVersion", verbose_name=_("现行版本"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    status_reason = models.CharField(_("状态变更原因"), max_length=500, blank=True)
    delegated_to_region = models.ForeignKey("org.Region", verbose_name=_("下放至区划"), null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="+")
    delegated_to_department = models.ForeignKey("org.Department", verbose_name=_("下放至部门"), null=True,
                                                blank=True, on_delete=models.PROTECT, related_name="+")
    delegated_from = models.ForeignKey("self", verbose_name=_("由此事项下放"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="delegations")
    # 主项 / 业务办理项: a handling item belongs to its main item; the guide list groups them.
    main_item = models.ForeignKey("self", verbose_name=_("所属主项"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="handling_items")
    # 工程建设项目审批: the stage of the construction-approval chain the item belongs to ("" = none); the projects
    # app plans each stage from the items tagged for it.
    project_stage = models.CharField(_("工程建设审批阶段"), max_length=2, choices=PROJECT_STAGE_CHOICES, blank=True,
                                     default="", db_default="")
    # Normalised text of the version in force (see domain.search); `SearchToken` rows index its bigrams.
    search_text = models.TextField(_("检索文本"), blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("政务服务事项")
        verbose_name_plural = _("政务服务事项")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name}（{self.code}）"

    @property
    def is_public(self) -> bool:
        return self.status in (self.Status.ACTIVE, self.Status.SUSPENDED) and self.current_version_id is not None


# 行政许可法 art. 26: 统一办理, 联合办理, 集中办理 ("" = none)
JOINT_HANDLING_CHOICES = [("", _("否")), ("unified", _("统一办理")), ("joint", _("联合办理")),
                          ("centralised", _("集中办理"))]


class ItemVersion(models.Model):
    """One version of an item: a draft (published_at is null, editable through services) or a published,
    immutable snapshot with its effective date. Cases FK to the published version they were filed under."""

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    item = models.ForeignKey(ServiceItem, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"), null=True, blank=True, help_text=_("发布时编号，草稿为空"))
    state = models.CharField(_("版本状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    revision = models.PositiveIntegerField(_("草稿修订号"), default=1,
                                           help_text=_("每次保存草稿加1，用于防止并发编辑互相覆盖"))
    effective_date = models.DateField(_("生效日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    change_note = models.CharField(_("变更说明"), max_length=500, blank=True)

    name = models.CharField(_("事项名称"), max_length=200)
    item_type = models.PositiveSmallIntegerField(_("事项类型"), choices=ItemType.choices)
    level = models.CharField(_("行使层级"), max_length=12, choices=ExercisingLevel.choices,
                             default=ExercisingLevel.DISTRICT)
    legal_basis = models.TextField(_("设定依据"), blank=True)
    legal_limit_days = models.PositiveSmallIntegerField(_("法定办结时限（工作日）"), null=True, blank=True,
                                                        help_text=_("法律法规无规定的留空"))
    promised_limit_days = models.PositiveSmallIntegerField(
        _("承诺办结时限（工作日）"), help_text=_("不得超过法定时限；0 表示即办件"))
    approval_tier = models.CharField(_("审批层级"), max_length=12, choices=ApprovalTier.choices,
                                     default=ApprovalTier.TWO_STEP)
    # handling modes
    joint_handling = models.CharField(
        _("统一/联合/集中办理"), max_length=12, blank=True, default="", db_default="",
        choices=JOINT_HANDLING_CHOICES,
        help_text=_("行政许可法第二十六条：办理时间不得超过四十五个工作日，经本级人民政府负责人批准可延长十五个工作日"))
    fully_online = models.BooleanField(_("全程网办"), default=False)
    max_visits = models.PositiveSmallIntegerField(_("最多跑动次数"), default=1,
                                                  help_text=_("0 表示零跑动；1 表示最多跑一次"))
    on_the_spot = models.BooleanField(_("当场办结"), default=False)
    advance_service = models.BooleanField(_("提前服务"), default=False)
    same_year_landing = models.BooleanField(_("当年落地"), default=False)
    express = models.BooleanField(_("快办（3分钟填报、零材料提交）"), default=False)
    # content of the guide
    conditions = models.TextField(_("受理条件"), blank=True)
    steps = models.TextField(_("办理流程"), blank=True, help_text=_("每行一个环节"))
    form_fields = models.TextField(_("申请表字段"), blank=True,
                                   help_text=_("每行一个字段；“一件事”合并申请表时去重合并"))
    is_free = models.BooleanField(_("不收费"), default=True)
    service_8x365 = models.BooleanField(_("8×365 自助/网上可办"), default=False)
    holiday_service = models.BooleanField(_("列入节假日公共服务事项目录"), default=False)
    holiday_note = models.CharField(_("节假日服务说明"), max_length=300, blank=True)
    appointment_required = models.BooleanField(_("须预约"), default=False)
    online_url = models.URLField(_("网上办理地址"), blank=True)
    consult_phone = models.CharField(_("咨询电话"), max_length=50, blank=True)
    remedy = models.TextField(_("救济途径"), blank=True, help_text=_("行政复议、行政诉讼等"))
    halls = models.ManyToManyField("org.Hall", verbose_name=_("办理大厅"), blank=True, related_name="item_versions")
    windows = models.ManyToManyField("org.Window", verbose_name=_("办理窗口"), blank=True,
                                     related_name="item_versions")
    topics = models.ManyToManyField(Topic, verbose_name=_("主题"), blank=True, related_name="item_versions")
    # 告知承诺 for the item as a whole; never in the RiskDomain areas.
    commitment_allowed = models.BooleanField(_("可告知承诺"), default=False)
    risk_domain = models.CharField(_("涉及领域"), max_length=24, choices=RiskDomain.choices, blank=True,
                                   default=RiskDomain.NONE)
    # Filled from the platform's defaults because the source (a published catalogue) did not say: 待完善.
    pending_fields = models.JSONField(_("待完善字段"), default=list, blank=True,
                                      help_text=_("导入时按平台默认值填写、尚待核实的字段"))
    materials_given = models.BooleanField(_("材料已填报"), default=True,
                                          help_text=_("否：材料从未填报（材料待完善），不计为零材料"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("事项版本")
        verbose_name_plural = _("事项版本")
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item"], condition=Q(state="draft"), name="catalog_one_draft_per_item"),
            models.UniqueConstraint(fields=["item", "number"], name="catalog_version_number_unique"),
            models.CheckConstraint(
                condition=Q(legal_limit_days__isnull=True) | Q(promised_limit_days__lte=models.F("legal_limit_days")),
                name="catalog_promised_not_over_legal",
            ),
        ]

    def __str__(self):
        label = f"v{self.number}" if self.number else "草稿"
        return f"{self.name} {label}"

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def is_immediate(self) -> bool:
        """即办件: promised limit 0."""
        return self.promised_limit_days == 0

    @property
    def accepts_deferral(self) -> bool:
        """容缺受理 is possible when at least one (non-key) material may be deferred."""
        return any(m.deferrable for m in self.materials.all())

    @property
    def step_list(self) -> list[str]:
        return [s.strip() for s in self.steps.splitlines() if s.strip()]

    @property
    def form_field_list(self) -> list[str]:
        return [s.strip() for s in self.form_fields.splitlines() if s.strip()]


class Material(models.Model):
    """申请材料, owned by one version (copied into each new draft)."""

    class Requirement(models.TextChoices):
        # the catalogue's one vocabulary (catalog.domain.terms, docs/glossary.md): 必要 / 特定情形提交
        REQUIRED = "required", _(terms.REQUIRED)
        CONDITIONAL = "conditional", _(terms.CONDITIONAL)

    version = models.ForeignKey(ItemVersion, verbose_name=_("事项版本"), on_delete=models.CASCADE,
                                related_name="materials")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    code = models.CharField(_("材料标准编码"), max_length=40, blank=True,
                            help_text=_("相同编码的材料在“一件事”中只提交一次；无编码时按名称去重"))
    name = models.CharField(_("材料名称"), max_length=200)
    requirement = models.CharField(_("必要性"), max_length=12, choices=Requirement.choices,
                                   default=Requirement.REQUIRED,
                                   help_text=_("必要：每次都须提交；特定情形提交：仅在“提交情形”所写的情形下提交"))
    condition = models.CharField(_("提交情形"), max_length=300, blank=True)
    originals = models.PositiveSmallIntegerField(_("原件份数"), default=1)
    copies = models.PositiveSmallIntegerField(_("复印件份数"), default=0)
    template = models.FileField(_("表格/样表"), upload_to="catalog/templates/", blank=True)
    exempt_by_sharing = models.BooleanField(_("免提交（共享数据/电子证照替代）"), default=False)
    sharing_source = models.CharField(_("替代来源"), max_length=200, blank=True)
    is_key = models.BooleanField(_("关键材料"), default=False, help_text=_("关键材料不得容缺"))
    deferrable = models.BooleanField(_("可容缺"), default=False)
    commitment_replaceable = models.BooleanField(_("可告知承诺替代"), default=False)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["version", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=~(Q(is_key=True) & Q(deferrable=True)),
                                   name="catalog_key_material_not_deferrable"),
        ]

    def __str__(self):
        return self.name


class FeeItem(models.Model):
    """A fee an item charges, with its basis (owned by one version)."""

    version = models.ForeignKey(ItemVersion, verbose_name=_("事项版本"), on_delete=models.CASCADE,
                                related_name="fees")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("收费项目"), max_length=200)
    standard = models.CharField(_("收费标准"), max_length=300)
    basis = models.CharField(_("收费依据"), max_length=500)

    class Meta:
        verbose_name = _("收费项目")
        verbose_name_plural = _("收费项目")
        ordering = ["version", "order", "id"]

    def __str__(self):
        return self.name


class ItemStatusChange(models.Model):
    """Every change of an item's status (publish, suspend, resume, cancel, delegate), with its reason."""

    item = models.ForeignKey(ServiceItem, verbose_name=_("事项"), on_delete=models.CASCADE,
                             related_name="status_changes")
    from_status = models.CharField(_("原状态"), max_length=10, choices=ServiceItem.Status.choices)
    to_status = models.CharField(_("新状态"), max_length=10, choices=ServiceItem.Status.choices)
    reason = models.CharField(_("原因"), max_length=500, blank=True)
    to_region = models.ForeignKey("org.Region", verbose_name=_("下放至区划"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    to_department = models.ForeignKey("org.Department", verbose_name=_("下放至部门"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("事项状态变更")
        verbose_name_plural = _("事项状态变更")
        ordering = ["item", "at", "id"]

    def __str__(self):
        return f"{self.item.name}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class SearchToken(models.Model):
    """Bigram index of an item's search text: `社保`, `参保` … (works the same on SQLite and PostgreSQL)."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="search_tokens")
    token = models.CharField(max_length=4, db_index=True)

    class Meta:
        verbose_name = _("检索词元")
        verbose_name_plural = _("检索词元")
        constraints = [models.UniqueConstraint(fields=["token", "item"], name="catalog_search_token_unique")]


class Bundle(models.Model):
    """一件事: several items applied for with one form and one set of materials, delivered once."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("未发布")
        ACTIVE = "active", _("在用")
        CANCELLED = "cancelled", _("取消")

    code = models.CharField(_("一件事编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    topic = models.ForeignKey(Topic, verbose_name=_("主题"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="bundles")
    lead_department = models.ForeignKey("org.Department", verbose_name=_("牵头部门"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="led_bundles")
    items = models.ManyToManyField(ServiceItem, through="BundleItem", verbose_name=_("包含事项"),
                                   related_name="bundles")
    promised_limit_days = models.PositiveSmallIntegerField(
        _("整体承诺时限（工作日）"), null=True, blank=True, help_text=_("为空时取各事项承诺时限的最大值（并联办理）"))
    joint_handling = models.BooleanField(
        _("联合办理"), default=False, db_default=False,
        help_text=_("行政许可法第二十六条、第四十二条第二款：各事项由牵头部门组织联合办理，四十五个工作日内办结，"
                    "经本级人民政府负责人批准可延长十五个工作日"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("一件事")
        verbose_name_plural = _("一件事")
        ordering = ["code"]

    def __str__(self):
        return self.name


class BundleItem(models.Model):
    bundle = models.ForeignKey(Bundle, verbose_name=_("一件事"), on_delete=models.CASCADE,
                               related_name="bundle_items")
    item = models.ForeignKey(ServiceItem, verbose_name=_("事项"), on_delete=models.PROTECT,
                             related_name="bundle_items")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)

    class Meta:
        verbose_name = _("一件事包含事项")
        verbose_name_plural = _("一件事包含事项")
        ordering = ["bundle", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["bundle", "item"], name="catalog_bundle_item_unique")]

    def __str__(self):
        return f"{self.bundle.name} · {self.item.name}"


class ImportJob(models.Model):
    """One catalogue import: the uploaded file, its dry run (what would change), the confirmed import and its
    report. Runs as a huey job; at most one job is checking or importing at a time (a unique partial index)."""

    class State(models.TextChoices):
        CHECKING = "checking", _("检查中")
        CHECKED = "checked", _("待确认")
        IMPORTING = "importing", _("导入中")
        DONE = "done", _("已导入")
        FAILED = "failed", _("未导入")
        CANCELLED = "cancelled", _("已放弃")

    filename = models.CharField(_("文件名"), max_length=200)
    content = models.BinaryField(_("文件内容"))
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.CHECKING)
    running = models.BooleanField(_("运行中"), null=True, default=True, editable=False,
                                  help_text=_("检查或导入中为是，其余为空（同一时间只运行一个导入）"))
    create_departments = models.BooleanField(_("同时创建部门"), default=False)
    effective_date = models.DateField(_("生效日期"))
    report = models.JSONField(_("报告"), default=dict, blank=True)
    message = models.CharField(_("说明"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("事项导入")
        verbose_name_plural = _("事项导入")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["running"], condition=Q(running=True),
                                               name="catalog_one_import_running")]

    def __str__(self):
        return f"{self.filename}（{self.get_state_display()}）"


class SearchSynonym(models.Model):
    """A word people type and the words the catalogue uses for it (身份证 → 居民身份证), managed in the admin."""

    term = models.CharField(_("常用说法"), max_length=30, unique=True)
    expansions = models.CharField(_("目录用语"), max_length=300, help_text=_("以“、”分隔，如：居民身份证、身份证明"))

    class Meta:
        verbose_name = _("检索同义词")
        verbose_name_plural = _("检索同义词")
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} → {self.expansions}"

    @property
    def expansion_list(self) -> list[str]:
        return [e.strip() for e in self.expansions.replace(",", "、").replace("，", "、").split("、") if e.strip()]
