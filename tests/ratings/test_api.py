from datetime import date

import pytest

from yiwang.ratings.models import Rating

from tests.cases.factories import MON
from .factories import delivered

pytestmark = pytest.mark.django_db


def test_rate_through_the_api_once_and_only_as_the_applicant(org, items, api_client):
    case = delivered(org, items.one)
    api_client.force_authenticate(org.other_user)
    r = api_client.post("/api/v1/ratings/", {"case": case.pk, "service": "case", "grade": 5}, format="json")
    assert r.status_code == 404  # not even visible to another applicant
    api_client.force_authenticate(org.person_user)
    r = api_client.get(f"/api/v1/ratings/occasions/?case={case.pk}")
    assert r.json() == [{"service": "case", "label": "办件（一事一评）", "open": True,
                         "service_on": MON.isoformat(), "rating": None}]
    r = api_client.post("/api/v1/ratings/", {"case": case.pk, "service": "case", "grade": 7}, format="json")
    assert r.status_code == 400 and "grade" in r.json()["errors"]
    r = api_client.post("/api/v1/ratings/", {"case": case.pk, "service": "case", "grade": 2, "tags": ["多次跑"],
                                             "comment": "跑了两次"}, format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["negative"] and body["rectification"]["status"] == "open"
    r = api_client.post("/api/v1/ratings/", {"case": case.pk, "service": "case", "grade": 5}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "already_rated"
    r = api_client.patch(f"/api/v1/ratings/{body['id']}/", {"version": body["version"], "grade": 3},
                         format="json")
    assert r.status_code == 200 and r.json()["grade"] == 3
    api_client.force_authenticate(org.health_reviewer)  # another department sees none of it
    assert api_client.get("/api/v1/ratings/").json()["results"] == []
    api_client.force_authenticate(org.reviewer)
    assert [r["id"] for r in api_client.get("/api/v1/ratings/").json()["results"]] == [body["id"]]


def test_unit_works_its_rectification_and_supervisor_reviews_appeals(org, items, api_client):
    case = delivered(org, items.one)
    api_client.force_authenticate(org.person_user)
    rating = api_client.post("/api/v1/ratings/", {"case": case.pk, "service": "case", "grade": 1},
                             format="json").json()
    rect_id = rating["rectification"]["id"]
    api_client.force_authenticate(org.health_reviewer)
    assert api_client.get(f"/api/v1/ratings/rectifications/{rect_id}/").status_code == 404
    api_client.force_authenticate(org.reviewer)
    rect = api_client.get(f"/api/v1/ratings/rectifications/{rect_id}/").json()
    assert rect["actions"] == ["follow_up"]
    r = api_client.post(f"/api/v1/ratings/rectifications/{rect_id}/follow-up/",
                        {"version": rect["version"], "method": "电话", "note": ""}, format="json")
    assert r.status_code == 400 and "note" in r.json()["errors"]
    r = api_client.post(f"/api/v1/ratings/rectifications/{rect_id}/follow-up/",
                        {"version": rect["version"], "method": "电话", "note": "已联系"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "contacted"
    api_client.force_authenticate(org.section_head)
    r = api_client.post(f"/api/v1/ratings/rectifications/{rect_id}/appeal/",
                        {"version": r.json()["version"], "ground": "malicious", "reason": "与事实不符"},
                        format="json")
    assert r.status_code == 200 and r.json()["appeal_status"] == "pending"
    api_client.force_authenticate(org.supervisor)
    pending = api_client.get("/api/v1/ratings/rectifications/?appeal=pending").json()["results"]
    assert [p["id"] for p in pending] == [rect_id]
    r = api_client.post(f"/api/v1/ratings/rectifications/{rect_id}/review/",
                        {"version": pending[0]["version"], "uphold": True, "reason": "核实为恶意评价"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "excluded"
    assert Rating.objects.get(pk=rating["id"]).excluded


def test_figures_scoped_to_the_department(org, items, api_client):
    case = delivered(org, items.one)
    api_client.force_authenticate(org.person_user)
    api_client.post("/api/v1/ratings/", {"case": case.pk, "service": "case", "grade": 1}, format="json")
    today = date.today().isoformat()
    api_client.force_authenticate(org.reviewer)
    r = api_client.get(f"/api/v1/ratings/figures/?start=2020-01-01&end={today}")
    assert r.status_code == 200 and r.json()["negative"] == 1 and r.json()["per_grade"]["1"] == 1
    r = api_client.get(f"/api/v1/ratings/figures/?start=2020-01-01&end={today}&department={org.health.pk}")
    assert r.status_code == 403
    api_client.force_authenticate(org.supervisor)
    r = api_client.get(f"/api/v1/ratings/figures/?start=2020-01-01&end={today}&department={org.health.pk}")
    assert r.json()["total"] == 0
    api_client.force_authenticate(None)
    r = api_client.get(f"/api/v1/ratings/public/?start=2020-01-01&end={today}")
    assert r.status_code == 200 and "张三" not in r.content.decode()
