"""Local variations of the catalogue, as settings with named defaults."""
from django.conf import settings


def online_target() -> float:
    """Share of items that should be fully online (seed 004: 95%). YIWANG_CATALOG_ONLINE_TARGET."""
    return float(getattr(settings, "YIWANG_CATALOG_ONLINE_TARGET", 0.95))


def public_url() -> str:
    """Public address printed in guide QR codes (YIWANG_PUBLIC_URL)."""
    return str(getattr(settings, "YIWANG_PUBLIC_URL", "http://127.0.0.1:8000")).rstrip("/")
