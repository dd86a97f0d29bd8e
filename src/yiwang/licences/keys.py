"""Department signing keys: generate, rotate, open (services: each in a transaction, each audited)."""
from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError
from yiwang.org.models import Department

from . import conf
from .domain import crypto
from .domain.verify import PublicKey
from .models import SigningKey

EXPORT_FORMAT = "yiwang-licence-pubkeys/1"


def _audit(**kwargs):
    from yiwang.audit.services import record

    record(**kwargs)


def department_by_code(code: str) -> Department:
    try:
        return Department.objects.get(code=code)
    except Department.DoesNotExist:
        raise DomainError(f"部门代码“{code}”不存在", field="department") from None


def _create_key(department: Department) -> SigningKey:
    seq = (SigningKey.objects.filter(department=department).aggregate(m=Max("sequence"))["m"] or 0) + 1
    key_id = f"{department.code}-K{seq}"
    private, public = crypto.generate_keypair()
    return SigningKey.objects.create(
        department=department, key_id=key_id, sequence=seq, public_key=public.hex(),
        private_key_sealed=crypto.wrap_key(private, conf.master_key(), key_id),
    )


@transaction.atomic
def generate_key(department: Department, *, actor=None) -> SigningKey:
    """The department's first signing key (refused if it already has one in use: rotate instead)."""
    Department.objects.select_for_update().get(pk=department.pk)
    if SigningKey.objects.filter(department=department, status=SigningKey.Status.ACTIVE).exists():
        raise Conflict(f"{department.name}已有在用的签名密钥；如需更换请执行密钥轮换（rotate）")
    key = _create_key(department)
    _audit(actor=actor, action="licences.key.generate", target=key,
           after={"key_id": key.key_id, "department": department.code, "public_key": key.public_key})
    return key


@transaction.atomic
def rotate_key(department: Department, *, actor=None) -> SigningKey:
    """A new active key; the old one is retired but kept, so the licences it signed stay verifiable."""
    Department.objects.select_for_update().get(pk=department.pk)
    old = SigningKey.objects.filter(department=department, status=SigningKey.Status.ACTIVE).first()
    if old is None:
        raise Conflict(f"{department.name}尚无在用的签名密钥，请先生成密钥（keygen）")
    old.status = SigningKey.Status.RETIRED
    old.retired_at = timezone.now()
    old.save(update_fields=["status", "retired_at"])
    key = _create_key(department)
    _audit(actor=actor, action="licences.key.rotate", target=key,
           before={"key_id": old.key_id}, after={"key_id": key.key_id, "public_key": key.public_key})
    return key


def active_key(department: Department) -> SigningKey:
    key = SigningKey.objects.filter(department=department, status=SigningKey.Status.ACTIVE).first()
    if key is None:
        raise DomainError(f"{department.name}尚未生成证照签名密钥（yiwang licence keygen {department.code}）",
                          field="department")
    return key


def private_key_of(key: SigningKey) -> bytes:
    return crypto.unwrap_key(bytes(key.private_key_sealed), conf.master_key(), key.key_id)


def public_keys() -> dict[str, PublicKey]:
    return {
        k.key_id: PublicKey(k.key_id, k.department.code, bytes.fromhex(k.public_key), k.department.name)
        for k in SigningKey.objects.select_related("department")
    }


def export_public_keys() -> dict:
    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "keys": [
            {"key_id": k.key_id, "department_code": k.department.code, "department_name": k.department.name,
             "public_key": k.public_key, "status": k.status, "created_at": k.created_at.isoformat()}
            for k in SigningKey.objects.select_related("department").order_by("department__code", "sequence")
        ],
    }


def load_public_keys(data: dict) -> dict[str, PublicKey]:
    """Public keys from an exported file (see export_public_keys)."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ValueError("公钥文件格式不正确（应由 yiwang licence export-pubkeys 导出）")
    return {
        k["key_id"]: PublicKey(k["key_id"], k["department_code"], bytes.fromhex(k["public_key"]),
                               k.get("department_name", ""))
        for k in data["keys"]
    }
