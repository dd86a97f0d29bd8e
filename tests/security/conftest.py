import pytest


@pytest.fixture(autouse=True)
def _fresh_throttles():
    from django.core.cache import caches

    caches["throttle"].clear()
    yield
    caches["throttle"].clear()
