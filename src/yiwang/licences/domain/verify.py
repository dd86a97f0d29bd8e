"""Signature check of a decoded payload against a set of public keys (no Django, usable offline)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

from . import crypto
from .payload import DecodedPayload, MalformedPayload, decode_token

VALID, REVOKED, FORGED, SUPERSEDED = "valid", "revoked", "forged", "superseded"
STATUS_LABELS = {VALID: "有效", REVOKED: "已注销", FORGED: "无效（伪造或被篡改）",
                 SUPERSEDED: "已更新（证照经延续或变更，以现行证照为准）"}


@dataclass(frozen=True)
class PublicKey:
    key_id: str
    department_code: str
    public_key: bytes
    department_name: str = ""


@dataclass
class Verdict:
    status: str
    reason: str = ""
    decoded: DecodedPayload | None = None
    key: PublicKey | None = None
    revoked_at: dt.datetime | None = None
    revoked_reason: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def check_signature(token: str, keys: Mapping[str, PublicKey]) -> Verdict:
    """VALID when the token decodes and carries a good SM2 signature by the issuing department's key;
    FORGED otherwise (with the reason). Says nothing about revocation."""
    try:
        decoded = decode_token(token)
    except MalformedPayload as exc:
        return Verdict(FORGED, f"核验码无法识别：{exc}")
    key = keys.get(decoded.key_id)
    if key is None:
        return Verdict(FORGED, "签名密钥不属于本平台任何部门", decoded)
    if key.department_code != decoded.fields["department_code"]:
        return Verdict(FORGED, "签名密钥不属于证照所载的发证部门", decoded)
    if not crypto.verify(decoded.payload_bytes, decoded.signature, key.public_key):
        return Verdict(FORGED, "签名校验失败：证照内容被改动或签名不符", decoded)
    return Verdict(VALID, "", decoded, key)
