"""Issue 8 no. 4: 三员分立. The system administrator manages accounts and configuration, the security
administrator roles, lockouts and clients, the audit administrator reads the audit trail — none does another's
job; no one reads every case and all personal data; Django-admin changes to accounts and roles are in the audit
chain."""
import pytest
from django.test import Client

from tests.cases.conftest import _fast_and_isolated, calendar_loaded, items  # noqa: F401  (shared fixtures)
from tests.cases.factories import accepted
from yiwang.audit.models import AuditEvent
from yiwang.org.models import Role, StaffRole

pytestmark = pytest.mark.django_db


def _admin(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_system_administrator_manages_accounts_but_not_roles_nor_the_audit(org):
    client = _admin(org.sysadmin)
    assert client.get("/admin/org/user/").status_code == 200
    assert client.get(f"/admin/org/user/{org.clerk.pk}/change/").status_code == 200
    assert client.get("/admin/org/staffrole/").status_code == 403
    assert client.get("/admin/audit/auditevent/").status_code == 403
    assert client.get("/admin/axes/accessattempt/").status_code == 403
    api = Client()
    api.force_login(org.sysadmin)
    assert api.get("/api/v1/audit/events/").status_code == 403
    # The role rows of an account are not even offered on its page.
    page = client.get(f"/admin/org/user/{org.clerk.pk}/change/").content.decode()
    assert "staff_roles-TOTAL_FORMS" not in page and "is_superuser" not in page


def test_the_security_administrator_assigns_roles_but_edits_no_account_and_reads_no_audit(org):
    client = _admin(org.security_admin)
    assert client.get("/admin/org/staffrole/").status_code == 200
    assert client.get("/admin/org/user/").status_code == 200  # to find whom to give a role: view only
    response = client.post(f"/admin/org/user/{org.clerk.pk}/change/", {"username": "renamed"})
    assert response.status_code == 403
    assert client.get("/admin/audit/auditevent/").status_code == 403
    response = client.post("/admin/org/staffrole/add/", {"user": org.clerk.pk, "role": Role.REVIEWER,
                                                           "department": org.market.pk})
    assert response.status_code == 302, response.content[:500]
    assert StaffRole.objects.filter(user=org.clerk, role=Role.REVIEWER, department=org.market).exists()
    event = AuditEvent.objects.filter(action="admin.add").last()
    assert event.actor_id == org.security_admin.pk and event.data["model"] == "org.staffrole"
    assert event.role == "security_admin" and event.after["role"] == "reviewer"


def test_the_audit_administrator_only_reads_the_audit(org):
    client = _admin(org.audit_admin)
    assert client.get("/admin/audit/auditevent/").status_code == 200
    for url in ("/admin/org/user/", "/admin/org/staffrole/", "/admin/audit/auditevent/add/"):
        assert client.get(url).status_code == 403, url
    api = Client()
    api.force_login(org.audit_admin)
    assert api.get("/api/v1/audit/events/").status_code == 200


def test_no_administrator_reads_cases_or_personal_data(org, items):
    case = accepted(org, items.two)
    for admin in (org.sysadmin, org.security_admin, org.audit_admin):
        api = Client()
        api.force_login(admin)
        assert api.get(f"/api/v1/cases/{case.pk}/").status_code == 404, admin
        assert api.get(f"/api/v1/org/applicants/{org.person.pk}/").status_code == 404, admin
        assert _admin(admin).get("/admin/org/applicant/").status_code == 403, admin
        assert _admin(admin).get("/admin/cases/case/").status_code == 403, admin


def test_an_account_change_in_django_admin_is_in_the_audit_chain(org):
    client = _admin(org.sysadmin)
    response = client.post(f"/admin/org/user/{org.clerk.pk}/change/", {
        "username": "clerk", "display_name": "新名字", "first_name": "", "last_name": "", "email": "",
        "phone": "13900000009", "kind": "staff", "is_active": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.filter(action="admin.change").last()
    assert event.actor_id == org.sysadmin.pk and event.target_id == str(org.clerk.pk)
    assert event.after["display_name"] == "新名字" and "password" not in event.after
    from yiwang.audit.services import verify

    assert verify().ok


def test_the_security_administrators_pages_are_in_their_navigation_only(org):
    pages = ('href="/security/lockouts/"', 'href="/security/clients/"')
    home = _admin(org.security_admin).get("/").content.decode()
    assert all(page in home for page in pages)
    for other in (org.sysadmin, org.audit_admin, org.clerk, org.reviewer):
        home = _admin(other).get("/").content.decode()
        assert not any(page in home for page in pages), other.username
    assert _admin(org.sysadmin).get("/security/lockouts/").status_code == 403
