"""Concurrent issues never draw the same licence number."""
import threading
import time

import pytest
from django.db import OperationalError, connection

from yiwang.licences.models import Licence


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_distinct_numbers(issue):
    errors, barrier = [], threading.Barrier(4)

    def worker():
        try:
            barrier.wait()
            give_up = time.monotonic() + 60  # bounded in time: a loaded machine holds locks longer
            while time.monotonic() < give_up:
                try:
                    issue()
                    break
                except OperationalError as exc:
                    # SQLite's shared-cache test database answers "table is locked" instead of waiting (a file
                    # database waits on its busy timeout); PostgreSQL blocks on the counter row lock.
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.05)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(Licence.objects.values_list("number", flat=True))
    assert len(numbers) == 4 and len(set(numbers)) == 4
    assert [n[-6:] for n in numbers] == ["000001", "000002", "000003", "000004"]
