"""The key-encryption key (KEK): setting/env YIWANG_KEY_ENCRYPTION_KEY. Every key the platform keeps in its
database — the departments' SM2 licence signing keys, the SM4 keys of personal data at rest, the audit checkpoint
signing key — is stored sealed (SM4 + HMAC-SM3) under a key derived from it, one label per use. In DEBUG only, it
is derived from SECRET_KEY when unset. A backup is useless without it, and a restore must be given the same one."""
from __future__ import annotations

import logging
import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import sm

log = logging.getLogger(__name__)
_warned = False


def secret() -> str:
    global _warned
    value = getattr(settings, "YIWANG_KEY_ENCRYPTION_KEY", None) or os.environ.get("YIWANG_KEY_ENCRYPTION_KEY")
    if value:
        return str(value)
    if settings.DEBUG:
        if not _warned:
            log.warning("YIWANG_KEY_ENCRYPTION_KEY 未设置：开发模式下由 SECRET_KEY 派生密钥加密密钥，生产环境必须单独设置。")
            _warned = True
        return "debug-derived:" + settings.SECRET_KEY
    raise ImproperlyConfigured("YIWANG_KEY_ENCRYPTION_KEY must be set when DEBUG is off (it encrypts the signing "
                               "keys and the personal-data keys kept in the database)")


def master_key() -> bytes:
    """The licence signing keys' master (kept as it always was: HMAC-SM3 of the secret, label yiwang/licences)."""
    return sm.derive_master(secret())


def master_for(purpose: str) -> bytes:
    """A separate 32-byte master for another use of the KEK (e.g. "pii", "audit")."""
    return sm.sm3_hmac(sm.derive_master(secret()), b"yiwang/kek/" + purpose.encode())
