"""Periodic catalogue work (huey)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="5", hour="0"))
def activate_due_versions():
    """Each night: versions whose effective date has come become the versions in force."""
    return services.activate_due_versions()
