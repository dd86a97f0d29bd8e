"""Settings of the case documents, with named defaults (override as YIWANG_<NAME> in settings)."""
from django.conf import settings

DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"


def public_url() -> str:
    """The platform's public address, for the QR code printed on every document (YIWANG_PUBLIC_URL)."""
    return (getattr(settings, "YIWANG_PUBLIC_URL", "") or DEFAULT_PUBLIC_URL).rstrip("/")


def case_page_path() -> str:
    """Path of a case's portal page, `{pk}` replaced (YIWANG_CASE_PAGE_PATH; the portal's /cases/<pk>/)."""
    return getattr(settings, "YIWANG_CASE_PAGE_PATH", "/cases/{pk}/")
