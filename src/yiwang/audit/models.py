"""The append-only audit log: one row per state change, SM3 hash-chained, plus the single chain-head row
that appenders lock to take the next seq (so two transactions can never fork the chain)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .domain.chain import GENESIS_HASH, iso_utc


class AuditImmutable(Exception):
    """An attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutable("审计事件只可追加，不可修改")

    def delete(self):
        raise AuditImmutable("审计事件只可追加，不可删除")

    def for_target(self, target):
        return self.filter(target_type=target_type_of(target), target_id=str(target.pk))


def target_type_of(target) -> str:
    return f"{target._meta.app_label}.{target._meta.model_name}"


class AuditEvent(models.Model):
    seq = models.BigIntegerField(_("序号"), unique=True, editable=False)
    at = models.DateTimeField(_("时间"), editable=False, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+", editable=False)
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True, editable=False)
    role = models.CharField(_("角色"), max_length=30, blank=True, editable=False)
    action = models.CharField(_("动作"), max_length=100, db_index=True, editable=False)
    target_type = models.CharField(_("对象类型"), max_length=100, blank=True, editable=False)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True, editable=False)
    target_repr = models.CharField(_("对象"), max_length=200, blank=True, editable=False)
    before = models.JSONField(_("变更前"), null=True, blank=True, editable=False)
    after = models.JSONField(_("变更后"), null=True, blank=True, editable=False)
    data = models.JSONField(_("附加数据"), null=True, blank=True, editable=False)
    prev_hash = models.CharField(_("前序哈希"), max_length=64, editable=False)
    hash = models.CharField(_("哈希"), max_length=64, unique=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["seq"]
        indexes = [models.Index(fields=["target_type", "target_id", "seq"], name="audit_target_idx")]

    def __str__(self):
        return f"#{self.seq} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditImmutable("审计事件只可追加，不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutable("审计事件只可追加，不可删除")

    def hashed_fields(self) -> dict:
        """The fields as the hash saw them (see domain.chain.HASHED_FIELDS)."""
        return {
            "seq": self.seq, "at": iso_utc(self.at), "actor_id": self.actor_id, "actor_name": self.actor_name,
            "role": self.role, "action": self.action, "target_type": self.target_type,
            "target_id": self.target_id, "target_repr": self.target_repr,
            "before": self.before, "after": self.after, "data": self.data,
            "prev_hash": self.prev_hash, "hash": self.hash,
        }


class ChainHead(models.Model):
    """Exactly one row (pk=1): the last event's seq and hash. Appenders lock it (select_for_update)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self):
        return f"#{self.seq} {self.hash[:12]}…"


class CheckpointKey(models.Model):
    """The SM2 key that signs chain-head checkpoints; the private half sealed under the key-encryption key (as the
    licence signing keys are). Rotated keys are kept so older checkpoints stay verifiable."""

    key_id = models.CharField(_("密钥编号"), max_length=30, unique=True)
    public_key = models.CharField(_("公钥"), max_length=130)
    private_key_sealed = models.BinaryField(_("私钥密文"))
    active = models.BooleanField(_("在用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审计检查点签名密钥")
        verbose_name_plural = _("审计检查点签名密钥")

    def __str__(self):
        return self.key_id


class Checkpoint(models.Model):
    """A signed statement of the chain head (also exported, one JSON line each, to YIWANG_AUDIT_CHECKPOINT_FILE)."""

    seq = models.BigIntegerField(_("链头序号"))
    hash = models.CharField(_("链头哈希"), max_length=64)
    at = models.CharField(_("签署时间"), max_length=40)
    key_id = models.CharField(_("密钥编号"), max_length=30)
    signature = models.CharField(_("签名"), max_length=128)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("审计链检查点")
        verbose_name_plural = _("审计链检查点")
        ordering = ["-seq", "-id"]

    def __str__(self):
        return f"#{self.seq} {self.at}"
