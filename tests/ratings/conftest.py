import importlib

import pytest


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def calendar_loaded(db):
    from django.apps import apps

    from yiwang.workdays.models import CalendarYear
    from yiwang.workdays.services import invalidate_cache

    if not CalendarYear.objects.filter(year=2026).exists():
        importlib.import_module("yiwang.workdays.migrations.0002_seed_calendar").seed(apps, None)
        invalidate_cache()


@pytest.fixture
def items(org, calendar_loaded):
    from tests.cases.factories import make_item

    from types import SimpleNamespace

    return SimpleNamespace(one=make_item(org.market, tier="one_step", limit=0),
                           promised=make_item(org.market, tier="one_step", limit=0),
                           health=make_item(org.health, tier="one_step", limit=0))
