"""Nightly tasks in Beijing time, caught up and retried through the ledger (jobs.NightlyRun).

An app declares its nightly work in its tasks.py:

    @nightly("cases.deemed_acceptance", at="00:30")
    def deemed_acceptance(day):      # day: the Beijing date the run is for
        return len(apply_deemed_acceptance(today=day))

One huey periodic task (jobs.tasks.nightly_tick, every five minutes) asks `run_due()` which (task, day) pairs are
owed: a day runs once its slot has passed in Beijing time; days missed while the consumer was down run oldest
first; a failed day is tried again on later ticks (up to YIWANG_JOBS_MAX_ATTEMPTS); a day already done never runs
again. The functions are idempotent for a day, so a run interrupted half-way is simply run again."""
from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from . import conf
from .domain.ledger import DayState, days_owed, latest_due_day, parse_slot
from .models import NightlyRun

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(hours=2)


@dataclass(frozen=True)
class Nightly:
    name: str
    slot: time
    fn: Callable[[date], object]
    label: str


REGISTRY: dict[str, Nightly] = {}


def nightly(name: str, *, at: str, label: str = ""):
    """Register `fn(day)` to run once a day at `at` (HH:MM, Beijing time)."""
    slot = parse_slot(at)

    def register(fn):
        REGISTRY[name] = Nightly(name, slot, fn, label or (fn.__doc__ or name).strip().splitlines()[0])
        return fn

    return register


def registry() -> dict[str, Nightly]:
    autodiscover_modules("tasks")  # each app's tasks.py registers its nightly work
    return dict(sorted(REGISTRY.items(), key=lambda kv: (kv[1].slot, kv[0])))


def local_now(now: datetime | None = None) -> datetime:
    return (now or timezone.now()).astimezone(ZoneInfo(conf.time_zone()))


def _states(name: str) -> dict[date, DayState]:
    return {r.day: DayState(r.status == NightlyRun.Status.DONE, r.attempts,
                            r.started_at if r.status == NightlyRun.Status.RUNNING else None)
            for r in NightlyRun.objects.filter(task=name)}


def owed(job: Nightly, now: datetime | None = None) -> list[date]:
    now = now or timezone.now()
    return days_owed(_states(job.name), latest_due_day(local_now(now), job.slot),
                     window_days=conf.catch_up_days(), max_attempts=conf.max_attempts(), now=now,
                     stale_after=STALE_AFTER)


def _claim(job: Nightly, day: date, *, force: bool) -> NightlyRun | None:
    now = timezone.now()
    with transaction.atomic():
        NightlyRun.objects.bulk_create([NightlyRun(task=job.name, day=day, attempts=0)], ignore_conflicts=True)
        row = NightlyRun.objects.select_for_update().get(task=job.name, day=day)
        if row.status == NightlyRun.Status.DONE and not force:
            return None
        if row.status == NightlyRun.Status.RUNNING and row.started_at and now - row.started_at < STALE_AFTER:
            return None  # another worker is on it
        row.status, row.started_at, row.finished_at = NightlyRun.Status.RUNNING, now, None
        row.attempts += 1
        row.save(update_fields=["status", "started_at", "finished_at", "attempts"])
        return row


def run_one(job: Nightly, day: date, *, force: bool = False) -> str:
    """Run `job` for `day` unless it is done (or running elsewhere); 'done', 'failed' or 'skipped'."""
    row = _claim(job, day, force=force)
    if row is None:
        return "skipped"
    try:
        result = job.fn(day)
    except Exception as exc:  # kept on the row and in the log; the day stays owed for the next tick
        log.exception("nightly task %s for %s failed (attempt %s)", job.name, day, row.attempts)
        NightlyRun.objects.filter(pk=row.pk).update(
            status=NightlyRun.Status.FAILED, finished_at=timezone.now(),
            error=f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"[-5000:])
        return "failed"
    NightlyRun.objects.filter(pk=row.pk).update(status=NightlyRun.Status.DONE, finished_at=timezone.now(),
                                                result=str(result)[:300], error="")
    return "done"


def run_due(now: datetime | None = None, names=None) -> list[tuple[str, date, str]]:
    """Every owed (task, day), tasks in slot order, days oldest first."""
    out = []
    for name, job in registry().items():
        if names and name not in names:
            continue
        for day in owed(job, now):
            out.append((name, day, run_one(job, day)))
    return out
