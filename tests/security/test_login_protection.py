"""Issue 8 no. 5, 6 and 8: login lockout per user name and per address (django-axes: 5 failures → 30 minutes),
logins and failures audited, the security administrator sees and lifts lockouts; no HTTP Basic on the API;
API throttling; the catalogue export signed-in and throttled; submissions rate-limited."""
import base64

import pytest
from django.test import Client

from tests.factories import staff
from yiwang.audit.models import AuditEvent
from yiwang.org.models import Role

pytestmark = pytest.mark.django_db


def _login(client, username, password, ip="10.0.0.7"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_user_name_for_half_an_hour_even_with_the_right_password(org):
    client = Client()
    for _ in range(4):
        assert _login(client, "reviewer", "wrong-Pass-1").status_code == 200  # the form again, with its error
    assert _login(client, "reviewer", "wrong-Pass-1").status_code == 429  # the fifth failure locks
    locked = _login(client, "reviewer", "pass-1234")
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # From another address, too: the lock is on the user name.
    assert _login(Client(), "reviewer", "pass-1234", ip="10.0.0.8").status_code == 429
    assert AuditEvent.objects.filter(action="security.login_failed").count() >= 5
    assert AuditEvent.objects.filter(action="security.lockout", data__username="reviewer").exists()


def test_one_address_guessing_many_names_is_locked_by_address(org):
    client = Client()
    for name in ("a1", "a2", "a3", "a4", "a5"):
        _login(client, name, "guess-Pass-1", ip="10.9.9.9")
    assert _login(client, "clerk", "pass-1234", ip="10.9.9.9").status_code == 429
    assert _login(Client(), "clerk", "pass-1234", ip="10.9.9.10").status_code == 302  # elsewhere: fine


def test_a_successful_login_is_audited(org):
    assert _login(Client(), "clerk", "pass-1234").status_code == 302
    event = AuditEvent.objects.filter(action="security.login").last()
    assert event.actor_id == org.clerk.id and event.data["ip"] == "10.0.0.7"


def test_the_security_administrator_sees_and_lifts_a_lockout(org):
    for _ in range(5):
        _login(Client(), "reviewer", "wrong-Pass-1", ip="10.1.1.1")
    secadmin = staff("secadmin", Role.SECURITY_ADMIN)
    page = Client()
    page.force_login(secadmin)
    listing = page.get("/security/lockouts/")
    assert listing.status_code == 200 and "reviewer" in listing.content.decode()
    from axes.models import AccessAttempt

    for attempt in AccessAttempt.objects.all():
        assert page.post(f"/security/lockouts/{attempt.pk}/lift/").status_code == 302
    assert _login(Client(), "reviewer", "pass-1234", ip="10.1.1.1").status_code == 302
    assert AuditEvent.objects.filter(action="security.lockout_lifted", actor=secadmin).exists()
    # Nobody else sees the page.
    other = Client()
    other.force_login(org.sysadmin)
    assert other.get("/security/lockouts/").status_code == 403


def test_http_basic_is_off_on_the_api(org, api_client):
    """Before: Basic credentials were accepted (and hashed, 2 s of CPU) on every API request."""
    token = base64.b64encode(b"reviewer:pass-1234").decode()
    response = api_client.get("/api/v1/org/me/", HTTP_AUTHORIZATION=f"Basic {token}")
    assert response.status_code in (401, 403)


def test_the_catalogue_export_needs_sign_in_and_is_throttled(org):
    """Before: GET /api/v1/catalog/export/ was anonymous (and ~10 s each)."""
    assert Client().get("/api/v1/catalog/export/").status_code in (401, 403)
    client = Client()
    client.force_login(org.catalog_admin)
    from django.conf import settings

    limit = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["export"].split("/")[0])
    codes = [client.get("/api/v1/catalog/export/").status_code for _ in range(limit + 1)]
    assert codes[:limit] == [200] * limit and codes[-1] == 429


def test_the_api_throttles_anonymous_callers_by_address(monkeypatch, org):
    from yiwang.security import api_auth

    monkeypatch.setattr(api_auth.AnonThrottle, "rate", "3/hour", raising=False)
    codes = [Client().get("/api/v1/org/regions/", REMOTE_ADDR="10.2.2.2").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert Client().get("/api/v1/org/regions/", REMOTE_ADDR="10.2.2.3").status_code == 200


def test_signed_in_users_are_throttled_per_user(monkeypatch, org):
    from yiwang.security import api_auth

    monkeypatch.setattr(api_auth.UserThrottle, "rate", "2/hour", raising=False)
    client = Client()
    client.force_login(org.reviewer)
    assert [client.get("/api/v1/org/me/").status_code for _ in range(3)] == [200, 200, 429]
    other = Client()
    other.force_login(org.clerk)
    assert other.get("/api/v1/org/me/").status_code == 200
