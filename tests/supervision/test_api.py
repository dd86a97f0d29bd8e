"""The e-supervision API for other systems: warnings, anomalies, orders and figures, scoped as the pages are;
orders issued, answered and closed through the services with the version check; a machine client with
supervision:read reads district-wide and acts as no one."""
import datetime as dt
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from tests.cases.factories import accepted, file_all
from tests.security.test_machine_clients import _token
from yiwang.security import services as security
from yiwang.supervision import services
from yiwang.supervision.models import SupervisionOrder, Warning

pytestmark = pytest.mark.django_db
LATE = date(2026, 3, 31)


@pytest.fixture
def warnings(org, items):
    accepted(org, items.two)  # a market case, overdue by LATE
    accepted(org, items.health)  # a health case, overdue by LATE
    services.sync_warnings(today=LATE)
    return Warning.objects.all()


def test_a_supervisor_lists_warnings_with_filters_and_a_section_head_only_their_department(
        api_client, org, warnings):
    api_client.force_authenticate(org.supervisor)
    rows = api_client.get("/api/v1/supervision/warnings/").json()["results"]
    assert {r["department"] for r in rows} == {org.market.pk, org.health.pk}
    red = api_client.get("/api/v1/supervision/warnings/", {"level": "red", "kind": "case_limit",
                                                          "department": org.market.pk}).json()["results"]
    assert red and all(r["level"] == "red" and r["kind"] == "case_limit" and r["department_name"] == org.market.name
                       for r in red)
    bad = api_client.get("/api/v1/supervision/warnings/", {"level": "purple"})
    assert bad.status_code == 400 and "level" in bad.json()["errors"]
    bad = api_client.get("/api/v1/supervision/warnings/", {"since": "2026/03/01"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json()["errors"]["since"][0]
    api_client.force_authenticate(org.section_head)
    rows = api_client.get("/api/v1/supervision/warnings/").json()["results"]
    assert rows and {r["department"] for r in rows} == {org.market.pk}
    health_warning = Warning.objects.filter(department=org.health).first()
    assert api_client.get(f"/api/v1/supervision/warnings/{health_warning.pk}/").status_code == 404
    api_client.force_authenticate(org.clerk)
    assert api_client.get("/api/v1/supervision/warnings/").status_code == 403


def test_an_order_issued_answered_and_closed_through_the_api_with_the_version_check(api_client, org, warnings):
    w = Warning.objects.filter(department=org.market, kind="case_limit").first()
    api_client.force_authenticate(org.supervisor)
    r = api_client.post("/api/v1/supervision/orders/", {"warning": w.pk, "instruction": "请说明超期原因并限期办结",
                                                       "reply_days": 3}, format="json")
    assert r.status_code == 201, r.content
    order = r.json()
    assert order["status"] == "open" and order["department"] == org.market.pk and order["reply_due"]
    empty = api_client.post("/api/v1/supervision/orders/", {"warning": w.pk, "instruction": ""}, format="json")
    assert empty.status_code == 400 and "instruction" in str(empty.json())
    api_client.force_authenticate(org.section_head)
    stale = api_client.post(f"/api/v1/supervision/orders/{order['id']}/reply/",
                            {"reply": "已办结", "expected_version": order["version"] + 5}, format="json")
    assert stale.status_code == 409
    missing = api_client.post(f"/api/v1/supervision/orders/{order['id']}/reply/", {"reply": "已办结"}, format="json")
    assert missing.status_code == 400 and "expected_version" in str(missing.json())
    replied = api_client.post(f"/api/v1/supervision/orders/{order['id']}/reply/",
                              {"reply": "已于3月31日办结，超期原因系现场核查延误", "expected_version": order["version"]},
                              format="json").json()
    assert replied["status"] == "replied" and replied["answered_on_time"] is not None
    api_client.force_authenticate(org.supervisor)
    closed = api_client.post(f"/api/v1/supervision/orders/{order['id']}/close/",
                             {"note": "答复属实", "expected_version": replied["version"]}, format="json").json()
    assert closed["status"] == "closed"
    listed = api_client.get("/api/v1/supervision/orders/", {"status": "closed"}).json()["results"]
    assert [o["number"] for o in listed] == [order["number"]]
    assert SupervisionOrder.objects.get().closing_note == "答复属实"


def test_figures_come_with_their_definitions_and_freshness(api_client, org, warnings):
    api_client.force_authenticate(org.supervisor)
    body = api_client.get("/api/v1/supervision/figures/", {"start": "2026-03-01", "end": "2026-03-31",
                                                          "dimension": "department"}).json()
    keys = {d["key"] for d in body["definitions"]}
    assert body["dimension"] == "department" and keys and all(d["definition"] for d in body["definitions"])
    assert "warnings_ran_at" in body and body["warnings_ran_at"]  # the sync above ran
    wrong = api_client.get("/api/v1/supervision/figures/", {"start": "2026-04-01", "end": "2026-03-01"})
    assert wrong.status_code == 400 and "end" in str(wrong.json())


def test_a_machine_client_reads_district_wide_but_issues_nothing(org, warnings):
    mc, secret = security.issue_client(name="省电子监察平台", scopes=["supervision:read"], rate="100/hour",
                                       expires_on=timezone.localdate() + dt.timedelta(days=30),
                                       actor=org.security_admin)
    token = _token(mc.application.client_id, secret).json()["access_token"]
    api = Client()
    rows = api.get("/api/v1/supervision/warnings/", HTTP_AUTHORIZATION=f"Bearer {token}").json()["results"]
    assert {r["department"] for r in rows} == {org.market.pk, org.health.pk}
    assert api.get("/api/v1/supervision/anomalies/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    w = Warning.objects.first()
    refused = api.post("/api/v1/supervision/orders/", {"warning": w.pk, "instruction": "x"},
                       content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert refused.status_code == 403
    assert not SupervisionOrder.objects.exists()
