"""The one huey periodic task behind every nightly job (see jobs.nightly): every five minutes it runs whatever the
ledger says is owed, so a missed slot is caught up within minutes of the consumer coming back."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .nightly import run_due


@db_periodic_task(crontab(minute="*/5"), retries=2, retry_delay=60)
def nightly_tick():
    return [f"{name} {day} {status}" for name, day, status in run_due()]
