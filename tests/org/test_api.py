import pytest

from yiwang.org.identifiers import make_ric, make_uscc
from yiwang.org.models import Applicant

pytestmark = pytest.mark.django_db


def test_reference_data_is_public(api_client, org):
    assert api_client.get("/api/v1/org/departments/").status_code == 200
    halls = api_client.get("/api/v1/org/halls/").json()
    assert halls[0]["windows"][0]["kind"] == "comprehensive"


def test_applicant_sees_only_own_record(api_client, org):
    api_client.force_authenticate(org.person_user)
    ids = {a["id"] for a in api_client.get("/api/v1/org/applicants/").json()["results"]}
    assert ids == {org.person.id}
    assert api_client.get(f"/api/v1/org/applicants/{org.other.id}/").status_code == 404


def test_enterprise_agent_sees_the_enterprise(api_client, org):
    api_client.force_authenticate(org.agent)
    ids = {a["id"] for a in api_client.get("/api/v1/org/applicants/").json()["results"]}
    assert ids == {org.company.id}


def test_clerk_looks_up_by_exact_identifier_and_cannot_browse(api_client, org):
    api_client.force_authenticate(org.clerk)
    assert api_client.get("/api/v1/org/applicants/").json()["results"] == []
    found = api_client.get("/api/v1/org/applicants/", {"id_number": org.company.id_number}).json()["results"]
    assert [a["name"] for a in found] == ["示范科技有限公司"]


def test_clerk_lookup_with_bad_check_digit_is_told_so(api_client, org):
    api_client.force_authenticate(org.clerk)
    bad = org.person.id_number[:17] + ("1" if org.person.id_number[17] != "1" else "2")
    response = api_client.get("/api/v1/org/applicants/", {"id_number": bad})
    assert response.status_code == 400
    assert "校验码" in response.json()["errors"]["id_number"][0]


def test_clerk_registers_applicant_with_field_errors(api_client, org):
    api_client.force_authenticate(org.clerk)
    bad = api_client.post("/api/v1/org/applicants/", {"kind": "legal", "name": "某合作社", "id_number": "N2330100MA000000X"})
    assert bad.status_code == 400
    assert "id_number" in bad.json()["errors"]
    good_code = make_uscc("N2330100MA0000001")
    ok = api_client.post("/api/v1/org/applicants/", {"kind": "legal", "name": "某村股份经济合作社", "id_number": good_code})
    assert ok.status_code == 201, ok.json()
    assert Applicant.objects.by_identifier(good_code).get().name == "某村股份经济合作社"
    dup = api_client.post("/api/v1/org/applicants/", {"kind": "legal", "name": "重复", "id_number": good_code})
    assert dup.status_code == 409
    assert Applicant.objects.by_identifier(good_code).count() == 1


def test_reviewer_cannot_register_applicants(api_client, org):
    api_client.force_authenticate(org.reviewer)
    response = api_client.post("/api/v1/org/applicants/", {"kind": "natural", "name": "某人",
                                                             "id_number": make_ric("31011419900101003")})
    assert response.status_code == 403


def test_anonymous_cannot_list_applicants(api_client, org):
    assert api_client.get("/api/v1/org/applicants/").status_code in (401, 403)


def test_me_reports_roles_and_scope(api_client, org):
    api_client.force_authenticate(org.reviewer)
    me = api_client.get("/api/v1/org/me/").json()
    assert me["roles"] == ["reviewer"]
    assert me["department_ids"] == [org.market.id]
    api_client.force_authenticate(org.person_user)
    me = api_client.get("/api/v1/org/me/").json()
    assert me["applicants"][0]["id_number"].count("*") == 8
