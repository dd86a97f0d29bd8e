"""The demo district's recent history: some thousands of cases over the past months, written through the real
service functions with the clock set in the past (see clock.py), so every inbox, queue, board, dashboard and rating
page shows work as it would have happened.

A simulation, day by day: each case is a small script (cases_life.Life) that files, checks, accepts, reviews,
decides and delivers, with supplement notices, deferrals, commitments, special procedures, extensions,
withdrawals, terminations and ratings drawn from a seeded random generator; the scripts run in time order, and the
nightly tasks (deemed acceptance, deferral lapses, default ratings) and the weekly supervision round (warnings,
orders, replies) run between the days as the background worker would. Deterministic for a seed and a day."""
from __future__ import annotations

import heapq
import logging
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.test.utils import override_settings

from yiwang.audit.services import record

from .clock import LOCAL, Clock, set_clock
from .history_cases import Life, Wait
from .history_people import Cast

log = logging.getLogger(__name__)

SEED = 2026


@dataclass(frozen=True)
class Size:
    cases: int
    days: int  # calendar days of history before today


FULL = Size(cases=1200, days=120)
FAST = Size(cases=60, days=40)  # for tests: every kind of path, in seconds


def already_written() -> bool:
    from yiwang.audit.models import AuditEvent

    return AuditEvent.objects.filter(action="demo.history").exists()


def write(actor, *, size: Size = FULL, seed: int = SEED, today: date | None = None, once: bool = True) -> Counter:
    """Write the history once (a second call finds it written and returns an empty Counter; `once=False` writes
    another, for tests of the generator itself)."""
    from django.utils import timezone

    if once and already_written():
        return Counter()
    today = today or timezone.localdate()
    start = today - timedelta(days=size.days)
    clock = Clock(datetime.combine(start, datetime.min.time(), LOCAL))
    # One transaction: the history is written whole or not at all (and SQLite commits once, not per action).
    with transaction.atomic(), set_clock(clock), _quiet(), override_settings(
            YIWANG_NOTIFY_DISPATCH_ON_COMMIT=False):
        sim = Simulation(actor, clock=clock, size=size, seed=seed, start=start, today=today)
        made = sim.run()
        record(actor=actor, action="demo.history", target=None,
               data={"seed": seed, "cases": size.cases, "days": size.days, "today": today, "made": dict(made)})
    return made


class _quiet:
    """The history sends thousands of simulated messages: keep the SMS log backend quiet meanwhile."""

    def __enter__(self):
        self.levels = {}
        for name in ("yiwang.notify", "yiwang.notify.sms", "django.core.mail"):
            lg = logging.getLogger(name)
            self.levels[name] = lg.level
            lg.setLevel(logging.WARNING)

    def __exit__(self, *exc):
        for name, level in self.levels.items():
            logging.getLogger(name).setLevel(level)


