import importlib

import pytest


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast fixtures


@pytest.fixture
def calendar_loaded(db):
    """The seeded calendar (a transactional test elsewhere may have flushed the data migration's rows)."""
    from django.apps import apps

    from yiwang.workdays.models import CalendarYear
    from yiwang.workdays.services import invalidate_cache

    if not CalendarYear.objects.filter(year=2026).exists():
        importlib.import_module("yiwang.workdays.migrations.0002_seed_calendar").seed(apps, None)
        invalidate_cache()


@pytest.fixture
def items(org, calendar_loaded):
    from .factories import build_items

    return build_items(org)
