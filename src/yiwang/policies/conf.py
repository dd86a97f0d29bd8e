"""The policies app's settings (override as YIWANG_<NAME> in settings), with the defaults docs/rules.md names."""
from django.conf import settings


def _get(name, default):
    return getattr(settings, f"YIWANG_{name}", default)


def objection_days() -> int:
    """Working days the responsible department has to answer an objection to a 免申即享 list."""
    return int(_get("POLICIES_OBJECTION_DAYS", 5))


def collection_months() -> int:
    """A new policy is to be collected and published on the platform within this many months of issue (seed 004)."""
    return int(_get("POLICIES_COLLECTION_MONTHS", 1))


def near_miss_limit() -> int:
    """A policy is "nearly met" when this many facts or fewer are missing."""
    return int(_get("POLICIES_NEAR_MISS_LIMIT", 2))


def sync_matching() -> bool:
    """Recompute matches in the request (tests, small districts) instead of through huey."""
    return bool(_get("POLICIES_SYNC_MATCHING", False))


def follow_registry() -> bool:
    """Recompute an enterprise's matches when its registry or credit data changes (off for bulk synthesis)."""
    return bool(_get("POLICIES_FOLLOW_REGISTRY", True))
