"""Periodic tasks (huey): art. 32 deemed acceptance and 容缺 lapses, just after midnight Beijing time
(huey runs with utc=True: 16:30 UTC is 00:30 in Asia/Shanghai)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import apply_deemed_acceptance, apply_deferral_lapses


@db_periodic_task(crontab(hour="16", minute="30"))
def deemed_acceptance_task():
    return len(apply_deemed_acceptance())


@db_periodic_task(crontab(hour="16", minute="40"))
def deferral_lapse_task():
    return len(apply_deferral_lapses())
