"""Settings of the security controls, with their 等保 2.0 level-3 defaults (docs/security.md lists each)."""
from datetime import timedelta

from django.conf import settings


def password_max_age_days() -> int:
    """Days a password may be used before it must be changed (0: never)."""
    return int(getattr(settings, "YIWANG_PASSWORD_MAX_AGE_DAYS", 90))


def password_history() -> int:
    """How many previous passwords may not be used again."""
    return int(getattr(settings, "YIWANG_PASSWORD_HISTORY", 5))


def password_min_classes() -> int:
    """Of the four classes (upper case, lower case, digits, symbols), how many a password must contain."""
    return int(getattr(settings, "YIWANG_PASSWORD_MIN_CLASSES", 3))


def session_idle_timeout() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "YIWANG_SESSION_IDLE_MINUTES", 30)))


def session_absolute_timeout() -> timedelta:
    return timedelta(hours=int(getattr(settings, "YIWANG_SESSION_ABSOLUTE_HOURS", 12)))


def default_client_rate() -> str:
    return str(getattr(settings, "YIWANG_CLIENT_DEFAULT_RATE", "600/hour"))


def client_token_seconds() -> int:
    return int(getattr(settings, "YIWANG_CLIENT_TOKEN_SECONDS", 3600))
