"""Organisation and people: regions, departments, service halls and windows, staff roles, applicants."""
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .identifiers import InvalidIdentifier, validate_ric, validate_uscc
from .pii import EncryptedCharField, index_values


class Region(models.Model):
    """An administrative region: 市 → 区 → 街镇 → 村居."""

    class Level(models.IntegerChoices):
        CITY = 1, _("市")
        DISTRICT = 2, _("区")
        TOWNSHIP = 3, _("街镇")
        VILLAGE = 4, _("村居")

    code = models.CharField(_("区划代码"), max_length=12, unique=True, help_text=_("12位行政区划代码"))
    name = models.CharField(_("名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices)
    parent = models.ForeignKey("self", verbose_name=_("上级区划"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        if not (self.code or "").isdigit() or len(self.code) != 12:
            raise ValidationError({"code": "区划代码应为12位数字"})
        if self.parent_id and self.parent.level >= self.level:
            raise ValidationError({"parent": "上级区划的层级必须高于本区划"})
        if not self.parent_id and self.level != self.Level.CITY and Region.objects.exclude(pk=self.pk).filter(
            parent__isnull=True
        ).exists():
            raise ValidationError({"parent": "除顶级区划外，必须指定上级区划"})


class Department(models.Model):
    """An implementing body (委办局, or a township government) that owns service items."""

    class Kind(models.TextChoices):
        BUREAU = "bureau", _("委办局")
        TOWNSHIP = "township", _("街镇")
        CENTRE = "centre", _("服务中心")

    code = models.CharField(_("部门代码"), max_length=20, unique=True)
    name = models.CharField(_("部门名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.BUREAU)
    # Real catalogues publish malformed or missing codes for some bodies, and two bodies may file under one:
    # the code is kept as given, its problem shown (`uscc_problem`); strict sites set YIWANG_STRICT_CODES.
    uscc = models.CharField(_("统一社会信用代码"), max_length=40, blank=True,
                            help_text=_("按公布数据原样填写；不是有效统一社会信用代码时提示问题，不拒绝"))
    aliases = models.TextField(_("别名"), blank=True, help_text=_("事项目录中出现的其他名称，每行一个"))
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="departments")
    phone = models.CharField(_("咨询电话"), max_length=30, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        self.uscc = (self.uscc or "").strip()
        problem = self.uscc_problem
        if problem and getattr(settings, "YIWANG_STRICT_CODES", False):
            raise ValidationError({"uscc": problem})

    @property
    def uscc_problem(self) -> str:
        """Why the department's own code is not a valid USCC ("" when it is, or when none is given)."""
        if not self.uscc:
            return ""
        try:
            validate_uscc(self.uscc)
        except InvalidIdentifier as exc:
            return str(exc)
        return "统一社会信用代码含小写字母" if self.uscc != self.uscc.upper() else ""

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in (self.aliases or "").splitlines() if a.strip()]

    @property
    def filing_code_list(self) -> list[str]:
        """Every code the department files items under: its own USCC and its subordinate centres' codes."""
        codes = [self.uscc] if self.uscc else []
        return codes + [c.code for c in self.filing_codes.all() if c.code not in codes]


class FilingCode(models.Model):
    """A code a department files catalogue items under besides its own USCC: a subordinate centre's USCC, or
    the code the published catalogue uses for it. One code may be listed for two departments (reported, never
    merged); a code kept as given, its problem shown."""

    department = models.ForeignKey(Department, verbose_name=_("部门"), on_delete=models.CASCADE,
                                   related_name="filing_codes")
    code = models.CharField(_("办理编码"), max_length=40)
    note = models.CharField(_("说明"), max_length=100, blank=True, help_text=_("如：所属中心名称"))

    class Meta:
        verbose_name = _("部门办理编码")
        verbose_name_plural = _("部门办理编码")
        ordering = ["department", "code"]
        constraints = [models.UniqueConstraint(fields=["department", "code"], name="filing_code_unique_per_department")]
        indexes = [models.Index(fields=["code"], name="filing_code_code_idx")]

    def __str__(self):
        return f"{self.department} · {self.code}"


class Park(models.Model):
    """A park (园区: 开发区, 产业园, 科技园 …) and the body that manages it (管委会 or a department)."""

    class Kind(models.TextChoices):
        DEVELOPMENT_ZONE = "development_zone", _("开发区")
        INDUSTRIAL = "industrial", _("产业园区")
        SCIENCE = "science", _("科技园区")
        BONDED = "bonded", _("综合保税区")
        OTHER = "other", _("其他园区")

    code = models.CharField(_("园区代码"), max_length=20, unique=True)
    name = models.CharField(_("园区名称"), max_length=100, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.INDUSTRIAL)
    region = models.ForeignKey(Region, verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="parks")
    managing_body = models.CharField(_("管理机构"), max_length=100, help_text=_("如：某某园区管理委员会"))
    managing_department = models.ForeignKey(
        Department, verbose_name=_("管理部门"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="managed_parks", help_text=_("管理机构在平台上作为部门登记时选择"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("园区")
        verbose_name_plural = _("园区")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Hall(models.Model):
    """A service hall: 行政服务中心 or 社区事务受理服务中心."""

    class Kind(models.TextChoices):
        ADMIN_CENTRE = "admin_centre", _("行政服务中心")
        COMMUNITY_CENTRE = "community_centre", _("社区事务受理服务中心")

    code = models.CharField(_("大厅代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="halls")
    address = models.CharField(_("地址"), max_length=200)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    opening_hours = models.CharField(_("办公时间"), max_length=200, default="工作日 9:00-12:00，13:30-17:00")
    open_on_holidays = models.BooleanField(_("节假日提供服务（8×365）"), default=False)
    holiday_hours = models.CharField(_("节假日办公时间"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("服务大厅")
        verbose_name_plural = _("服务大厅")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Window(models.Model):
    """A window in a hall. A comprehensive window (综合窗口) accepts any item; a dedicated one its departments'."""

    class Kind(models.TextChoices):
        COMPREHENSIVE = "comprehensive", _("综合窗口")
        DEDICATED = "dedicated", _("专业窗口")
        DELIVERY = "delivery", _("出件窗口")
        HELP = "help", _("咨询引导")

    hall = models.ForeignKey(Hall, verbose_name=_("大厅"), on_delete=models.CASCADE, related_name="windows")
    number = models.CharField(_("窗口号"), max_length=10)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.COMPREHENSIVE)
    departments = models.ManyToManyField(Department, verbose_name=_("受理部门"), blank=True, related_name="windows")
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("窗口")
        verbose_name_plural = _("窗口")
        ordering = ["hall", "number"]
        constraints = [models.UniqueConstraint(fields=["hall", "number"], name="window_number_unique_in_hall")]

    def __str__(self):
        return f"{self.hall.name} {self.number}号窗口（{self.get_kind_display()}）"

    @property
    def is_comprehensive(self) -> bool:
        return self.kind == self.Kind.COMPREHENSIVE


class UserManager(BaseUserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """`createsuperuser` makes the deployment's break-glass account: a staff login, never an applicant."""
        extra_fields.setdefault("kind", User.Kind.STAFF)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A login. Staff act through their StaffRole rows; applicants through Applicant."""

    objects = UserManager()

    class Kind(models.TextChoices):
        STAFF = "staff", _("工作人员")
        APPLICANT = "applicant", _("申请人")

    kind = models.CharField(_("账号类型"), max_length=10, choices=Kind.choices, default=Kind.APPLICANT)
    display_name = models.CharField(_("姓名"), max_length=100, blank=True)
    phone = EncryptedCharField(_("手机号"), blank=True, index_field="phone_index", context="org.user.phone")
    phone_index = models.CharField(_("手机号索引"), max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.display_name or self.username


class Role(models.TextChoices):
    CLERK = "clerk", _("窗口受理人员")
    REVIEWER = "reviewer", _("审核人员")
    SECTION_HEAD = "section_head", _("科室负责人")
    UNIT_LEADER = "unit_leader", _("单位负责人")
    SUPERVISOR = "supervisor", _("效能监察人员")
    CATALOG_ADMIN = "catalog_admin", _("事项管理员")
    SYSADMIN = "sysadmin", _("系统管理员")
    # 三员分立 (等保 2.0 level 3): users and configuration / roles, lockouts, clients and keys / audit only.
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")
    # Enterprise services.
    SERVICE_CENTRE = "service_centre", _("企业服务中心人员")
    COMMISSIONER = "commissioner", _("企业服务专员")
    DEMAND_HANDLER = "demand_handler", _("诉求办理人员")
    POLICY_OFFICER = "policy_officer", _("政策管理人员")
    # Regulation and credit.
    CREDIT_OFFICER = "credit_officer", _("信用管理人员")
    INSPECTOR = "inspector", _("执法检查人员")
    # Construction projects.
    PROJECT_REVIEWER = "project_reviewer", _("工程建设审批中心人员")
    # Reform tasks.
    REFORM_OFFICER = "reform_officer", _("改革办人员")
    REFORM_LIAISON = "reform_liaison", _("改革任务联络员")
    EVALUATOR = "evaluator", _("第三方评估人员")


# Which roles must be bound to a department, and which to a hall.
DEPARTMENT_ROLES = {Role.REVIEWER, Role.SECTION_HEAD, Role.UNIT_LEADER, Role.DEMAND_HANDLER, Role.INSPECTOR,
                    Role.REFORM_LIAISON}
HALL_ROLES = {Role.CLERK}


class StaffRole(models.Model):
    """One role a staff member holds, bound to a department or a hall. A person may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                             related_name="staff_roles")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    department = models.ForeignKey(Department, verbose_name=_("部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="staff_roles")
    hall = models.ForeignKey(Hall, verbose_name=_("大厅"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="staff_roles")
    window = models.ForeignKey(Window, verbose_name=_("窗口"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="staff_roles")
    is_window_officer = models.BooleanField(
        _("窗口事务官"), default=False, help_text=_("经授权可对审核合一事项当场作出决定的窗口人员")
    )

    class Meta:
        verbose_name = _("岗位角色")
        verbose_name_plural = _("岗位角色")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "department", "hall"], name="staff_role_unique"),
        ]

    def __str__(self):
        where = self.department or self.hall or "全区"
        return f"{self.user} · {self.get_role_display()} · {where}"

    def clean(self):
        errors = {}
        if self.role in DEPARTMENT_ROLES and not self.department_id:
            errors["department"] = f"{self.get_role_display()}必须隶属于一个部门"
        if self.role in HALL_ROLES and not self.hall_id:
            errors["hall"] = f"{self.get_role_display()}必须隶属于一个服务大厅"
        if self.window_id and self.hall_id and self.window.hall_id != self.hall_id:
            errors["window"] = "窗口不属于所选大厅"
        if self.is_window_officer and self.role != Role.CLERK:
            errors["is_window_officer"] = "只有窗口受理人员可以被授权为窗口事务官"
        if errors:
            raise ValidationError(errors)


class ApplicantQuerySet(models.QuerySet):
    def by_identifier(self, id_number: str, kind: str | None = None):
        """Exact lookup by a normalised ID number or USCC, through its keyed index."""
        qs = self.filter(id_number_index__in=index_values(id_number, "org.applicant.id_number"))
        return qs.filter(kind=kind) if kind else qs

    def by_phone(self, phone: str):
        return self.filter(phone_index__in=index_values("".join(str(phone or "").split()), "org.applicant.phone"))


class Applicant(models.Model):
    """A natural person (居民身份证号) or a legal person (统一社会信用代码) who applies for services."""

    class Kind(models.TextChoices):
        NATURAL = "natural", _("自然人")
        LEGAL = "legal", _("法人")

    kind = models.CharField(_("申请人类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("姓名/名称"), max_length=200)
    # Stored SM4-encrypted, with a keyed SM3 index beside each for exact lookup (org.pii).
    id_number = EncryptedCharField(_("证件号码"), index_field="id_number_index", context="org.applicant.id_number",
                                   help_text=_("自然人填居民身份证号，法人填统一社会信用代码"))
    id_number_index = models.CharField(_("证件号码索引"), max_length=64, default="", editable=False, db_index=True)
    phone = EncryptedCharField(_("联系电话"), blank=True, index_field="phone_index", context="org.applicant.phone")
    phone_index = models.CharField(_("联系电话索引"), max_length=64, blank=True, db_index=True, editable=False)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=100, blank=True)
    registered_capital = models.CharField(_("注册资本"), max_length=50, blank=True)
    business_scope = models.TextField(_("经营范围"), blank=True)
    region = models.ForeignKey(Region, verbose_name=_("所在区划"), null=True, blank=True, on_delete=models.SET_NULL)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("本人账号"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="applicant")
    agents = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("经办人账号"), blank=True,
                                    related_name="represented_applicants")
    # Derived from the credit records by the credit app (never set by hand). Bars 容缺受理 and 告知承诺.
    is_dishonest = models.BooleanField(_("失信主体"), default=False)
    dishonest_reason = models.CharField(_("失信原因"), max_length=200, blank=True)
    commitment_breached = models.BooleanField(_("曾作出虚假承诺"), default=False)
    commitment_breach_note = models.CharField(_("虚假承诺记录"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ApplicantQuerySet.as_manager()

    class Meta:
        verbose_name = _("申请人")
        verbose_name_plural = _("申请人")
        constraints = [models.UniqueConstraint(fields=["kind", "id_number_index"],
                                               name="applicant_identifier_index_unique")]
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        try:
            if self.kind == self.Kind.NATURAL:
                self.id_number = validate_ric(self.id_number)
            else:
                self.id_number = validate_uscc(self.id_number)
        except InvalidIdentifier as exc:
            raise ValidationError({"id_number": str(exc)}) from None

    @property
    def may_use_lenient_procedures(self) -> bool:
        """容缺受理 and 告知承诺 are closed to dishonest subjects and earlier false commitments until repair."""
        return not (self.is_dishonest or self.commitment_breached)


class DataKey(models.Model):
    """A key of personal data at rest (org.pii): 48 random bytes sealed under the key-encryption key. One is active
    for writing; retired ones stay to read rows not yet re-encrypted."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("在用")
        RETIRED = "retired", _("已停用")

    key_id = models.CharField(_("密钥编号"), max_length=20, unique=True)
    sequence = models.PositiveIntegerField(_("序号"), unique=True)
    sealed = models.BinaryField(_("密钥密文"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    retired_at = models.DateTimeField(_("停用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("个人信息加密密钥")
        verbose_name_plural = _("个人信息加密密钥")
        ordering = ["-sequence"]

    def __str__(self):
        return f"{self.key_id}（{self.get_status_display()}）"
