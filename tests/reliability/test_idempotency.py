"""One Idempotency-Key, one case: parallel retries are told 200 with the case the first one filed (exactly one 201),
and the same key with different content is a 409, never the old case answered as if it were the new one."""
import io
import threading
import time

import pytest
from django.db import close_old_connections, connection
from rest_framework.test import APIClient

from tests.cases.factories import mats
from yiwang.cases.models import Case

CLIENTS = 8


def pdf(tag: bytes):
    f = io.BytesIO(b"%PDF-1.7\n" + tag * 50)
    f.name = "申请表.pdf"
    return f


def submit(client, version, key, tag=b"a"):
    materials = mats(version)
    data = {"item_version": version.pk, "materials": [m.pk for m in materials],
            "files": [pdf(tag + str(m.pk).encode()) for m in materials]}
    return client.post("/api/v1/cases/", data, format="multipart", HTTP_IDEMPOTENCY_KEY=key)


def retried(send):
    # A client retries a 503 with the same key, as the API asks. (Django's in-memory SQLite test database answers
    # a second writer "table is locked" at once instead of waiting: a 503 here.) Bounded in time, not tries.
    give_up = time.monotonic() + 60
    from django.db import OperationalError

    while True:
        try:
            response = send()
        except OperationalError:  # "table is locked" raised before the API's error middleware (the test client
            if time.monotonic() > give_up:  # re-raises what a server would answer with a 503): retry as for a 503
                raise
            time.sleep(0.01)
            continue
        if response.status_code != 503 or time.monotonic() > give_up:
            return response
        time.sleep(0.01)


@pytest.mark.django_db(transaction=True)
def test_parallel_retries_get_one_201_and_the_rest_200_with_the_same_case(org, items):
    start = threading.Barrier(CLIENTS)
    answers = [None] * CLIENTS

    def run(i):
        client = APIClient()
        client.force_authenticate(org.person_user)
        try:
            start.wait(timeout=10)
            response = retried(lambda: submit(client, items.two, "double-tap"))
            answers[i] = (response.status_code, response.json().get("id"))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    codes = sorted(code for code, _ in answers)
    assert codes == [200] * (CLIENTS - 1) + [201], answers
    assert len({case_id for _, case_id in answers}) == 1
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_the_same_key_with_other_files_is_a_409_and_files_nothing(org, items, as_user):
    client = as_user(org.person_user)
    first = submit(client, items.two, "k-files", tag=b"a")
    assert first.status_code == 201
    again = submit(client, items.two, "k-files", tag=b"a")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    other = submit(client, items.two, "k-files", tag=b"b")
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_key_reused"
    assert "idempotency_key" in other.json()["errors"]
    assert Case.objects.count() == 1
