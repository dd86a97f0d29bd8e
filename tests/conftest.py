import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def org(db):
    """A small organisation: a district with one town, two departments, one hall with windows,
    staff in every role, and two applicants (a person and an enterprise) with accounts."""
    from tests.factories import build_org

    return build_org()
