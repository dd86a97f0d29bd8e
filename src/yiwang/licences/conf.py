"""Local settings of the e-licence app, each with a named default (read here, nowhere else)."""
from django.conf import settings

from yiwang.common import kek

# Longest verification link put in a QR code (error correction M stays readable by a phone camera).
DEFAULT_MAX_LINK = 600
# Roles (in the issuing department) that may revoke a licence; sysadmin may always.
DEFAULT_REVOKE_ROLES = ("section_head", "unit_leader")


def public_url() -> str:
    return (getattr(settings, "YIWANG_PUBLIC_URL", "") or "http://127.0.0.1:8000").rstrip("/")


def max_link() -> int:
    return int(getattr(settings, "YIWANG_LICENCE_MAX_LINK", DEFAULT_MAX_LINK))


def revoke_roles() -> tuple[str, ...]:
    return tuple(getattr(settings, "YIWANG_LICENCE_REVOKE_ROLES", DEFAULT_REVOKE_ROLES))


def master_key() -> bytes:
    """The key-encryption key's master for the signing keys (setting/env YIWANG_KEY_ENCRYPTION_KEY; in DEBUG,
    derived from SECRET_KEY): see yiwang.common.kek, which every key kept in the database is sealed under."""
    return kek.master_key()
