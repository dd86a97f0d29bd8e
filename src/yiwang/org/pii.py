"""Personal data at rest: ID numbers and phone numbers are stored SM4-encrypted (SM4-CBC + HMAC-SM3, the same
sealing as the licence signing keys), with a keyed SM3 index (HMAC-SM3) beside each for exact lookup.

Keys: each `DataKey` row holds 48 random bytes (the SM4/HMAC sealing master and the index key), sealed under the
key-encryption key (`yiwang.common.kek`, purpose "pii"). One key is active for writing; retired keys stay to read
rows not yet re-encrypted. `yiwang pii rotate` makes a new active key and re-encrypts every row with it.

A stored value reads `sm4:<key id>:<base64>`; the model field (`EncryptedCharField`) decrypts on load and encrypts on
save, so code reads and writes plain values. Filtering on the field is refused (the ciphertext is randomised):
look up through the index (`index_values`, `Applicant.objects.by_identifier`)."""
from __future__ import annotations

import base64
import logging
import os
import secrets
import threading

from django.db import models, transaction
from django.db.models.lookups import Exact
from django.utils import timezone

from yiwang.common import kek, sm

PREFIX = "sm4:"
log = logging.getLogger(__name__)
_cache: dict[str, bytes] = {}
_lock = threading.Lock()


class PiiError(Exception):
    pass


def _data_key_model():
    from .models import DataKey

    return DataKey


def _material(key_id: str) -> bytes:
    with _lock:
        if key_id in _cache:
            return _cache[key_id]
    row = _data_key_model().objects.filter(key_id=key_id).first()
    if row is None:
        raise PiiError(f"个人信息密钥 {key_id} 不存在：数据库与密钥不匹配")
    try:
        material = sm.unwrap_key(bytes(row.sealed), kek.master_for("pii"), key_id)
    except sm.KeyUnwrapError as exc:
        raise PiiError(f"个人信息密钥 {key_id} 无法解开：密钥加密密钥（YIWANG_KEY_ENCRYPTION_KEY）不符") from exc
    with _lock:
        _cache[key_id] = material
    return material


def reset_cache():
    with _lock:
        _cache.clear()


def create_key(*, actor=None, retire_others: bool = True, audited: bool = True):
    """A new active data key (a rotation: audited; the very first key, made when the first value is written, is
    part of setting the platform up and only logged)."""
    from yiwang.audit.services import record

    DataKey = _data_key_model()
    with transaction.atomic():
        seq = (DataKey.objects.select_for_update().aggregate(m=models.Max("sequence"))["m"] or 0) + 1
        key_id = f"D{seq}-{secrets.token_hex(3)}"  # never the same id for two different keys
        old = list(DataKey.objects.filter(status=DataKey.Status.ACTIVE).values_list("key_id", flat=True))
        if retire_others:
            DataKey.objects.filter(status=DataKey.Status.ACTIVE).update(status=DataKey.Status.RETIRED,
                                                                        retired_at=timezone.now())
        key = DataKey.objects.create(key_id=key_id, sequence=seq,
                                     sealed=sm.wrap_key(os.urandom(48), kek.master_for("pii"), key_id))
        if audited:
            record(actor=actor, action="org.pii.key.create", target=key, before={"active": old},
                   after={"key_id": key_id})
        else:
            log.info("personal-data key %s created", key_id)
    reset_cache()
    return key


def active_key_id() -> str:
    """The key new values are written with (read each time: one indexed query; another process may rotate)."""
    DataKey = _data_key_model()
    key_id = DataKey.objects.filter(status=DataKey.Status.ACTIVE).order_by("-sequence").values_list(
        "key_id", flat=True).first()
    return key_id or create_key(audited=False).key_id


def _split(material: bytes) -> tuple[bytes, bytes]:
    return material[:32], material[32:]


def encrypt(value: str, context: str, key_id: str | None = None) -> str:
    if value in (None, ""):
        return value
    key_id = key_id or active_key_id()
    seal, _ = _split(_material(key_id))
    blob = sm.wrap_key(value.encode(), seal, f"{context}|{key_id}")
    return f"{PREFIX}{key_id}:{base64.b64encode(blob).decode()}"


def is_encrypted(stored) -> bool:
    return isinstance(stored, str) and stored.startswith(PREFIX)


def key_of(stored: str) -> str:
    return stored[len(PREFIX):].split(":", 1)[0]


def decrypt(stored: str, context: str) -> str:
    if not is_encrypted(stored):
        return stored  # empty, or a row written before encryption (migrated by org 0004)
    key_id, body = stored[len(PREFIX):].split(":", 1)
    seal, _ = _split(_material(key_id))
    try:
        return sm.unwrap_key(base64.b64decode(body), seal, f"{context}|{key_id}").decode()
    except sm.KeyUnwrapError as exc:
        raise PiiError(f"个人信息密文校验失败（{context}，密钥 {key_id}）") from exc


