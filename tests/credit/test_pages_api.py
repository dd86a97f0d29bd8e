"""Pages and API: public search shows only what is published (natural persons' IDs masked); staff enter records
with field-level Chinese errors; scopes hold."""
from datetime import date

import pytest

from yiwang.credit import services
from yiwang.credit.domain import kinds as k
from yiwang.credit.models import Record


def _pk(applicant):
    from yiwang.credit.models import Subject

    return Subject.objects.by_code(applicant.id_number).get().pk


@pytest.fixture
def records(org):
    services.add_record(actor=org.section_head, subject_code=org.company.id_number, kind=k.PENALTY,
                        department=org.market, severity=k.GENERAL, decision_number="沪市监罚〔2025〕5号",
                        title="销售过期食品", decided_on=date(2025, 6, 1))
    services.add_record(actor=org.section_head, subject_code=org.person.id_number, subject_kind=k.NATURAL,
                        kind=k.PENALTY, department=org.market, severity=k.MINOR, decision_number="沪市监罚〔2025〕6号",
                        title="无证摆摊", decided_on=date(2025, 1, 1))  # published 3 months only: ended long ago
    services.add_record(actor=org.section_head, subject_code=org.person.id_number, subject_kind=k.NATURAL,
                        kind=k.COMMITMENT, department=org.market, title="信用承诺", decided_on=date(2025, 6, 1))
    return org


def test_public_search_by_name_and_code(records, client):
    from yiwang.credit.models import Subject

    table = lambda r: r.content.decode().split("<table", 1)[1]  # noqa: E731
    page = table(client.get("/credit/", {"q": "示范科技"}))
    assert "示范科技有限公司" in page and records.company.id_number in page
    page = table(client.get("/credit/", {"q": records.person.id_number}))
    assert "张三" in page and records.person.id_number not in page  # masked
    person = Subject.objects.by_code(records.person.id_number).get()
    company = Subject.objects.by_code(records.company.id_number).get()
    detail = client.get(f"/credit/subjects/{person.pk}/").content.decode()
    assert records.person.id_number not in detail
    assert "沪市监罚〔2025〕6号" not in detail and "信用承诺" not in detail.split("公示信息")[-1]
    detail = client.get(f"/credit/subjects/{company.pk}/").content.decode()
    assert "沪市监罚〔2025〕5号" in detail and "得分" not in detail  # grades for the subject and staff only


def test_api_search_and_subject(records, api_client):
    rows = api_client.get("/api/v1/credit/search/", {"q": "张三"}).json()
    assert rows[0]["code"] != records.person.id_number and "*" in rows[0]["code"]
    body = api_client.get(rows and f"/api/v1/credit/subjects/{_pk(records.company)}/").json()
    assert [r["decision_number"] for r in body["records"]] == ["沪市监罚〔2025〕5号"] and "grades" not in body
    api_client.force_authenticate(records.section_head)
    body = api_client.get(f"/api/v1/credit/subjects/{_pk(records.company)}/").json()
    assert body["risk_class"] == "B" and body["grades"][0]["explanation"]["indicators"]


def test_api_record_errors_are_field_level_and_nothing_is_saved(records, api_client):
    api_client.force_authenticate(records.section_head)
    n = Record.objects.count()
    r = api_client.post("/api/v1/credit/records/", {
        "subject_code": "91310114MA1000099X", "kind": "red_list", "department_code": "SCJ",
        "decided_on": "2025-01-01"}, format="json")
    assert r.status_code == 400 and "subject_code" in r.json()["errors"]
    r = api_client.post("/api/v1/credit/records/", {
        "subject_code": records.company.id_number, "kind": "penalty", "severity": "general", "department_code": "SCJ",
        "decision_number": "沪市监罚〔2026〕1号", "decided_on": "2026-01-05", "valid_until": "2025-01-01"},
        format="json")
    assert r.status_code == 400 and r.json()["errors"]["valid_until"] == ["截止日期不能早于决定日期"]
    assert Record.objects.count() == n
    r = api_client.post("/api/v1/credit/records/", {
        "subject_code": records.company.id_number, "kind": "penalty", "severity": "general", "department_code": "WJW",
        "decision_number": "沪卫罚〔2026〕1号", "decided_on": "2026-01-05"}, format="json")
    assert r.status_code == 403 and "本部门" in r.json()["detail"]


def test_api_measure_without_basis_is_refused(records, api_client, credit_officer):
    api_client.force_authenticate(credit_officer)
    r = api_client.post("/api/v1/credit/measures/", {
        "code": "P-NEW", "name": "限制评优评先", "effect": "policy_ineligible", "trigger_type": "record",
        "trigger_values": ["penalty.serious"], "enabled": True}, format="json")
    assert r.status_code == 400 and "依据" in r.json()["detail"]
    api_client.force_authenticate(records.section_head)
    r = api_client.post("/api/v1/credit/checks/", {"code": records.company.id_number, "procedure": "inspection"},
                        format="json")
    assert r.status_code == 201 and [m["code"] for m in r.json()["measures"]] == []


def test_office_page_shows_a_chinese_error_and_keeps_the_input(records, client):
    client.force_login(records.section_head)
    r = client.post("/credit/office/records/add/", {
        "subject_code": records.company.id_number, "kind": "penalty", "severity": "general",
        "department": records.market.pk, "decision_number": "", "title": "未亮证经营", "decided_on": "2026-01-05"})
    page = r.content.decode()
    assert r.status_code == 400 and "须填写决定文书号" in page and "未亮证经营" in page
