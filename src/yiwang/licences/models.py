"""E-licences (电子证照) and the departments' SM2 signing keys."""
from django.conf import settings
from django.db import models
from django.db.models import Q

from yiwang.org.models import Department


class SigningKey(models.Model):
    """A department's SM2 key pair. The private key is kept sealed (SM4-CBC + HMAC-SM3 under the master key);
    retired keys are kept so that licences they signed stay verifiable."""

    class Status(models.TextChoices):
        ACTIVE = "active", "在用"
        RETIRED = "retired", "已轮换"

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="licence_keys",
                                   verbose_name="部门")
    key_id = models.CharField("密钥标识", max_length=40, unique=True)
    sequence = models.PositiveIntegerField("序号")
    public_key = models.CharField("公钥（十六进制）", max_length=130)
    private_key_sealed = models.BinaryField("私钥密文")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    retired_at = models.DateTimeField("轮换时间", null=True, blank=True)

    class Meta:
        verbose_name = "证照签名密钥"
        verbose_name_plural = verbose_name
        ordering = ["department_id", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["department"], condition=Q(status="active"),
                                    name="licences_one_active_key_per_department"),
            models.UniqueConstraint(fields=["department", "sequence"], name="licences_key_sequence_unique"),
        ]

    def __str__(self):
        return self.key_id


class LicenceCounter(models.Model):
    """The last licence number used per department and year (locked with select_for_update)."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["department", "year"], name="licences_counter_unique")]


class Licence(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", "有效"
        REVOKED = "revoked", "已注销"

    class HolderKind(models.TextChoices):
        NATURAL = "natural", "自然人"
        LEGAL = "legal", "法人或其他组织"

    number = models.CharField("证照编号", max_length=40, unique=True)
    licence_type = models.CharField("证照类型", max_length=100)
    holder_name = models.CharField("持证主体", max_length=200)
    holder_kind = models.CharField("主体类型", max_length=10, choices=HolderKind.choices)
    holder_id_number = models.CharField("证件号码", max_length=18, db_index=True)
    scope = models.TextField("许可范围")
    valid_from = models.DateField("有效期起")
    valid_until = models.DateField("有效期至", null=True, blank=True, help_text="空表示长期有效")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="licences",
                                   verbose_name="发证部门")
    issued_on = models.DateField("发证日期")
    issued_at = models.DateTimeField("签发时间", auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name="签发人")
    signing_key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="licences",
                                    verbose_name="签名密钥")
    token = models.TextField("签名核验码")
    # The FK to cases.Case is added by the lead once cases exists; until then the case is referenced by id.
    case_ref = models.BigIntegerField("办件ID", null=True, blank=True, db_index=True)
    case_number = models.CharField("办件编号", max_length=40, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.VALID)
    revoked_at = models.DateTimeField("注销时间", null=True, blank=True)
    revoked_reason = models.CharField("注销原因", max_length=500, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="注销人")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "电子证照"
        verbose_name_plural = verbose_name
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["department", "status"])]

    def __str__(self):
        return f"{self.number} {self.licence_type}"
