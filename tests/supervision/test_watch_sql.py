"""The SQL deadline watch gives the same warnings as the Python one (watch.evaluate, the reference) on generated
cases of every kind: received and art. 32 deemed acceptances, under review at any step of any tier, suspended once
or several times (open or resumed), extended, stopped, green channel, deferred materials, awaiting delivery,
post-checks, hearings requested or noticed — on the real working-day calendar (holidays and make-up days)."""
from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.cases.factories import accepted
from yiwang.cases.models import Case, CaseEvent, CaseMaterial, PostCheck, Suspension
from yiwang.cases.models_law import Hearing
from yiwang.supervision import watch, watch_sql

pytestmark = pytest.mark.django_db

DAY0 = date(2025, 12, 1)
STATES = ["received", "supplementing", "under_review", "suspended", "approved", "denied", "delivered",
          "withdrawn", "terminated"]
TIERS = ["one_step", "two_step", "three_step", "two_plus", "three_plus"]
days = st.integers(min_value=0, max_value=300)


@st.composite
def case_spec(draw):
    received = DAY0 + timedelta(days=draw(days))
    state = draw(st.sampled_from(STATES))
    accepted_on = None if state in ("received", "supplementing") and draw(st.booleans()) else (
        received + timedelta(days=draw(st.integers(0, 6))))
    susp, cursor = [], accepted_on
    if accepted_on:
        for i in range(draw(st.integers(0, 3))):
            start = cursor + timedelta(days=draw(st.integers(0, 25)))
            is_open = i == 2 or draw(st.booleans()) and draw(st.booleans())
            end = None if is_open else start + timedelta(days=draw(st.integers(0, 20)))
            susp.append((start, end))
            if end is None:
                break
            cursor = end
    base = accepted_on or received
    return {
        "state": state, "tier": draw(st.sampled_from(TIERS)), "step_index": draw(st.integers(0, 4)),
        "received_on": received, "pending_since": received + timedelta(days=draw(st.integers(0, 3))),
        "accepted_on": accepted_on, "deemed_accepted": draw(st.booleans()),
        "limit_days": draw(st.sampled_from([None, 0, 1, 3, 5, 10, 15, 20, 35, 60])),
        "extension_days": draw(st.sampled_from([0, 0, 1, 5, 10])), "green_channel": draw(st.booleans()),
        "stopped_on": base + timedelta(days=draw(days)) if draw(st.booleans()) and accepted_on else None,
        "deferral_due": base + timedelta(days=draw(st.integers(0, 60))) if draw(st.booleans()) else None,
        "deferred": draw(st.integers(0, 2)),
        "delivery_due": base + timedelta(days=draw(st.integers(0, 60))) if draw(st.booleans()) else None,
        "delivered_on": base + timedelta(days=5) if draw(st.booleans()) and draw(st.booleans()) else None,
        "suspensions": susp,
        "moves": [(draw(st.sampled_from(["forward", "send_back"])), base + timedelta(days=draw(st.integers(-3, 40))))
                  for _ in range(draw(st.integers(0, 2)))],
        "post_check": (base + timedelta(days=draw(st.integers(0, 90))), draw(st.sampled_from(["pending", "passed"])))
        if draw(st.booleans()) else None,
        "hearings": [(draw(st.sampled_from(["requested", "scheduled", "held"])),
                      base + timedelta(days=draw(st.integers(0, 40))) if draw(st.integers(0, 4)) else None,
                      base + timedelta(days=draw(st.integers(0, 20))))
                     for _ in range(draw(st.integers(0, 2)))],
    }


