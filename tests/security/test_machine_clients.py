"""Machine clients: other systems call the API with client-credentials tokens a security administrator issues
(scopes, expiry, rotation, revocation, a per-client rate), from /api/v1/auth/token/."""
import base64
import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from yiwang.audit.models import AuditEvent
from yiwang.security import services
from yiwang.security.models import MachineClient

pytestmark = pytest.mark.django_db


def _token(client_id, secret, scope=""):
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    data = {"grant_type": "client_credentials"}
    if scope:
        data["scope"] = scope
    return Client().post("/api/v1/auth/token/", data, HTTP_AUTHORIZATION=f"Basic {basic}")


def _issue(org, **kw):
    args = dict(name="12345热线", scopes=["catalog:read", "org:read"], rate="5/hour",
                expires_on=timezone.localdate() + dt.timedelta(days=30), actor=org.security_admin)
    args.update(kw)
    return services.issue_client(**args)


def test_a_client_gets_a_token_for_its_scopes_and_reads_with_it(org):
    client, secret = _issue(org)
    response = _token(client.application.client_id, secret)
    assert response.status_code == 200, response.content
    token = response.json()["access_token"]
    assert set(response.json()["scope"].split()) == {"catalog:read", "org:read"}
    api = Client()
    assert api.get("/api/v1/org/departments/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    # Outside its scopes: refused.
    assert api.get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 403
    assert _token(client.application.client_id, secret, scope="cases:write").status_code in (400, 401)
    assert AuditEvent.objects.filter(action="security.client_issue", actor=org.security_admin).exists()


def test_a_client_is_held_to_its_own_rate(org):
    client, secret = _issue(org, rate="3/hour")
    token = _token(client.application.client_id, secret).json()["access_token"]
    api = Client()
    codes = [api.get("/api/v1/org/regions/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_rotation_and_revocation_end_the_old_credentials_at_once(org):
    client, secret = _issue(org)
    token = _token(client.application.client_id, secret).json()["access_token"]
    client, new_secret = services.rotate_client(client.pk, actor=org.security_admin, expected_version=1)
    api = Client()
    assert api.get("/api/v1/org/regions/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code in (401, 403)
    assert _token(client.application.client_id, secret).status_code == 401
    token = _token(client.application.client_id, new_secret).json()["access_token"]
    assert api.get("/api/v1/org/regions/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    services.revoke_client(client.pk, reason="系统下线", actor=org.security_admin, expected_version=2)
    assert api.get("/api/v1/org/regions/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code in (401, 403)
    assert _token(client.application.client_id, new_secret).status_code in (400, 401)


def test_an_expired_client_gets_no_token(org):
    client, secret = _issue(org)
    MachineClient.objects.filter(pk=client.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert _token(client.application.client_id, secret).status_code in (400, 401)


def test_only_the_security_administrator_issues_clients_on_the_page(org):
    page = Client()
    page.force_login(org.security_admin)
    response = page.post("/security/clients/", {
        "name": "省级平台", "scopes": ["catalog:read"], "expires_on": (timezone.localdate() + dt.timedelta(days=90)),
        "rate": "600/hour"})
    assert response.status_code == 200 and "client_secret" in response.content.decode()
    assert MachineClient.objects.filter(name="省级平台").exists()
    for other in (org.sysadmin, org.audit_admin, org.clerk):
        c = Client()
        c.force_login(other)
        assert c.get("/security/clients/").status_code == 403


def _bearer(client, secret) -> dict:
    token = _token(client.application.client_id, secret).json()["access_token"]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_the_12345_hotline_registers_a_demand_with_its_write_scope(org):
    """A write scope is usable: the hotline acts as its own account in the role it was given (the enterprise
    service centre registers hotline demands), end to end with a client-credentials token."""
    from yiwang.api.errors import DomainError
    from yiwang.demands.models import Category, Demand

    hotline, secret = _issue(org, scopes=["demands:read", "demands:write"], rate="60/hour", role="service_centre")
    auth = _bearer(hotline, secret)
    body = {"channel": "hotline", "category": Category.objects.filter(is_active=True).first().code,
            "title": "园区道路积水影响企业出货", "description": "来电反映：示范路园区门口道路雨后积水，货车无法进出。",
            "person_name": "王先生", "person_phone": "13912345678"}
    api = Client()
    response = api.post("/api/v1/demands/", body, content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    demand = Demand.objects.get(pk=response.json()["id"])
    assert demand.channel == "hotline" and demand.submitted_by == hotline.account
    assert AuditEvent.objects.filter(action="demands.submit", actor=hotline.account).exists()
    assert api.get(f"/api/v1/demands/{demand.pk}/", **auth).status_code == 200
    assert not hotline.account.has_usable_password()  # the account never signs in on a page

    # the scope and the role both count: a read scope writes nothing, a client with no role registers nothing
    reader, reader_secret = _issue(org, name="好差评系统", scopes=["demands:read"], role="service_centre")
    assert api.post("/api/v1/demands/", body, content_type="application/json",
                    **_bearer(reader, reader_secret)).status_code == 403
    bare, bare_secret = _issue(org, name="省级平台", scopes=["demands:write"])
    assert api.post("/api/v1/demands/", body, content_type="application/json",
                    **_bearer(bare, bare_secret)).status_code == 403
    assert Demand.objects.count() == 1
    # no system acts as an administrator (三员分立), and a revoked client's account is closed
    with pytest.raises(DomainError):
        _issue(org, name="运维系统", scopes=["org:read"], role="sysadmin")
    services.revoke_client(hotline.pk, reason="合同到期", actor=org.security_admin, expected_version=1)
    hotline.account.refresh_from_db()
    assert not hotline.account.is_active
    assert api.post("/api/v1/demands/", body, content_type="application/json", **auth).status_code in (401, 403)
