"""Reform settings (settings.YIWANG_REFORM overrides): the default report day (seed 004: before the 15th of each
quarter's last month), days of notice before it, evidence file limits."""
from django.conf import settings

DEFAULTS = {"report_day": 15, "remind_days": 7, "evidence_max_bytes": 10 * 1024 * 1024}


def get(key):
    return {**DEFAULTS, **getattr(settings, "YIWANG_REFORM", {})}[key]
