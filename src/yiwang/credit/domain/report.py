"""The signed payload of a credit report (信用报告), no Django.

    token = base64url(payload) "." base64url(signature)

`payload` is canonical JSON (sorted short keys, no spaces, UTF-8) of what the report certifies: its number, the
subject (name, code as published), the period, the issue date, how many records it lists and the SM3 digest of those
records, the signing department and key. The SM2 signature covers exactly those bytes, so a verifier never
re-serialises anything; the public page shows the fields and checks the digest against the report on file."""
from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes

FORMAT = "credit-report/1"
VERIFY_PATH = "/credit/reports/verify/"
_B64URL = re.compile(r"^[A-Za-z0-9_-]+$")
KEYS = {"n": "number", "h": "subject_name", "i": "subject_code", "f": "period_from", "u": "period_to",
        "a": "issued_on", "c": "record_count", "g": "records_digest", "d": "department_code", "k": "key_id"}


class MalformedReport(ValueError):
    pass


@dataclass(frozen=True)
class Decoded:
    fields: dict
    payload: bytes
    signature: bytes


def b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64d(text: str) -> bytes:
    if not text or not _B64URL.match(text):
        raise MalformedReport("不是有效的核验码")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise MalformedReport("不是有效的核验码") from None


def records_digest(rows: list[dict]) -> str:
    """SM3 over the canonical JSON of the records listed (first 16 bytes, base64url)."""
    h = hashes.Hash(hashes.SM3())
    h.update(json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode())
    return b64e(h.finalize()[:16])


def canonical(fields: dict) -> bytes:
    data = {"v": FORMAT}
    for short, name in KEYS.items():
        data[short] = str(fields[name])
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def make_token(payload: bytes, signature: bytes) -> str:
    return b64e(payload) + "." + b64e(signature)


def verify_link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{VERIFY_PATH}?p={token}"


def decode(token: str) -> Decoded:
    token = (token or "").strip()
    if "p=" in token:
        token = token.split("p=", 1)[1].split("&", 1)[0].split("#", 1)[0]
    if token.count(".") != 1:
        raise MalformedReport("核验码格式不正确")
    p, s = token.split(".")
    payload, signature = b64d(p), b64d(s)
    try:
        data = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise MalformedReport("核验码内容无法解析") from None
    if not isinstance(data, dict) or data.get("v") != FORMAT or not set(KEYS) <= data.keys():
        raise MalformedReport("不是本平台的信用报告核验码")
    return Decoded({name: data[short] for short, name in KEYS.items()}, payload, signature)
