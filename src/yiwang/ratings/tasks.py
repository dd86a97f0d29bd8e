"""Periodic ratings work (huey): the local default-grade option, just after midnight Beijing time."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import apply_default_ratings


@db_periodic_task(crontab(hour="16", minute="50"))
def default_ratings_task():
    return len(apply_default_ratings())
