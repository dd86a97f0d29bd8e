"""The nightly-run ledger (no Django): a nightly task runs once for each calendar day (Beijing time) at its slot;
days missed while the consumer was down are caught up, oldest first, within a bounded window; a day whose run
failed is owed again until it has run or has used up its attempts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class DayState:
    done: bool
    attempts: int = 0
    running_since: datetime | None = None


def parse_slot(text: str) -> time:
    """"00:30" → time(0, 30); a clear error for anything else."""
    try:
        hour, minute = (int(part) for part in text.split(":"))
        return time(hour, minute)
    except (ValueError, TypeError):
        raise ValueError(f"时刻应写作 HH:MM（北京时间），如 00:30，而不是“{text}”") from None


def latest_due_day(now_local: datetime, slot: time) -> date:
    """The last day whose slot has come (in local time): today once the slot has passed, else yesterday."""
    today = now_local.date()
    return today if now_local.time().replace(tzinfo=None) >= slot else today - timedelta(days=1)


def days_owed(states: dict[date, DayState], latest_due: date, *, window_days: int, max_attempts: int,
              now: datetime | None = None, stale_after: timedelta = timedelta(hours=2)) -> list[date]:
    """The days to run now, oldest first.

    - Never run before (no day recorded): only `latest_due` — a new installation does not replay history.
    - Otherwise every day from the first recorded one (or the start of the window, whichever is later) up to
      `latest_due` that has not run, has attempts left, and is not being run by someone else (a run is taken
      as abandoned after `stale_after`)."""
    if window_days < 1:
        raise ValueError("补跑窗口至少为1天")
    if not states:
        return [latest_due]
    start = max(min(states), latest_due - timedelta(days=window_days - 1))
    out = []
    day = start
    while day <= latest_due:
        state = states.get(day)
        if state is None:
            out.append(day)
        elif not state.done and state.attempts < max_attempts:
            busy = state.running_since is not None and now is not None and now - state.running_since < stale_after
            if not busy:
                out.append(day)
        day += timedelta(days=1)
    return out