def _materialise(template: Case, spec: dict, org) -> Case:
    c = Case.objects.get(pk=template.pk)
    c.pk, c.number, c.idempotency_key = None, None, ""
    for k in ("state", "tier", "step_index", "received_on", "pending_since", "accepted_on", "deemed_accepted",
              "limit_days", "extension_days", "green_channel", "stopped_on", "deferral_due", "delivery_due",
              "delivered_on"):
        setattr(c, k, spec[k])
    c.save()
    mats = list(CaseMaterial.objects.filter(case=template).order_by("material__order"))
    for i, m in enumerate(mats):
        CaseMaterial.objects.create(case=c, material=m.material,
                                    status="deferred" if i < spec["deferred"] else "provided")
    for start, end in spec["suspensions"]:
        Suspension.objects.create(case=c, kind=Suspension.Kind.choices[0][0], reason="专家评审", expected_days=10,
                                  started_on=start, started_by=org.reviewer, resumed_on=end)
    for action, on in spec["moves"]:
        CaseEvent.objects.create(case=c, action=action, on=on, actor=org.reviewer)
    if spec["post_check"]:
        PostCheck.objects.create(case=c, due_on=spec["post_check"][0], status=spec["post_check"][1])
    for status, hold_by, notified_on in spec["hearings"]:
        Hearing.objects.create(case=c, kind=Hearing.Kind.choices[0][0], status=status, matter="设立许可听证",
                               notified_on=notified_on, notified_by=org.reviewer, hold_by=hold_by,
                               requested_on=notified_on + timedelta(days=2) if status == "requested" else None)
    return c


def _by_key(findings) -> dict:
    return {f.key: (f.level.value, f.due_on, f.remaining, f.detail, f.responsible_ids, f.head_ids)
            for f in findings}


@pytest.fixture
def template(org, items):
    return accepted(org, items.commit)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(specs=st.lists(case_spec(), min_size=1, max_size=6),
       today=st.integers(0, 330).map(lambda n: DAY0 + timedelta(days=n)))
def test_sql_watch_equals_python_watch(org, template, specs, today):
    with transaction.atomic():
        made = [_materialise(template, s, org) for s in specs]
        qs = watch.candidates(Case.objects.filter(pk__in=[c.pk for c in made]))
        python = _by_key(watch.evaluate(qs, today))
        sql = _by_key(watch_sql.evaluate(qs, today))
        assert sql == python
        transaction.set_rollback(True)


def test_the_examples_reach_every_kind(org, template):
    """The generator is not vacuous: one hand-picked set raises every kind of warning in both."""
    today = date(2026, 4, 20)
    specs = [
        {**_base(), "state": "received", "accepted_on": None, "pending_since": date(2026, 4, 10)},
        {**_base(), "state": "supplementing", "deemed_accepted": True},
        {**_base(), "state": "under_review", "tier": "three_step", "step_index": 1, "limit_days": 10,
         "suspensions": [(date(2026, 3, 10), date(2026, 3, 20))], "moves": [("forward", date(2026, 3, 25))],
         "deferral_due": date(2026, 4, 1), "deferred": 1},
        {**_base(), "state": "suspended", "limit_days": 5, "suspensions": [(date(2026, 3, 5), None)],
         "hearings": [("requested", date(2026, 4, 28), date(2026, 4, 1))]},
        {**_base(), "state": "approved", "delivery_due": date(2026, 4, 21), "stopped_on": date(2026, 4, 7),
         "post_check": (date(2026, 4, 15), "pending")},
    ]
    made = [_materialise(template, s, org) for s in specs]
    qs = watch.candidates(Case.objects.filter(pk__in=[c.pk for c in made]))
    python, sql = _by_key(watch.evaluate(qs, today)), _by_key(watch_sql.evaluate(qs, today))
    assert sql == python
    assert {k[1] for k in sql} == {"art32", "case_limit", "step_limit", "deferral", "hearing", "delivery",
                                   "post_check"}


def _base() -> dict:
    return {"tier": "one_step", "step_index": 0, "received_on": date(2026, 3, 2), "pending_since": date(2026, 3, 2),
            "accepted_on": date(2026, 3, 3), "deemed_accepted": False, "limit_days": 20, "extension_days": 0,
            "green_channel": False, "stopped_on": None, "deferral_due": None, "deferred": 0, "delivery_due": None,
            "delivered_on": None, "suspensions": [], "moves": [], "post_check": None, "hearings": []}
