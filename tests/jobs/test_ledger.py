"""The nightly-run ledger's pure core: which days a nightly task still owes."""
from datetime import date, datetime, time, timedelta

import pytest

from yiwang.jobs.domain.ledger import DayState, days_owed, latest_due_day, parse_slot

D = date(2026, 3, 10)


def owed(states, latest=D, window=7, attempts=5, now=None):
    return days_owed(states, latest, window_days=window, max_attempts=attempts, now=now)


def test_a_slot_has_come_once_its_time_has_passed_that_day():
    assert latest_due_day(datetime(2026, 3, 10, 0, 4), time(0, 5)) == date(2026, 3, 9)
    assert latest_due_day(datetime(2026, 3, 10, 0, 5), time(0, 5)) == D


def test_a_new_installation_runs_only_the_latest_day():
    assert owed({}) == [D]


def test_days_missed_while_down_are_caught_up_oldest_first():
    states = {D - timedelta(days=4): DayState(done=True)}
    assert owed(states) == [D - timedelta(days=3), D - timedelta(days=2), D - timedelta(days=1), D]


def test_catch_up_is_bounded_by_the_window():
    states = {D - timedelta(days=30): DayState(done=True)}
    assert owed(states, window=3) == [D - timedelta(days=2), D - timedelta(days=1), D]


def test_a_done_day_is_never_owed_again_and_a_failed_one_is_until_attempts_run_out():
    states = {D - timedelta(days=1): DayState(done=True), D: DayState(done=False, attempts=2)}
    assert owed(states) == [D]
    assert owed(states, attempts=2) == []


def test_a_day_running_elsewhere_is_left_alone_until_it_looks_abandoned():
    started = datetime(2026, 3, 10, 0, 30)
    states = {D - timedelta(days=1): DayState(done=True), D: DayState(done=False, attempts=1, running_since=started)}
    assert owed(states, now=started + timedelta(minutes=10)) == []
    assert owed(states, now=started + timedelta(hours=3)) == [D]


def test_a_slot_must_be_written_as_hours_and_minutes():
    assert parse_slot("00:30") == time(0, 30)
    with pytest.raises(ValueError, match="HH:MM"):
        parse_slot("half past midnight")
