"""The audit chain's head signed every hour (SM2), kept and appended to the checkpoint export."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .checkpoints import sign_checkpoint


@db_periodic_task(crontab(minute="15"), retries=2, retry_delay=60)
def checkpoint_task():
    return sign_checkpoint()["seq"]
