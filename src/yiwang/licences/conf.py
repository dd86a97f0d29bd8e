"""Local settings of the e-licence app, each with a named default (read here, nowhere else)."""
import logging
import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .domain import crypto

log = logging.getLogger(__name__)

# Longest verification link put in a QR code (error correction M stays readable by a phone camera).
DEFAULT_MAX_LINK = 600
# Roles (in the issuing department) that may revoke a licence; sysadmin may always.
DEFAULT_REVOKE_ROLES = ("section_head", "unit_leader")
_warned = False


def public_url() -> str:
    return (getattr(settings, "YIWANG_PUBLIC_URL", "") or "http://127.0.0.1:8000").rstrip("/")


def max_link() -> int:
    return int(getattr(settings, "YIWANG_LICENCE_MAX_LINK", DEFAULT_MAX_LINK))


def revoke_roles() -> tuple[str, ...]:
    return tuple(getattr(settings, "YIWANG_LICENCE_REVOKE_ROLES", DEFAULT_REVOKE_ROLES))


def master_key() -> bytes:
    """The key-encryption key: setting/env YIWANG_KEY_ENCRYPTION_KEY; in DEBUG, derived from SECRET_KEY."""
    global _warned
    secret = getattr(settings, "YIWANG_KEY_ENCRYPTION_KEY", None) or os.environ.get("YIWANG_KEY_ENCRYPTION_KEY")
    if secret:
        return crypto.derive_master(secret)
    if settings.DEBUG:
        if not _warned:
            log.warning("YIWANG_KEY_ENCRYPTION_KEY 未设置：开发模式下由 SECRET_KEY 派生证照签名密钥的主密钥，"
                        "生产环境必须单独设置。")
            _warned = True
        return crypto.derive_master("debug-derived:" + settings.SECRET_KEY)
    raise ImproperlyConfigured("YIWANG_KEY_ENCRYPTION_KEY must be set when DEBUG is off (it encrypts the "
                               "departments' licence signing keys)")
