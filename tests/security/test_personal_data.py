"""Issue 8 no. 1 and no. 3: personal identifiers are masked in the API for everyone, the whole values only through
an audited reveal by a role that needs them; and department scope comes from the roles that need the data."""
import datetime as dt

import pytest

from tests.cases.conftest import _fast_and_isolated, calendar_loaded, items  # noqa: F401  (shared fixtures)
from tests.cases.factories import accepted
from yiwang.audit.models import AuditEvent
from yiwang.org import masking

pytestmark = pytest.mark.django_db


def test_the_masking_rules():
    assert masking.mask_id_number("110101199003071234") == "110101********1234"
    assert masking.mask_identifier("legal", "91310114MA1000001X") == "9131**********001X"
    assert masking.mask_phone("13900000001") == "139****0001"
    assert masking.mask_phone("+86 139 0000 0001") == "+86 139****0001"
    assert masking.mask_phone("010-12345678") == "010-****5678"
    assert masking.mask_name("张三") == "张*"
    assert masking.mask_name("欧阳小明") == "欧阳**"
    assert masking.mask_email("zhang.san@example.com") == "z***@example.com"
    assert masking.mask_address("北京市东城区东华门街道正义路2号") == "北京市东城区****"
    assert masking.mask_id_number("") == "" and masking.mask_phone("") == ""


@pytest.fixture
def case(org, items):
    return accepted(org, items.two)  # 张三's case at the market department, received at org.hall


def test_a_clerk_cannot_read_applicants_by_counting_ids(api_client, org, case):
    """Before: GET /api/v1/org/applicants/{id}/ gave any clerk every applicant, unmasked."""
    api_client.force_authenticate(org.clerk)
    assert api_client.get(f"/api/v1/org/applicants/{org.other.id}/").status_code == 404  # no case with us
    body = api_client.get(f"/api/v1/org/applicants/{org.person.id}/").json()
    assert body["id_number"] == masking.mask_id_number(org.person.id_number)
    assert org.person.id_number not in str(body)
    assert body["phone"] == "138****0001" and body["email"] == "z***@example.cn"


def test_supervisors_see_all_applicants_masked_and_cannot_reveal(api_client, org, case):
    api_client.force_authenticate(org.supervisor)
    body = api_client.get(f"/api/v1/org/applicants/{org.other.id}/").json()
    assert "*" in body["id_number"] and org.other.id_number not in str(body)
    assert api_client.post(f"/api/v1/org/applicants/{org.other.id}/reveal/").status_code == 403


def test_a_reviewer_reveals_the_full_identifiers_and_the_reveal_is_audited(api_client, org, case):
    api_client.force_authenticate(org.reviewer)
    response = api_client.post(f"/api/v1/org/applicants/{org.person.id}/reveal/", {"reason": "审查办件"},
                               format="json")
    assert response.status_code == 200
    assert response.json()["id_number"] == org.person.id_number
    event = AuditEvent.objects.get(action="org.applicant.reveal")
    assert (event.actor_id, event.target_id, event.role) == (org.reviewer.id, str(org.person.id), "reviewer")
    assert event.data["reason"] == "审查办件" and event.at is not None
    # Another department's reviewer has no case of 张三's: the applicant is not even there for them.
    api_client.force_authenticate(org.health_reviewer)
    assert api_client.post(f"/api/v1/org/applicants/{org.person.id}/reveal/").status_code == 404


def test_the_applicant_reveals_their_own(api_client, org):
    api_client.force_authenticate(org.person_user)
    assert api_client.get(f"/api/v1/org/applicants/{org.person.id}/").json()["id_number"].count("*") == 8
    assert api_client.post(f"/api/v1/org/applicants/{org.person.id}/reveal/").json()["phone"] == "13800000001"


def test_a_catalogue_manager_reads_no_case_of_the_department(api_client, org, case):
    """Before: the department's 事项管理员 read every case of the department, downloaded its materials and
    recorded rectification follow-ups (scope from any role bound to the department)."""
    api_client.force_authenticate(org.catalog_admin)
    assert api_client.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    material = case.materials.exclude(blob=None).first().material_id
    assert api_client.get(f"/api/v1/cases/{case.pk}/materials/{material}/file/").status_code == 404
    assert api_client.get("/api/v1/cases/").json()["count"] == 0
    assert api_client.get(f"/api/v1/org/applicants/{org.person.id}/").status_code == 404


def test_a_catalogue_manager_is_not_the_rating_unit(org, case):
    from yiwang.ratings import access

    assert access.in_unit(org.reviewer, org.market.id)
    assert not access.in_unit(org.catalog_admin, org.market.id)


def test_admin_list_pages_show_identifiers_masked(org):
    from django.test import Client

    from tests.factories import UserFactory
    from yiwang.credit.services import add_record
    from yiwang.notify.models import Delivery, Message

    root = UserFactory(username="root", kind="staff", is_staff=True, is_superuser=True)
    add_record(actor=None, subject_code=org.person.id_number, subject_name="张三", subject_kind="natural",
               kind="penalty", severity="general", department_name="区市场监督管理局",
               decision_number="示市监罚〔2026〕3号", decided_on=dt.date(2026, 1, 5))
    message = Message.objects.create(event="case.accepted", subject="已受理", body="您的办件已受理", user=org.person_user)
    Delivery.objects.create(message=message, channel="sms", address=org.person.phone, user=org.person_user)
    client = Client()
    client.force_login(root)
    whole = (org.person.id_number, org.person.phone)
    for page in ("/admin/org/applicant/", "/admin/credit/subject/", "/admin/notify/delivery/"):
        html = client.get(page).content.decode()
        assert not any(value in html for value in whole), page
    assert masking.mask_id_number(org.person.id_number) in client.get("/admin/org/applicant/").content.decode()
    assert "138****0001" in client.get("/admin/notify/delivery/").content.decode()
    # a whole identifier (typed in by the administrator) still finds its applicant through the keyed index
    found = client.get("/admin/org/applicant/", {"q": org.person.id_number}).content.decode()
    assert "张三" in found and masking.mask_id_number(org.person.id_number) in found