def index(value: str, context: str, key_id: str | None = None) -> str:
    """The keyed SM3 index of a normalised value (empty for an empty value)."""
    if not value:
        return ""
    _, index_key = _split(_material(key_id or active_key_id()))
    return sm.sm3_hmac(index_key, f"{context}|{value}".encode()).hex()


def index_values(value: str, context: str) -> list[str]:
    """The index of `value` under every key (rows not yet re-encrypted after a rotation carry an older index)."""
    if not value:
        return []
    DataKey = _data_key_model()
    return [index(value, context, k) for k in DataKey.objects.order_by("-sequence").values_list("key_id", flat=True)]


class EncryptedCharField(models.CharField):
    """A CharField stored SM4-encrypted; `index_field` (a sibling CharField) receives the keyed SM3 index on save."""

    def __init__(self, *args, index_field: str = "", context: str = "", **kwargs):
        self.index_field, self.context = index_field, context
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["index_field"], kwargs["context"] = self.index_field, self.context
        return name, path, args, kwargs

    def _context(self) -> str:
        return self.context or f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value, expression, connection):
        return decrypt(value, self._context()) if value else value

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if self.index_field:
            plain = decrypt(value, self._context()) if is_encrypted(value) else (value or "")
            setattr(model_instance, self.index_field, index(plain, self._context()))
        return value

    def value_to_string(self, obj):
        """Serialised (dumpdata, backups) encrypted, never plain."""
        value = self.value_from_object(obj)
        return encrypt(value, self._context()) if value and not is_encrypted(value) else value

    def get_db_prep_save(self, value, connection):
        if value and not is_encrypted(value):
            value = encrypt(value, self._context())
        return super().get_db_prep_save(value, connection)

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return EmptyOnlyExact  # `phone=""` (stored as empty) still works; a number goes through the index
        if lookup_name != "isnull":
            raise PiiError(f"加密字段 {self.name} 不能直接按“{lookup_name}”查询：请按其索引字段 {self.index_field} 查询")
        return super().get_lookup(lookup_name)


class EmptyOnlyExact(Exact):
    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise PiiError(f"加密字段 {self.lhs.target.name} 不能直接按值查询：请按其索引字段 "
                           f"{getattr(self.lhs.target, 'index_field', '')} 查询")
        return super().get_prep_lookup()


def encrypted_fields():
    """[(model, [EncryptedCharField, …])] for every model that has one."""
    from django.apps import apps

    out = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]
        if fields:
            out.append((model, fields))
    return out


def column_specs() -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """[(table, pk column, [(column, index column or "", context)])] of every encrypted field."""
    out = []
    for model, fields in encrypted_fields():
        cols = [(f.column, model._meta.get_field(f.index_field).column if f.index_field else "", f._context())
                for f in fields]
        out.append((model._meta.db_table, model._meta.pk.column, cols))
    return out


def reencrypt_all(*, batch: int = 500, specs=None, using: str = "default") -> int:
    """Bring every encrypted column under the active key (after a rotation; a value still stored plain — a row
    written before encryption — is encrypted), its index with it. Rows already under the active key are left
    alone. Returns the rows rewritten. `specs`: see column_specs (a migration names its own columns)."""
    from django.db import connections

    connection = connections[using]
    target = active_key_id()
    qn = connection.ops.quote_name
    done = 0
    for table, pk, cols in specs if specs is not None else column_specs():
        last = None
        while True:
            with transaction.atomic(using=using), connection.cursor() as cursor:
                where = f"WHERE {qn(pk)} > %s " if last is not None else ""
                cursor.execute(f"SELECT {qn(pk)}, {', '.join(qn(c) for c, _, _ in cols)} FROM {qn(table)} {where}"
                               f"ORDER BY {qn(pk)} LIMIT {int(batch)}", [last] if last is not None else [])
                rows = cursor.fetchall()
                if not rows:
                    break
                for pk_value, *stored in rows:
                    changes = {}
                    for (col, index_col, context), raw in zip(cols, stored):
                        if not raw or (is_encrypted(raw) and key_of(raw) == target):
                            continue
                        plain = decrypt(raw, context)
                        changes[col] = encrypt(plain, context, target)
                        if index_col:
                            changes[index_col] = index(plain, context, target)
                    if changes:
                        sets = ", ".join(f"{qn(c)} = %s" for c in changes)
                        cursor.execute(f"UPDATE {qn(table)} SET {sets} WHERE {qn(pk)} = %s",
                                       [*changes.values(), pk_value])
                        done += 1
                last = rows[-1][0]
    return done


def keys_in_use() -> set[str]:
    """The data keys some stored value still needs."""
    from django.db import connection

    qn = connection.ops.quote_name
    used = set()
    with connection.cursor() as cursor:
        for table, _, cols in column_specs():
            for col, _, _ in cols:
                cursor.execute(f"SELECT DISTINCT SUBSTR({qn(col)}, 1, 24) FROM {qn(table)} "
                               f"WHERE {qn(col)} LIKE %s", [PREFIX + "%"])
                used.update(key_of(r[0] + ":") for r in cursor.fetchall())
    return used
