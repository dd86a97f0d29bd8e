"""Periodic jobs (huey): quarterly report reminders and overdue warnings every morning; bound indicators measured
every night."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services_reports


@db_periodic_task(crontab(hour="0", minute="30"))
def report_notices():
    return services_reports.send_report_notices()


@db_periodic_task(crontab(hour="18", minute="40"))
def measure_indicators():
    return services_reports.measure_indicators()
