import contextlib
import importlib
import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

_DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}


def pytest_configure(config):
    """build_org() and the demo set many passwords; the production hasher would make that seconds a test."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests run with DEBUG off, where the e-licence key-encryption key must be configured (a test-only key).
    settings.YIWANG_KEY_ENCRYPTION_KEY = "7e57" * 8
    # Signed audit checkpoints go to a file of the test run, never to the working copy's var/.
    import tempfile
    from pathlib import Path

    settings.YIWANG_AUDIT_CHECKPOINT_FILE = str(Path(tempfile.mkdtemp(prefix="yiwang-checkpoints-")) /
                                                "audit-checkpoints.jsonl")
    # `yiwang demo` writes no case history in tests unless a test asks for it (tests/web/test_demo_roles.py).
    settings.YIWANG_DEMO_HISTORY = "none"


def ensure_calendar_seeded():
    """The calendar is seeded by a data migration; a transactional test flushes every table afterwards.
    Reload the seed (the migration's own function) when it is gone, so later tests see the real calendar."""
    from django.apps import apps

    from yiwang.workdays.models import CalendarYear
    from yiwang.workdays.services import invalidate_cache

    if not CalendarYear.objects.exists():
        importlib.import_module("yiwang.workdays.migrations.0002_seed_calendar").seed(apps, None)
        invalidate_cache()
    from yiwang.credit.models import GradeModel

    if not GradeModel.objects.exists():  # the credit models and measures are seeded by migration too
        importlib.import_module("yiwang.credit.migrations.0002_shipped_models_and_measures").seed(apps, None)
    ensure_industries_loaded()


def ensure_industries_loaded():
    """The GB/T 4754-2017 table and the default tags come from a data migration; reload them after a flush."""
    from django.apps import apps
    from django.db import connection

    from yiwang.enterprises.models import Industry

    if not Industry.objects.exists():
        module = importlib.import_module("yiwang.enterprises.migrations.0002_industries_tags_search")
        module.load(apps, connection.schema_editor())
        importlib.import_module("yiwang.demands.migrations.0002_categories").load(apps, None)


@pytest.fixture(autouse=True)
def _calendar_seeded(request):
    if request.node.get_closest_marker("django_db") or _DB_FIXTURES.intersection(request.fixturenames):
        request.getfixturevalue("_django_db_helper")
        ensure_calendar_seeded()


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


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """API throttling counts in its own cache (settings CACHES["throttle"]); every test starts with none spent."""
    from django.core.cache import caches

    caches["throttle"].clear()


@contextlib.contextmanager
def demo_district(django_db_blocker, **options):
    """Load `yiwang demo` (with `options`, e.g. history="fast") once inside a transaction that is rolled back
    afterwards: a module-scoped fixture wraps it so that each test runs in a savepoint of it and no other test
    module sees the demo rows. Yields what the command printed."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        out = StringIO()
        call_command("demo", force=True, stdout=out, **options)
        try:
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
