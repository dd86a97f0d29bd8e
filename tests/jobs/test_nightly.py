"""Nightly tasks run in Beijing time, catch up the days missed while the consumer was down (each once), and try
a failed day again on the next tick."""
from datetime import date, datetime, time, timezone as tz

import pytest
from django.core.management import call_command

from yiwang.jobs import nightly as jobs
from yiwang.jobs.models import NightlyRun

pytestmark = pytest.mark.django_db


def utc(*args):
    return datetime(*args, tzinfo=tz.utc)


@pytest.fixture
def job(monkeypatch):
    calls = []
    outcomes = {}

    def fn(day):
        calls.append(day)
        if outcomes.get(day) == "fail":
            outcomes[day] = "ok"  # fails once, then succeeds
            raise RuntimeError("数据库暂时不可用")
        return f"ran {day}"

    monkeypatch.setattr(jobs, "REGISTRY", {})
    jobs.nightly("test.job", at="00:05")(fn)
    monkeypatch.setattr(jobs, "registry", lambda: dict(jobs.REGISTRY))
    return calls, outcomes


def test_the_real_tasks_are_scheduled_in_beijing_time():
    found = jobs.registry()
    assert found["catalog.activate_versions"].slot == time(0, 5)
    assert found["cases.deemed_acceptance"].slot == time(0, 30)
    assert {"cases.deferral_lapses", "cases.orphan_sweep", "ratings.default_ratings", "supervision.anomalies",
            "supervision.rollup"} <= set(found)
    # 16:06 UTC on 1 March is 00:06 on 2 March in Beijing: the catalogue's 00:05 run for 2 March is due
    assert jobs.owed(found["catalog.activate_versions"], utc(2026, 3, 1, 16, 6)) == [date(2026, 3, 2)]
    assert jobs.owed(found["catalog.activate_versions"], utc(2026, 3, 1, 16, 4)) == [date(2026, 3, 1)]


def test_missed_days_are_caught_up_once_each(job):
    calls, _ = job
    jobs.run_due(utc(2026, 3, 1, 16, 10))  # 2 March, 00:10 Beijing
    assert calls == [date(2026, 3, 2)]
    # the consumer was down until 5 March, 09:00 Beijing
    ran = jobs.run_due(utc(2026, 3, 5, 1, 0))
    assert calls[1:] == [date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 5)]
    assert [status for *_, status in ran] == ["done"] * 3
    # ticks later the same day owe nothing
    assert jobs.run_due(utc(2026, 3, 5, 1, 5)) == []
    assert len(calls) == 4
    assert set(NightlyRun.objects.values_list("status", flat=True)) == {"done"}


def test_a_failed_day_is_retried_on_the_next_tick_and_its_error_kept(job):
    calls, outcomes = job
    outcomes[date(2026, 3, 2)] = "fail"
    assert jobs.run_due(utc(2026, 3, 1, 16, 10)) == [("test.job", date(2026, 3, 2), "failed")]
    row = NightlyRun.objects.get()
    assert row.status == "failed" and "数据库暂时不可用" in row.error
    assert jobs.run_due(utc(2026, 3, 1, 16, 15)) == [("test.job", date(2026, 3, 2), "done")]
    row.refresh_from_db()
    assert row.status == "done" and row.attempts == 2 and row.result == "ran 2026-03-02"


def test_the_command_reruns_one_day_on_request(job):
    calls, _ = job
    jobs.run_due(utc(2026, 3, 1, 16, 10))
    call_command("nightly", "run", "test.job", "--day", "2026-03-02")
    assert calls == [date(2026, 3, 2), date(2026, 3, 2)]
