"""Two transactions appending at once must not fork the chain (one seq, one prev_hash each).

Real threads with their own database connections and real commits: on PostgreSQL the chain-head row lock
serialises them, on SQLite the IMMEDIATE transactions do."""
import threading
import time

import pytest
from django.db import OperationalError, close_old_connections, connection, transaction

from yiwang.audit.models import AuditEvent
from yiwang.audit.services import record, verify

PER_THREAD = 15


def _append_once(org, name, i):
    # Django's SQLite test database is in memory with a shared cache, where a second writer gets
    # "database table is locked" at once instead of waiting (busy timeout does not apply). Retrying the whole
    # transaction is what waiting would do; a fork would show as an IntegrityError or a broken chain instead.
    give_up = time.monotonic() + 60  # bounded in time: a loaded machine holds locks longer
    while time.monotonic() < give_up:
        try:
            with transaction.atomic():
                record(actor=org.clerk, action="test.append", target=org.market, data={"thread": name, "i": i})
            return
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.01)
    raise AssertionError("could not append within 60 s")


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_chain(org):
    start = threading.Barrier(2)
    errors = []

    def append(name):
        try:
            start.wait(timeout=10)
            for i in range(PER_THREAD):
                _append_once(org, name, i)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(repr(exc))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=append, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 2 * PER_THREAD + 1))
    threads_seen = {e["thread"] for e in AuditEvent.objects.values_list("data", flat=True)}
    assert threads_seen == {"a", "b"}
    report = verify()
    assert report.ok, report.message
    assert report.count == 2 * PER_THREAD
