"""Fixtures for the cases API tests: the cases tests' published items, and an API client per user."""
from types import SimpleNamespace

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.cases.conftest import _fast_and_isolated, calendar_loaded, items  # noqa: F401  (shared fixtures)
from tests.cases.factories import accepted, file_all
from tests.factories import staff
from yiwang.org.models import Hall, Role


@pytest.fixture
def as_user():
    """as_user(user) → an APIClient logged in as `user` (None: anonymous)."""

    def make(user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def world(org, items):
    """An accepted two-step market case of 张三 (with files), a received one, and a clerk of another hall."""
    other_hall = Hall.objects.create(code="ZX2", name="另一便民服务中心", kind=Hall.Kind.COMMUNITY_CENTRE,
                                     region=org.district, address="别处")
    return SimpleNamespace(
        case=accepted(org, items.two),
        received=file_all(org, items.two, today=timezone.localdate()),  # within the art. 32 days
        far_clerk=staff("far_clerk", Role.CLERK, hall=other_hall),
    )


@pytest.fixture(autouse=True)
def _signing_keys(settings, request):
    """An approval through the API issues the e-licence of a licensing item as the page does (issue 8 no. 2), so
    the departments need their signing keys."""
    if "org" not in request.fixturenames:
        return
    from yiwang.licences.keys import generate_key

    settings.YIWANG_KEY_ENCRYPTION_KEY = "test-master-key-0123456789abcdef0123456789abcdef"
    org = request.getfixturevalue("org")
    from yiwang.licences.models import SigningKey

    for department in (org.market, org.health):
        if not SigningKey.objects.filter(department=department).exists():
            generate_key(department)
