import importlib

import pytest


@pytest.fixture(autouse=True)
def _workbench_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.YIWANG_KEY_ENCRYPTION_KEY = "test-master-key-0123456789abcdef0123456789abcdef"
    settings.YIWANG_PUBLIC_URL = "https://zwfw.example.gov.cn"


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
    from tests.cases.factories import build_items

    return build_items(org)


@pytest.fixture
def keyed(org):
    from yiwang.licences.keys import generate_key

    generate_key(org.market)
    generate_key(org.health)
    return org


def client_for(client, user):
    client.force_login(user)
    return client
