"""The deadline ledger: pure, over a small table calendar (2026 as announced)."""
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yiwang.cases.domain.ledger import Ledger, LedgerError

from .calendars import TableCalendar

CAL = TableCalendar()


def ledger(start, limit):
    return Ledger(CAL).start(start, limit)


def test_acceptance_day_is_not_counted():
    # Monday 2026-03-02 + 1 working day → Tuesday 03-03
    assert ledger(date(2026, 3, 2), 1).deadline() == date(2026, 3, 3)
    # accepted on a Friday: 5 working days end on the next Friday
    assert ledger(date(2026, 3, 6), 5).deadline() == date(2026, 3, 13)


def test_twenty_days_across_national_day_2026():
    # accepted Tue 2026-09-22: working days 9/23, 9/24, 9/28, 9/29, 9/30, 10/8, 10/9, 10/10 (adjusted), 10/12 …
    lg = ledger(date(2026, 9, 22), 20)
    assert lg.deadline() == date(2026, 10, 27)
    assert lg.used(date(2026, 10, 10)) == 8
    assert lg.remaining(date(2026, 10, 10)) == 12


def test_immediate_item_is_due_on_the_acceptance_day():
    lg = ledger(date(2026, 3, 4), 0)
    assert lg.deadline() == date(2026, 3, 4)
    assert lg.remaining(date(2026, 3, 4)) == 0
    assert lg.is_overdue(date(2026, 3, 5))


def test_suspension_across_national_day_holiday():
    # accepted Mon 2026-09-14, limit 20. Suspended (expert review) Wed 9/23, resumed Mon 10/12.
    lg = ledger(date(2026, 9, 14), 20)
    # 9/15-18, 9/20 (adjusted Sunday), 9/21-24, 9/28-30, 10/8, 10/9, 10/10 (adjusted Saturday), 10/12-16
    assert lg.deadline() == date(2026, 10, 16)
    lg.suspend(date(2026, 9, 23), "专家评审")
    assert lg.deadline() is None          # clock stopped: no deadline while suspended
    assert lg.used(date(2026, 9, 23)) == 8  # 9/15-9/18, 9/20, 9/21-9/23
    assert lg.used(date(2026, 10, 9)) == 8  # frozen during the suspension
    lg.resume(date(2026, 10, 12))
    # not counted: working days in (9/23, 10/12]: 9/24, 9/28, 9/29, 9/30, 10/8, 10/9, 10/10 (adjusted), 10/12 = 8
    assert lg.used(date(2026, 10, 12)) == 8
    assert lg.used(date(2026, 10, 13)) == 9
    assert lg.remaining(date(2026, 10, 12)) == 12
    # 12 days left after 10/12: 10/13-16, 10/19-23, 10/26-28
    assert lg.deadline() == date(2026, 10, 28)


def test_adjusted_working_day_counts_inside_a_suspension_only_when_outside_it():
    # suspended 10/9 (Fri), resumed 10/10 (Sat, adjusted working day): 10/10 is not counted
    lg = ledger(date(2026, 10, 8), 2).suspend(date(2026, 10, 9)).resume(date(2026, 10, 10))
    assert lg.deadline() == date(2026, 10, 12)
    # without the suspension the 2 days would end on the adjusted Saturday
    assert ledger(date(2026, 10, 8), 2).deadline() == date(2026, 10, 10)


def test_extension_adds_working_days_once_only_and_at_most_ten():
    lg = ledger(date(2026, 3, 2), 20)
    base = lg.deadline()
    with pytest.raises(LedgerError, match="1至10"):
        lg.extend(11)
    with pytest.raises(LedgerError):
        lg.extend(0)
    lg.extend(10)
    assert lg.deadline() == CAL.add_working_days(base, 10)
    with pytest.raises(LedgerError, match="只能延期一次"):
        lg.extend(1)


def test_stopping_freezes_days_used():
    lg = ledger(date(2026, 3, 2), 20).stop(date(2026, 3, 6))
    assert lg.used(date(2026, 4, 30)) == 4
    with pytest.raises(LedgerError):
        lg.suspend(date(2026, 3, 9))


def test_stopping_while_suspended_closes_the_suspension():
    lg = ledger(date(2026, 3, 2), 20).suspend(date(2026, 3, 4)).stop(date(2026, 3, 20))
    assert lg.used(date(2026, 3, 31)) == 2
    assert not lg.is_suspended


def test_entries_out_of_order_are_refused():
    with pytest.raises(LedgerError):
        Ledger(CAL).suspend(date(2026, 3, 2))
    lg = ledger(date(2026, 3, 2), 5)
    with pytest.raises(LedgerError):
        lg.resume(date(2026, 3, 3))
    with pytest.raises(LedgerError):
        lg.suspend(date(2026, 3, 1))
    lg.suspend(date(2026, 3, 3))
    with pytest.raises(LedgerError):
        lg.suspend(date(2026, 3, 4))
    with pytest.raises(LedgerError):
        lg.resume(date(2026, 3, 2))


def test_suspension_after_the_deadline_does_not_cure_lateness():
    lg = ledger(date(2026, 3, 2), 2)
    assert lg.deadline() == date(2026, 3, 4)
    lg.suspend(date(2026, 3, 10))
    assert lg.deadline() == date(2026, 3, 4)
    assert lg.is_overdue(date(2026, 3, 20))


def test_provisional_when_the_limit_runs_into_an_unannounced_year():
    assert not ledger(date(2026, 11, 2), 20).provisional()
    assert ledger(date(2026, 12, 14), 20).provisional()
    # suspended into the next year: provisional as of a date there
    lg = ledger(date(2026, 12, 1), 5).suspend(date(2026, 12, 2))
    assert lg.provisional(date(2027, 1, 5))
    assert not lg.provisional(date(2026, 12, 5))


days = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 11, 30))


@settings(max_examples=150, deadline=None)
@given(start=days, limit=st.integers(0, 30), ext=st.integers(0, 10))
def test_days_used_reach_the_limit_exactly_on_the_deadline(start, limit, ext):
    lg = ledger(start, limit)
    if ext:
        lg.extend(ext)
    dl = lg.deadline()
    assert lg.used(dl) == limit + ext
    assert lg.remaining(dl) == 0
    if limit + ext:
        assert CAL.is_working_day(dl)
        assert lg.used(dl - timedelta(days=1)) == limit + ext - 1
    assert not lg.is_overdue(dl)
    assert lg.is_overdue(CAL.add_working_days(dl, 1))


@settings(max_examples=150, deadline=None)
@given(start=days, limit=st.integers(1, 30), offsets=st.lists(st.tuples(st.integers(0, 8), st.integers(0, 15)),
                                                               max_size=3))
def test_suspensions_push_the_deadline_by_the_working_days_they_cover(start, limit, offsets):
    lg = ledger(start, limit)
    cursor, covered = start, 0
    for gap, length in offsets:
        s = cursor + timedelta(days=gap)
        r = s + timedelta(days=length)
        if lg.deadline() is not None and s >= lg.deadline():
            break
        lg.suspend(s).resume(r)
        covered += CAL.working_days_between(s, r)
        cursor = r
    assert lg.deadline() == CAL.add_working_days(start, limit + covered)
    assert lg.used(lg.deadline()) == limit
    # used never decreases over time
    seq = [lg.used(start + timedelta(days=i)) for i in range(0, 80)]
    assert seq == sorted(seq)
