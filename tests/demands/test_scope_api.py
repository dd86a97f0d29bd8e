"""Scopes over the API: a department cannot see a demand not dispatched to it (404); the enterprise sees its own
without internal notes; Open311 GeoReport v2 reads and creates demands."""
import pytest

from yiwang.demands import services
from yiwang.demands.models import Assignment, Demand

pytestmark = pytest.mark.django_db


def _dispatched(org):
    d = services.submit(actor=org.agent, channel="online", category="finance", enterprise=org.enterprise,
                        title="贷款贴息咨询", description="咨询科技型中小企业贷款贴息政策。")
    d = services.accept(d, actor=org.centre)
    return services.dispatch(d, actor=org.centre, lead=org.market, lead_task="答复贴息政策",
                             co=[(org.power.pk, "提供产业政策口径")])


def _ids(resp):
    data = resp.json()
    return [r["id"] for r in (data["results"] if isinstance(data, dict) else data)]


def test_a_department_sees_only_demands_dispatched_to_it(api_client, org, loop):
    d = _dispatched(org)
    api_client.force_authenticate(org.market_handler)
    assert _ids(api_client.get("/api/v1/demands/")) == [d.pk]
    api_client.force_authenticate(org.health_handler)
    assert _ids(api_client.get("/api/v1/demands/")) == []
    assert api_client.get(f"/api/v1/demands/{d.pk}/").status_code == 404
    assert api_client.post(f"/api/v1/demands/{d.pk}/accept/").status_code == 404
    a = Assignment.objects.get(demand=d, role="lead")
    assert api_client.post(f"/api/v1/demands/assignments/{a.pk}/acknowledge/").status_code == 404


def test_the_department_works_through_the_api_and_the_agent_never_sees_internal_notes(api_client, org, loop):
    d = _dispatched(org)
    co = Assignment.objects.get(demand=d, role="co")
    api_client.force_authenticate(org.power_handler)
    inbox = api_client.get("/api/v1/demands/assignments/").json()
    rows = inbox["results"] if isinstance(inbox, dict) else inbox
    assert [r["id"] for r in rows] == [co.pk]
    assert api_client.post(f"/api/v1/demands/assignments/{co.pk}/acknowledge/").json()["status"] == "acknowledged"
    resp = api_client.post(f"/api/v1/demands/assignments/{co.pk}/reply/", {"text": "", "internal_note": ""},
                           format="json")
    assert resp.status_code == 400 and "text" in resp.json()["errors"]
    api_client.post(f"/api/v1/demands/assignments/{co.pk}/reply/", {"text": "口径已提供", "internal_note": "仅供内部"},
                    format="json")
    api_client.force_authenticate(org.agent)
    body = api_client.get(f"/api/v1/demands/{d.pk}/").json()
    assert body["assignments"] == [] and not any("内部" in e["summary"] or "仅供内部" in e["detail"]
                                                 for e in body["timeline"])
    api_client.force_authenticate(org.person_user)
    assert api_client.get(f"/api/v1/demands/{d.pk}/").status_code == 404


def test_the_centre_acts_with_version_checks_over_the_api(api_client, org, loop):
    api_client.force_authenticate(org.agent)
    resp = api_client.post("/api/v1/demands/", {"channel": "online", "category": "", "title": "x",
                                                "description": "y", "enterprise": org.enterprise.pk}, format="json")
    assert resp.status_code == 400 and resp.json()["errors"] == {"category": ["请选择诉求分类"]}
    d = api_client.post("/api/v1/demands/", {"channel": "online", "category": "land", "title": "用地指标",
                                             "description": "扩建需要用地指标", "enterprise": org.enterprise.pk},
                        format="json").json()
    api_client.force_authenticate(org.centre)
    assert api_client.post(f"/api/v1/demands/{d['id']}/accept/", {"expected_version": d["version"]},
                           format="json").json()["status"] == "accepted"
    stale = api_client.post(f"/api/v1/demands/{d['id']}/dispatch/", {"lead": org.market.pk, "lead_task": "办理",
                                                                     "expected_version": d["version"]}, format="json")
    assert stale.status_code == 409
    ok = api_client.post(f"/api/v1/demands/{d['id']}/dispatch/", {"lead": org.market.pk, "lead_task": "办理"},
                         format="json")
    assert ok.json()["status"] == "dispatched"


def test_open311_services_and_requests(api_client, org, loop):
    services_ = api_client.get("/api/v1/open311/services.json").json()
    assert {"service_code": "policy", "service_name": "政策咨询"}.items() <= services_[0].items()
    assert api_client.get("/api/v1/open311/services/utilities.json").json()["service_code"] == "utilities"
    api_client.force_authenticate(org.centre)
    resp = api_client.post("/api/v1/open311/requests.json", {
        "service_code": "labour", "description": "企业反映招工难，希望对接职业院校", "first_name": "先生",
        "last_name": "刘", "phone": "13900000000", "attribute[uscc]": org.enterprise.uscc,
        "attribute[external_id]": "12345-20261201-0042"})
    assert resp.status_code == 201
    number = resp.json()[0]["service_request_id"]
    d = Demand.objects.get(number=number)
    assert d.channel == "api" and d.enterprise == org.enterprise and d.external_id == "12345-20261201-0042"
    one = api_client.get(f"/api/v1/open311/requests/{number}.json").json()[0]
    assert one["status"] == "open" and one["service_code"] == "labour"
    assert api_client.post("/api/v1/open311/requests.json", {"description": "x"}).json()[0]["code"] == 400
    api_client.force_authenticate(org.health_handler)
    assert api_client.get(f"/api/v1/open311/requests/{number}.json").status_code == 404
    assert api_client.get("/api/v1/open311/requests.json").json() == []
    api_client.force_authenticate(org.agent)
    resp = api_client.post("/api/v1/open311/requests.json", {"service_code": "labour", "description": "x"})
    assert resp.status_code == 403


def test_open311_answers_in_georeport_xml_too(api_client, org, loop):
    from xml.etree import ElementTree as ET

    services_ = ET.fromstring(api_client.get("/api/v1/open311/services.xml").content)
    assert services_.tag == "services" and services_.find("service/service_code").text
    definition = ET.fromstring(api_client.get("/api/v1/open311/services/utilities.xml").content)
    assert definition.tag == "service_definition"
    assert [a.find("code").text for a in definition.findall("attributes/attribute")] == ["uscc", "title", "external_id"]
    api_client.force_authenticate(org.centre)
    resp = api_client.post("/api/v1/open311/requests.xml", {
        "service_code": "labour", "description": "企业反映招工难，希望对接职业院校", "last_name": "刘",
        "phone": "13900000000", "attribute[uscc]": org.enterprise.uscc})
    assert resp.status_code == 201 and resp["Content-Type"].startswith("text/xml")
    number = ET.fromstring(resp.content).find("request/service_request_id").text
    one = ET.fromstring(api_client.get(f"/api/v1/open311/requests/{number}.xml").content)
    assert one.tag == "service_requests" and one.find("request/status").text == "open"
    assert one.find("request/service_code").text == "labour"
    error = api_client.get("/api/v1/open311/requests/NOPE.xml")
    assert error.status_code == 404 and ET.fromstring(error.content).find("error/code").text == "404"
    schema = api_client.get("/api/schema/").content.decode()
    assert "requests.json" in schema and "requests.xml" not in schema  # the JSON form is the documented one
