"""Settings of the audit app, with their defaults."""
from django.conf import settings


def verify_chunk_size() -> int:
    return int(getattr(settings, "YIWANG_AUDIT_VERIFY_CHUNK", 2000))
