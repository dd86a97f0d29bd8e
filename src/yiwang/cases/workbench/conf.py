"""Settings of the workbench and inbox, with named defaults (override as YIWANG_<NAME> in settings)."""
from django.conf import settings


def near_limit_days() -> int:
    """Working days left at or below which a case shows as near its limit (YIWANG_WORKBENCH_NEAR_LIMIT_DAYS, 3)."""
    return int(getattr(settings, "YIWANG_WORKBENCH_NEAR_LIMIT_DAYS", 3))


def inbox_page_size() -> int:
    return int(getattr(settings, "YIWANG_WORKBENCH_INBOX_PAGE_SIZE", 50))


def licence_valid_years() -> int:
    """Default validity of an e-licence issued on approval, in years (YIWANG_WORKBENCH_LICENCE_VALID_YEARS, 5;
    the approver may change the date or leave it empty for 长期有效)."""
    return int(getattr(settings, "YIWANG_WORKBENCH_LICENCE_VALID_YEARS", 5))
