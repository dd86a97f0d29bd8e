"""Settings of the notify app, with their defaults (each may be set in settings as YIWANG_<NAME>; the SMS
gateway ones also fall back to environment variables of the same name, so operators need no settings edit)."""
import os

from django.conf import settings


def _get(name, default):
    return getattr(settings, f"YIWANG_{name}", default)


def max_attempts() -> int:
    """After this many failed attempts a delivery is dead (no more retries)."""
    return int(_get("NOTIFY_MAX_ATTEMPTS", 8))


def backoff_base_seconds() -> int:
    return int(_get("NOTIFY_BACKOFF_BASE", 60))


def backoff_cap_seconds() -> int:
    return int(_get("NOTIFY_BACKOFF_CAP", 6 * 3600))


def lease_seconds() -> int:
    """How long a claimed delivery is reserved for one sender before another may retry it."""
    return int(_get("NOTIFY_LEASE_SECONDS", 300))


def batch_size() -> int:
    return int(_get("NOTIFY_BATCH_SIZE", 100))


def dispatch_on_commit() -> bool:
    """Queue the huey sender when the enqueuing transaction commits (off: only the periodic task sends)."""
    return bool(_get("NOTIFY_DISPATCH_ON_COMMIT", True))


def sms_backend() -> str:
    return _get("SMS_BACKEND", os.environ.get("YIWANG_SMS_BACKEND", "yiwang.notify.sms.LogBackend"))


def sms_gateway_url() -> str:
    return _get("SMS_GATEWAY_URL", os.environ.get("YIWANG_SMS_GATEWAY_URL", ""))


def sms_gateway_token() -> str:
    return _get("SMS_GATEWAY_TOKEN", os.environ.get("YIWANG_SMS_GATEWAY_TOKEN", ""))


def sms_gateway_timeout() -> float:
    return float(_get("SMS_GATEWAY_TIMEOUT", 10))


def sms_signature() -> str:
    """The sender signature prefixed to every SMS, e.g. 【一网】 (carriers require one)."""
    return _get("SMS_SIGNATURE", "【一网】")


def public_url() -> str:
    return (getattr(settings, "YIWANG_PUBLIC_URL", "") or "").rstrip("/")
