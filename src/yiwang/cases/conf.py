"""The cases app's settings, with the defaults RULES.md names (override as YIWANG_<NAME> in settings)."""
from django.conf import settings


def _get(name, default):
    return getattr(settings, f"YIWANG_{name}", default)


def completeness_check_days() -> int:
    """Art. 32: working days to accept, refuse or notify before a received case is deemed accepted."""
    return int(_get("CASES_COMPLETENESS_CHECK_DAYS", 5))


def max_extension_days() -> int:
    """Art. 42: one extension of at most 10 working days (15 for joint handling: set it where that applies)."""
    return int(_get("CASES_MAX_EXTENSION_DAYS", 10))


def delivery_days() -> int:
    """Art. 44: working days from the decision to delivery."""
    return int(_get("CASES_DELIVERY_DAYS", 10))


def post_check_days() -> int:
    """Working days after acceptance by which a 告知承诺 post-check is due (local practice; default 20)."""
    return int(_get("CASES_POST_CHECK_DAYS", 20))


def max_upload_bytes() -> int:
    return int(_get("CASES_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def allowed_upload_types() -> frozenset[str]:
    return frozenset(_get("CASES_ALLOWED_UPLOAD_TYPES", {
        "application/pdf", "image/jpeg", "image/png", "application/ofd",
    }))
