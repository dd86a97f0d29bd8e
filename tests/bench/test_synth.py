"""`yiwang synth`: synthetic cases are consistent with what the case services would have written."""
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from yiwang.audit.models import AuditEvent
from yiwang.cases.domain import lifecycle as lc
from yiwang.cases.domain.numbers import PATTERN
from yiwang.cases.models import Case, CaseCounter, CaseEvent, Suspension
from yiwang.cases.services.common import ledger_for
from yiwang.cases.services.numbers import issue_number

TODAY = date(2026, 11, 20)


@pytest.fixture
def synth_cases(db, settings, tmp_path):
    from yiwang.cases import synth
    from yiwang.web.demo.loader import load

    settings.MEDIA_ROOT = tmp_path / "media"
    load()
    audit_before = AuditEvent.objects.count()
    for _ in synth.run(200, seed=7, batch_size=80, today=TODAY, applicants=30):
        pass
    return audit_before


def test_rows_follow_the_lifecycle_table(synth_cases):
    cases = list(Case.objects.prefetch_related("events"))
    assert len(cases) == 200
    states = Counter(c.state for c in cases)
    assert states[lc.State.DELIVERED] > 100  # two years of history: most cases are long finished
    assert len(states) >= 4
    for case in cases:
        events = sorted(case.events.all(), key=lambda e: (e.at, e.id))
        assert events[0].action == "submit" and events[0].to_state == lc.State.RECEIVED
        state = lc.State.RECEIVED
        for e in events[1:]:
            assert e.from_state == state, (case.pk, e.action)
            tr = lc.TABLE[state].get(lc.Action(e.action))
            assert tr is not None, f"{e.action} is not allowed in {state}"
            state = tr.to or state
            assert e.to_state == state
        assert case.state == state
        assert case.version == len(events)
        assert [e.on for e in events] == sorted(e.on for e in events)
        assert events[-1].on <= TODAY


def test_deadlines_are_what_the_ledger_computes(synth_cases):
    accepted = Case.objects.filter(accepted_on__isnull=False).prefetch_related("suspensions")
    assert accepted.count() > 150
    assert Suspension.objects.exists()  # seeded: the sample includes special procedures
    for case in accepted:
        assert case.number and case.deadline_provisional is not None
        assert case.deadline == ledger_for(case).deadline(), case.pk
    for case in Case.objects.filter(accepted_on__isnull=True):
        assert case.number is None and case.deadline is None


def test_numbers_are_unique_real_and_do_not_collide_with_new_ones(synth_cases):
    numbers = list(Case.objects.exclude(number=None).values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    highest: dict[tuple[str, str], int] = {}
    for n in numbers:
        m = PATTERN.match(n)
        assert m, n
        key = (m.group(1), m.group(2))
        highest[key] = max(highest.get(key, 0), int(m.group(3)))
    for (area, day), value in highest.items():
        counter = CaseCounter.objects.get(area=area, day=date(int(day[:4]), int(day[4:6]), int(day[6:])))
        assert counter.value == value
    (area, day), _ = max(highest.items(), key=lambda kv: kv[1])
    fresh = issue_number(area, date(int(day[:4]), int(day[4:6]), int(day[6:])))
    assert fresh not in set(numbers)


def test_synth_leaves_no_audit_events_and_steps_respect_separation(synth_cases):
    assert AuditEvent.objects.count() == synth_cases
    for case in Case.objects.filter(tier__in=["two_step", "three_step"], state=lc.State.DELIVERED)[:50]:
        actors = list(case.steps.values_list("actor_id", flat=True))
        if case.tier == "three_step":
            assert actors[0] == case.accepted_by_id
        assert len(actors) == len(set(actors)) == len(lc.steps_of(case.tier))
    assert not CaseEvent.objects.filter(case__form_data__synth=1, action="accept", actor=None).exists()


def test_command_refuses_without_debug_and_without_the_demo(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("synth", "--cases", "5", stdout=StringIO(), stderr=StringIO())
    settings.DEBUG = True
    with pytest.raises(CommandError, match="yiwang demo"):
        call_command("synth", "--cases", "5", "--no-progress", stdout=StringIO(), stderr=StringIO())
