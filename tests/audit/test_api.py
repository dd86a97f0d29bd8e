"""GET /api/v1/audit/events/: the audit administrator and supervisors only (三员分立), filterable by target."""
from django.db import transaction

from yiwang.audit.services import record


def _events(org):
    with transaction.atomic():
        record(actor=org.clerk, action="department.update", target=org.market, after={"name": "甲"})
        record(actor=org.reviewer, action="department.update", target=org.health)
        record(actor=org.clerk, action="case.accept", target=org.market)


def test_supervisor_lists_a_targets_events(org, api_client):
    _events(org)
    api_client.force_authenticate(org.supervisor)
    r = api_client.get("/api/v1/audit/events/", {"target_type": "org.department", "target_id": org.market.pk})
    assert r.status_code == 200
    assert [e["action"] for e in r.json()["results"]] == ["department.update", "case.accept"]
    assert r.json()["results"][0]["after"] == {"name": "甲"}


def test_action_prefix_filter_and_retrieve_by_seq(org, api_client):
    _events(org)
    api_client.force_authenticate(org.audit_admin)
    r = api_client.get("/api/v1/audit/events/", {"action": "case."})
    assert [e["action"] for e in r.json()["results"]] == ["case.accept"]
    seq = r.json()["results"][0]["seq"]
    assert api_client.get(f"/api/v1/audit/events/{seq}/").json()["action"] == "case.accept"


def test_bad_filter_is_a_field_error(org, api_client):
    api_client.force_authenticate(org.supervisor)
    r = api_client.get("/api/v1/audit/events/", {"actor": "abc"})
    assert r.status_code == 400 and "actor" in r.json()["errors"]


def test_other_staff_and_applicants_are_refused(org, api_client):
    _events(org)
    for user in (org.clerk, org.unit_leader, org.person_user):
        api_client.force_authenticate(user)
        r = api_client.get("/api/v1/audit/events/")
        assert r.status_code == 403
        assert "审计" in r.json()["detail"]
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/audit/events/").status_code in (401, 403)


def test_api_is_read_only(org, api_client):
    _events(org)
    api_client.force_authenticate(org.audit_admin)
    assert api_client.post("/api/v1/audit/events/", {"action": "x"}, format="json").status_code == 405
    assert api_client.delete("/api/v1/audit/events/1/").status_code == 405


def test_verify_endpoint(org, api_client):
    _events(org)
    api_client.force_authenticate(org.supervisor)
    body = api_client.get("/api/v1/audit/events/verify/").json()
    assert body["ok"] is True and body["count"] == 3 and body["message"] == "审计链完整：3 条事件"


def test_admin_is_read_only(org, client):
    from yiwang.org.models import User

    admin = User.objects.create_superuser("root", "root@example.cn", "pass-1234", kind=User.Kind.STAFF)
    _events(org)
    client.force_login(admin)
    assert client.get("/admin/audit/auditevent/").status_code == 200
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    from yiwang.audit.models import AuditEvent

    page = client.get(f"/admin/audit/auditevent/{AuditEvent.objects.first().pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
