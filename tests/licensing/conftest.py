"""Fixtures for the Administrative Licensing Law tests (issue 13): the cases tests' items and an API client per user."""
from tests.cases.conftest import _fast_and_isolated, calendar_loaded, items  # noqa: F401  (shared fixtures)
from tests.cases_api.conftest import as_user  # noqa: F401

import pytest  # noqa: E402
from django.utils import timezone  # noqa: E402


@pytest.fixture
def clock(monkeypatch):
    """clock.day = date(...): what "today" is for the services and the API (timezone.localdate) in this test."""

    class Clock:
        day = None

    c, real = Clock(), timezone.localdate
    monkeypatch.setattr(timezone, "localdate",
                        lambda value=None, timezone=None: c.day if value is None and c.day else real(value, timezone))
    return c


@pytest.fixture
def api(as_user):
    """api(user).act(case, "action", **data): one POST to the action endpoint with the case's current version."""

    class Caller:
        def __init__(self, user):
            self.client = as_user(user)

        def act(self, case, action, expect=200, **data):
            case.refresh_from_db()
            r = self.client.post(f"/api/v1/cases/{case.pk}/actions/{action}/", {"version": case.version, **data},
                                 format="json")
            assert r.status_code == expect, r.json()
            return r.json()

        def get(self, case):
            return self.client.get(f"/api/v1/cases/{case.pk}/").json()

    return Caller

from tests.licences.conftest import _licence_settings, issue, keyed_org  # noqa: F401,E402  (licence fixtures)
