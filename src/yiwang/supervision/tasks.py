"""Supervision's periodic work: warnings and order escalation hourly during the day (huey; idempotent, a missed
hour loses nothing); anomalies and the rollup nightly in Beijing time after the cases tasks, through the jobs
ledger (caught up and retried)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from yiwang.jobs.nightly import nightly

from . import demand_watch, figures, rating_watch, services


@db_periodic_task(crontab(minute="5"), retries=2, retry_delay=60)
def warnings_task():
    services.escalate_orders()
    return {**services.sync_warnings(), "demands": demand_watch.sync(),
            "rectifications": rating_watch.sync()}


@nightly("supervision.anomalies", at="01:00", label="办件程序异常扫描（周日全量）")
def anomalies_task(day):
    return services.sync_anomalies(today=day, full=day.weekday() == 6)  # full scan on Sundays


@nightly("supervision.rollup", at="01:20", label="效能统计汇总")
def rollup_task(day):
    return figures.refresh_recent(today=day)
