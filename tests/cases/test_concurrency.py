"""Two clerks accepting the same case at once: one wins, the other gets Conflict; a submission retried at the
same moment files one case. Real threads, real commits (run on SQLite and with DATABASE_URL on PostgreSQL)."""
import threading
import time

import pytest
from django.db import OperationalError, close_old_connections, connection

from yiwang.api.errors import Conflict
from yiwang.cases import services
from yiwang.cases.models import Case, CaseCounter
from yiwang.org.models import Role, StaffRole

from .factories import MON, file_all, mats, pdf


def _retrying(fn):
    # Django's SQLite test database is in memory with a shared cache: a second writer gets "database table is
    # locked" at once instead of waiting. Retrying the whole transaction is what waiting would do.
    # Bounded in time, not tries: on a loaded machine the other writer may hold the lock for a while.
    give_up = time.monotonic() + 60
    while time.monotonic() < give_up:
        try:
            return fn()
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.01)
    raise AssertionError("could not finish within 60 s")


def _race(*fns):
    start = threading.Barrier(len(fns))
    results = [None] * len(fns)

    def run(i, fn):
        try:
            start.wait(timeout=10)
            results[i] = ("ok", _retrying(fn))
        except Exception as exc:
            results[i] = ("error", exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(fns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_clerks_accepting_the_same_case_at_once(org, items):
    StaffRole.objects.filter(user=org.clerk2, role=Role.CLERK).update(is_window_officer=True)
    case = file_all(org, items.two)
    seen = case.version
    results = _race(
        lambda: services.accept(case.pk, actor=org.clerk, expected_version=seen, today=MON),
        lambda: services.accept(case.pk, actor=org.clerk2, expected_version=seen, today=MON),
    )
    kinds = sorted(r[0] for r in results)
    assert kinds == ["error", "ok"], results
    err = next(r[1] for r in results if r[0] == "error")
    assert isinstance(err, Conflict) and err.extra["state"] == "under_review"
    case.refresh_from_db()
    assert case.state == "under_review" and case.version == seen + 1
    assert case.events.filter(action="accept").count() == 1
    assert CaseCounter.objects.get().value == 1


@pytest.mark.django_db(transaction=True)
def test_many_acceptances_at_once_get_distinct_numbers(org, items):
    cases = [file_all(org, items.two, key=f"n{i}") for i in range(4)]
    results = _race(*[
        (lambda c=c: services.accept(c.pk, actor=org.clerk, expected_version=c.version, today=MON)) for c in cases
    ])
    assert all(r[0] == "ok" for r in results), results
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert numbers == [f"YW-310114-20260302-{i:06d}" for i in range(1, 5)]


@pytest.mark.django_db(transaction=True)
def test_a_submission_retried_at_the_same_moment_files_one_case(org, items):
    files = {mats(items.two)[0].pk: pdf("form")}

    def submit():
        return services.submit_case(submitter=org.person_user, applicant=org.person, item_version=items.two,
                                    idempotency_key="double-click", files=files, today=MON)

    results = _race(submit, submit)
    assert all(r[0] == "ok" for r in results), results
    assert results[0][1].pk == results[1][1].pk
    assert Case.objects.count() == 1