class Simulation:
    def __init__(self, actor, *, clock: Clock, size: Size, seed: int, start: date, today: date):
        from yiwang.workdays.services import get_calendar

        self.actor, self.clock, self.size, self.seed = actor, clock, size, seed
        self.start, self.today = start, today
        self.cal = get_calendar()
        self.made = Counter()
        self.rng = random.Random(seed)
        self.queue: list[tuple[datetime, int, Life]] = []
        self._seq = 0

    # -- the schedule ---------------------------------------------------------------------------------------------
    def at(self, day: date, minute: int) -> datetime:
        """`minute` minutes after 9:00 on `day` (Beijing time)."""
        return datetime.combine(day, datetime.min.time(), LOCAL).replace(hour=9) + timedelta(minutes=minute)

    def push(self, when: datetime, life: Life) -> None:
        self._seq += 1
        heapq.heappush(self.queue, (when, self._seq, life))

    def working_days(self) -> list[date]:
        days = [self.start + timedelta(days=i) for i in range((self.today - self.start).days + 1)]
        return [d for d in days if self.cal.is_working_day(d)]

    def run(self) -> Counter:

        self.cast = Cast.gather(self.rng, clock=self.clock, day=self.start)
        self.made["applicants"] += self.cast.created
        days = self.working_days()
        # Arrivals: spread over the working days, a little busier on Mondays and in recent weeks.
        weights = [(1.25 if d.weekday() == 0 else 1.0) * (1.0 + 1.0 * i / max(1, len(days))) for i, d in
                   enumerate(days)]
        arrivals = self.rng.choices(days, weights=weights, k=self.size.cases)
        for n, day in enumerate(sorted(arrivals)):
            life = Life(self, random.Random(self.seed * 1_000_003 + n), n)
            self.push(self.at(day, self.rng.randrange(0, 470)), life)
        self.pin_current_work(len(arrivals))
        real_now = _real_now().astimezone(LOCAL)
        day = self.start
        while self.queue:
            when, _, life = heapq.heappop(self.queue)
            if when.date() > self.today or (when.date() == self.today and when > real_now):
                continue  # that step has not happened yet
            while when.date() > day:  # the night (and the weekly round) between two days
                self.night(day)
                day += timedelta(days=1)
            self.clock.set(when.date(), (when - self.at(when.date(), 0)).seconds // 60)
            self.step(life)
        while day < self.today:
            self.night(day)
            day += timedelta(days=1)
        self.clock.set(self.today, self.minutes_before_now(self.today, 24 * 60) - 4)  # five minutes ago
        self.finish()
        return self.made

    def minutes_before_now(self, day: date, minute: int) -> int:
        """`minute` (from 09:00 of `day`), but never later than a minute before the real present: the history is
        also written between midnight and the morning (Beijing time), when today's office hours lie ahead."""
        if day != self.today:
            return minute
        real_now = _real_now().astimezone(LOCAL)
        return min(minute, int((real_now - self.at(day, 0)).total_seconds() // 60) - 1)

    def pin_current_work(self, n: int) -> None:
        """Today's work in progress, so that every inbox of the departments the demo names has something in it:
        per department and approval tier, a case waiting at each step, and online filings awaiting the clerks."""
        from yiwang.cases.domain import lifecycle as lc

        from . import org_data as D

        last = [d for d in self.working_days() if d < self.today]
        main = {row[0] for row in D.MAIN_DEPARTMENTS}
        chosen: dict[tuple[str, str], object] = {}  # (department, tier) → the first such item
        for item in self.cast.items:
            code = item.version.item.department.code
            if code in main and item.tier != "one_step":
                chosen.setdefault((code, item.tier), item)
        pins = [(item, k) for _, item in sorted(chosen.items(), key=lambda kv: kv[0])
                for k in range(len(lc.steps_of(item.tier)))]
        pins += [(item, -1) for _, item in sorted(chosen.items(), key=lambda kv: kv[0])[:4]]
        for i, (item, k) in enumerate(pins):
            day = last[-(k + 2)] if len(last) >= k + 2 else self.start
            life = Life(self, random.Random(self.seed * 7_000_003 + i), n + i, pin=(item, k))
            self.push(self.at(day, 30 + 7 * i), life)

    def step(self, life: Life) -> None:
        try:
            wait = life.step()
        except Exception:
            log.exception("示范历史：办件脚本出错（%s）", life.n)
            raise
        if isinstance(wait, Wait):
            day = self.clock.today
            if wait.days:
                self.push(self.at(self.cal.add_working_days(day, wait.days), min(470, wait.minutes)), life)
                return
            minute = int((self.clock.at - self.at(day, 0)).total_seconds() // 60) + wait.minutes
            if minute > 470:  # after hours: first thing the next working day
                day, minute = self.cal.add_working_days(day, 1), minute % 60
            self.push(self.at(day, minute), life)

    # -- what the background worker does between the days -----------------------------------------------------------
    def night(self, day: date) -> None:
        """The tasks of the night after `day` (never after today: the history stops at the present)."""
        if day >= self.today:
            return
        from yiwang.cases import services
        from yiwang.ratings.services import apply_default_ratings

        from .history_supervision import send_messages

        next_day = day + timedelta(days=1)
        # 00:30 the next morning, as the nightly tasks run (or just before now, between midnight and 00:30)
        self.clock.set(next_day, self.minutes_before_now(next_day, -9 * 60 + 30))
        self.made["deemed_accepted"] += len(services.apply_deemed_acceptance(next_day))
        self.made["deferral_lapsed"] += len(services.apply_deferral_lapses(next_day))
        self.made["default_ratings"] += len(apply_default_ratings(next_day))
        self.made["messages_sent"] += send_messages()
        if next_day.weekday() == 0 and next_day <= self.today:
            self.clock.set(next_day, self.minutes_before_now(next_day, 60))  # Monday 10:00: the supervisor's round
            from .history_supervision import weekly_round

            weekly_round(self, next_day)

    def finish(self) -> None:
        """Today: the hourly and nightly supervision tasks once, the figures, one licence revoked, messages sent."""
        from yiwang.supervision import figures
        from yiwang.supervision import services as supervision

        from .history_supervision import revoke_one_licence, send_messages

        supervision.escalate_orders(self.today)
        supervision.sync_warnings(self.today)
        supervision.sync_anomalies(self.today, full=True)
        figures.refresh_rollups(self.start, self.today)
        self.made["licences_revoked"] += revoke_one_licence(self)
        self.made["messages_sent"] += send_messages()


def _real_now() -> datetime:
    """The real time (timezone.now answers the simulated clock while the history is written)."""
    import datetime as dt

    return dt.datetime.now(dt.UTC)
