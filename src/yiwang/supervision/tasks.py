"""Periodic tasks (huey, utc=True): warnings and order escalation hourly during the day, anomalies and the rollup
nightly after the cases tasks (16:30/16:40 UTC). Each is idempotent: a missed run loses nothing."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task
from django.utils import timezone

from . import figures, services


@db_periodic_task(crontab(minute="5"))
def warnings_task():
    services.escalate_orders()
    return services.sync_warnings()


@db_periodic_task(crontab(hour="17", minute="0"))
def anomalies_task():
    return services.sync_anomalies(full=timezone.localdate().weekday() == 6)  # full scan on Sundays


@db_periodic_task(crontab(hour="17", minute="20"))
def rollup_task():
    return figures.refresh_recent()
