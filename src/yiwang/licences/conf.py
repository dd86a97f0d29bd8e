"""Local settings of the e-licence app, each with a named default (read here, nowhere else)."""
from django.conf import settings

from yiwang.common import kek

# Longest verification link put in a QR code (error correction M stays readable by a phone camera).
DEFAULT_MAX_LINK = 600
# Roles (in the issuing department) that may revoke a licence; never the system administrator (三员分立).
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


# 行政许可法 art. 50: apply for renewal 30 days before expiry, "unless laws, regulations or rules say otherwise".
DEFAULT_RENEWAL_DAYS_BEFORE = 30
# Reminders to the holder, N days before the last day to apply.
DEFAULT_RENEWAL_REMINDERS = (30, 7)
# Roles (in the issuing department) that decide renewals and changes; never the system administrator (三员分立).
DEFAULT_DECIDE_ROLES = ("reviewer", "section_head", "unit_leader")


def renewal_days_before() -> int:
    """Calendar days before expiry by which the holder applies for renewal (YIWANG_LICENCE_RENEWAL_DAYS_BEFORE)."""
    return int(getattr(settings, "YIWANG_LICENCE_RENEWAL_DAYS_BEFORE", DEFAULT_RENEWAL_DAYS_BEFORE))


def renewal_reminders() -> tuple[int, ...]:
    return tuple(sorted({int(d) for d in getattr(settings, "YIWANG_LICENCE_RENEWAL_REMINDERS",
                                                  DEFAULT_RENEWAL_REMINDERS)}, reverse=True))


def decide_roles() -> tuple[str, ...]:
    return tuple(getattr(settings, "YIWANG_LICENCE_DECIDE_ROLES", DEFAULT_DECIDE_ROLES))
