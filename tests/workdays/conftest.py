import pytest


@pytest.fixture(autouse=True)
def fresh_calendar(settings):
    """Each test sees the calendar of its own database state (rolled-back loads must not leak via the cache)."""
    from yiwang.workdays import services

    settings.YIWANG_CALENDAR_CHECK_SECONDS = 0
    services.invalidate_cache()
    yield
    services.invalidate_cache()


@pytest.fixture
def seeded_calendar(db):
    """The calendar built from the migrated (seeded) test database (built once per test, not per example)."""
    from yiwang.workdays import services

    return services._build()


@pytest.fixture
def audit_calls(monkeypatch):
    """Capture audit events (the audit app is written in parallel)."""
    from yiwang.workdays import services

    calls = []
    monkeypatch.setattr(services, "_audit", lambda **kw: calls.append(kw))
    return calls
