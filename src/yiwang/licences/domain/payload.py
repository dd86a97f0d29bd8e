"""The compact signed payload printed in a licence's QR code, no Django.

    token = base64url(payload) "." base64url(signature)

`payload` is canonical JSON (sorted short keys, no spaces, UTF-8) of what is printed on the licence; the SM2
signature covers exactly those bytes, so verification never re-serialises anything. When the scope is too long for
a QR code a phone can read, the payload carries the SM3 digest of the scope (`sd`) instead of its text (`s`).
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes

FORMAT_VERSION = 1
SIGNATURE_B64_LEN = 86  # 64 bytes r||s in unpadded base64url
MAX_LINK_LEN = 600
VERIFY_PATH = "/licences/verify/"
_B64URL = re.compile(r"^[A-Za-z0-9_-]+$")
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{80,90}")

# short key -> (attribute, label printed on the verification page)
KEYS = {
    "n": "number",
    "t": "licence_type",
    "h": "holder_name",
    "i": "holder_id_masked",
    "s": "scope",
    "f": "valid_from",
    "u": "valid_until",
    "d": "department_code",
    "a": "issued_on",
    "k": "key_id",
}
REQUIRED = {"v", "n", "t", "h", "i", "f", "u", "d", "a", "k"}


class MalformedPayload(ValueError):
    """Not a licence payload at all (cannot be decoded); verification answers 'forged'."""


@dataclass(frozen=True)
class LicenceFields:
    number: str
    licence_type: str
    holder_name: str
    holder_id_masked: str
    scope: str
    valid_from: dt.date
    valid_until: dt.date | None  # None: long-term (长期有效)
    department_code: str
    issued_on: dt.date
    key_id: str


@dataclass(frozen=True)
class DecodedPayload:
    fields: dict  # attribute name -> value (dates as ISO strings, valid_until "" when long-term)
    scope_digest: str  # "" when the scope text itself is carried
    payload_bytes: bytes
    signature: bytes

    @property
    def key_id(self) -> str:
        return self.fields["key_id"]


def b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64d(text: str) -> bytes:
    if not text or not _B64URL.match(text):
        raise MalformedPayload("不是有效的 base64url 编码")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise MalformedPayload("不是有效的 base64url 编码") from None


def scope_digest(scope: str) -> str:
    h = hashes.Hash(hashes.SM3())
    h.update(scope.encode("utf-8"))
    return b64e(h.finalize()[:16])


def canonical(fields: LicenceFields, *, include_scope: bool = True) -> bytes:
    data = {
        "v": FORMAT_VERSION,
        "n": fields.number,
        "t": fields.licence_type,
        "h": fields.holder_name,
        "i": fields.holder_id_masked,
        "f": fields.valid_from.isoformat(),
        "u": fields.valid_until.isoformat() if fields.valid_until else "",
        "d": fields.department_code,
        "a": fields.issued_on.isoformat(),
        "k": fields.key_id,
    }
    if include_scope:
        data["s"] = fields.scope
    else:
        data["sd"] = scope_digest(fields.scope)
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def verify_link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{VERIFY_PATH}?p={token}"


def choose_payload(fields: LicenceFields, base_url: str, max_link: int = MAX_LINK_LEN) -> bytes:
    """The payload bytes to sign: with the scope text if the link stays short enough, else with its digest.
    Raises ValueError if even the digest form is too long."""
    for include_scope in (True, False):
        payload = canonical(fields, include_scope=include_scope)
        if len(verify_link(base_url, b64e(payload) + "." + "x" * SIGNATURE_B64_LEN)) <= max_link:
            return payload
    raise ValueError("证照信息过长，无法生成可扫描的二维码")


def make_token(payload: bytes, signature: bytes) -> str:
    return b64e(payload) + "." + b64e(signature)


def extract_token(text: str) -> str:
    """The token from a pasted token, a verification link (…?p=TOKEN) or any text containing one."""
    text = (text or "").strip()
    if "p=" in text:
        text = text.split("p=", 1)[1].split("&", 1)[0].split("#", 1)[0]
    match = TOKEN_RE.search(text)
    if match and match.group(0) == text:
        return text
    if match:
        return match.group(0)
    return text


def decode_token(token: str) -> DecodedPayload:
    token = extract_token(token)
    if token.count(".") != 1:
        raise MalformedPayload("核验码格式不正确")
    p_text, s_text = token.split(".")
    payload_bytes, signature = b64d(p_text), b64d(s_text)
    try:
        data = json.loads(payload_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise MalformedPayload("核验码内容无法解析") from None
    if not isinstance(data, dict) or not REQUIRED <= data.keys() or ("s" not in data and "sd" not in data):
        raise MalformedPayload("核验码缺少必要字段")
    if data["v"] != FORMAT_VERSION:
        raise MalformedPayload("不支持的核验码版本")
    fields = {}
    for short, attr in KEYS.items():
        if short in data:
            if not isinstance(data[short], str):
                raise MalformedPayload("核验码字段类型不正确")
            fields[attr] = data[short]
    fields.setdefault("scope", "")
    sd = data.get("sd", "")
    if not isinstance(sd, str):
        raise MalformedPayload("核验码字段类型不正确")
    return DecodedPayload(fields=fields, scope_digest=sd, payload_bytes=payload_bytes, signature=signature)
