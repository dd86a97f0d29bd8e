"""Huey tasks: `send_pending` runs after each enqueuing transaction commits; `retry_due` every minute sends
whatever is due (retries after backoff, anything whose first dispatch was lost)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import sending


@db_task()
def send_pending(message_ids=None):
    return sending.send_pending(message_ids=message_ids).as_dict()


@db_periodic_task(crontab(minute="*"), retries=2, retry_delay=30)
def retry_due():
    return sending.send_pending().as_dict()
