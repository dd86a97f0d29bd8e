"""The e-licence key service signs credit reports too (registered into yiwang.credit.signing; decision 0011):
one set of department keys, one rotation, one master key."""
from __future__ import annotations

from .domain import crypto
from .models import SigningKey


class LicenceKeyProvider:
    def key_id(self, department_code: str) -> str:
        from .keys import active_key, department_by_code

        return active_key(department_by_code(department_code)).key_id

    def sign(self, department_code: str, message: bytes) -> tuple[str, bytes]:
        from .keys import active_key, department_by_code, private_key_of

        key = active_key(department_by_code(department_code))
        return key.key_id, crypto.sign(message, private_key_of(key))

    def verify(self, key_id: str, department_code: str, message: bytes, signature: bytes) -> tuple[bool, str]:
        key = SigningKey.objects.select_related("department").filter(key_id=key_id).first()
        if key is None:
            return False, "签名密钥不属于本平台任何部门"
        if key.department.code != department_code:
            return False, "签名密钥不属于报告所载的出具部门"
        if not crypto.verify(message, signature, bytes.fromhex(key.public_key)):
            return False, "签名校验失败：报告内容被改动或签名不符"
        return True, key.department.name
