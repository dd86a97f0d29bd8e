"""Settings of the jobs app, each with its named default."""
from django.conf import settings

# Days a nightly task catches up after the consumer was down (older missed days are not replayed).
DEFAULT_CATCH_UP_DAYS = 7
# Attempts per task and day before the ledger gives up on that day (each failure is logged and kept).
DEFAULT_MAX_ATTEMPTS = 5
# The zone nightly slots are written in (the platform's users live in Beijing time, whatever the server's clock).
DEFAULT_TIME_ZONE = "Asia/Shanghai"


def catch_up_days() -> int:
    return int(getattr(settings, "YIWANG_JOBS_CATCH_UP_DAYS", DEFAULT_CATCH_UP_DAYS))


def max_attempts() -> int:
    return int(getattr(settings, "YIWANG_JOBS_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))


def time_zone() -> str:
    return str(getattr(settings, "YIWANG_JOBS_TIME_ZONE", DEFAULT_TIME_ZONE))
