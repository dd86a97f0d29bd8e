"""E-licences (电子证照) and the departments' SM2 signing keys."""
from django.conf import settings
from django.db import models
from django.db.models import Q

from yiwang.org.models import Department
from yiwang.org.pii import EncryptedCharField, index_values

HOLDER_ID_CONTEXT = "licences.licence.holder_id_number"


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


class LicenceQuerySet(models.QuerySet):
    def by_holder(self, *id_numbers: str):
        """Exact lookup by the holder's normalised ID number or USCC (one or more), through the keyed index."""
        values = [v for n in id_numbers if n for v in index_values("".join(str(n).split()).upper(), HOLDER_ID_CONTEXT)]
        return self.filter(holder_id_number_index__in=values)


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
    # Stored SM4-encrypted, with a keyed SM3 index beside it for exact lookup (org.pii; find by Licence.objects.by_holder).
    holder_id_number = EncryptedCharField("证件号码", index_field="holder_id_number_index", context=HOLDER_ID_CONTEXT)
    holder_id_number_index = models.CharField("证件号码索引", max_length=64, default="", editable=False, db_index=True)
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
    cancel_ground = models.CharField("注销情形", max_length=20, blank=True, default="", db_default="", choices=[
        ("expired", "有效期届满未延续"), ("holder_ended", "持证主体依法终止、死亡或丧失行为能力"),
        ("revoked", "许可依法被撤销、撤回，或许可证件依法被吊销"), ("force_majeure", "因不可抗力导致许可事项无法实施"),
        ("other", "法律、法规规定的其他情形")], help_text="行政许可法第七十条")
    deemed_renewed = models.BooleanField("视为准予延续", default=False, db_default=False,
                                         help_text="行政许可法第五十条：有效期届满前未作决定的，视为准予延续")
    reminders_sent = models.JSONField("已发送的延续提醒", default=list, blank=True,
                                      help_text="提醒时距申请期限的天数")
    version = models.PositiveIntegerField(default=1)

    objects = LicenceQuerySet.as_manager()

    class Meta:
        verbose_name = "电子证照"
        verbose_name_plural = verbose_name
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["department", "status"])]

    def __str__(self):
        return f"{self.number} {self.licence_type}"


class LicenceEvent(models.Model):
    """What happened to a licence after it was issued (延续, 视为准予延续, 变更, 注销…), each with the token that was
    current before, so an older printout still verifies and says what became of it."""

    class Kind(models.TextChoices):
        RENEWAL_APPLIED = "renewal_applied", "申请延续"
        RENEWED = "renewed", "准予延续"
        DEEMED_RENEWED = "deemed_renewed", "视为准予延续"
        RENEWAL_DENIED = "renewal_denied", "不予延续"
        CHANGE_APPLIED = "change_applied", "申请变更"
        CHANGED = "changed", "准予变更"
        CHANGE_DENIED = "change_denied", "不予变更"
        CANCELLED = "cancelled", "注销"
        REMINDED = "reminded", "延续提醒"

    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="events", verbose_name="证照")
    kind = models.CharField("事件", max_length=20, choices=Kind.choices)
    on = models.DateField("日期")
    at = models.DateTimeField("时间", auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name="办理人")
    note = models.CharField("说明", max_length=500, blank=True)
    previous_token = models.TextField("原签名核验码", blank=True)
    changes = models.JSONField("变化", default=dict, blank=True)

    class Meta:
        verbose_name = "证照事件"
        verbose_name_plural = verbose_name
        ordering = ["licence_id", "at", "id"]
        indexes = [models.Index(fields=["licence", "kind"])]


class LicenceRequest(models.Model):
    """The holder's application to renew (延续, art. 50) or change (变更, art. 49) a licence, and the organ's
    decision. A renewal not decided by the licence's expiry is deemed granted."""

    class Kind(models.TextChoices):
        RENEWAL = "renewal", "延续"
        CHANGE = "change", "变更"

    class Status(models.TextChoices):
        PENDING = "pending", "待决定"
        GRANTED = "granted", "准予"
        DEEMED = "deemed", "视为准予"
        DENIED = "denied", "不予"
        WITHDRAWN = "withdrawn", "撤回"

    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="requests", verbose_name="证照")
    kind = models.CharField("申请种类", max_length=10, choices=Kind.choices)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    applied_on = models.DateField("申请日期")
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="申请人")
    requested_until = models.DateField("申请延续至", null=True, blank=True)
    changes = models.JSONField("申请变更的内容", default=dict, blank=True, help_text="字段 → 新内容")
    reason = models.CharField("申请理由", max_length=500, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="决定人")
    decision_note = models.CharField("决定理由", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "证照延续与变更申请"
        verbose_name_plural = verbose_name
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["licence", "kind"], condition=Q(status="pending"),
                                    name="licences_one_pending_request_per_kind"),
        ]
