"""Issue 8 no. 2: one path for a decision whatever the door. Before: a window officer whom the page refused
("不能办理该证照") approved a licensing case through POST …/actions/approve/ with 200, and no licence was issued."""
import pytest

from tests.cases.conftest import _fast_and_isolated, calendar_loaded, items  # noqa: F401  (shared fixtures)
from tests.cases.factories import accepted
from yiwang.cases.models import Case
from yiwang.cases.queries import actions_allowed
from yiwang.licences.models import Licence
from yiwang.org.models import Role, StaffRole

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keys(settings, org):
    from yiwang.licences.keys import generate_key

    settings.YIWANG_KEY_ENCRYPTION_KEY = "test-master-key-0123456789abcdef0123456789abcdef"
    generate_key(org.market)


def _approve(api_client, user, case):
    api_client.force_authenticate(user)
    return api_client.post(f"/api/v1/cases/{case.pk}/actions/approve/", {"opinion": "同意"}, format="json",
                           HTTP_IF_MATCH=f'"{case.version}"')


def test_a_window_officer_outside_the_department_is_neither_offered_nor_allowed_the_approval(api_client, org, items):
    case = accepted(org, items.one)  # a one-step licensing item of the market department, at org.hall
    assert "approve" not in actions_allowed(case, org.clerk)
    response = _approve(api_client, org.clerk, case)
    assert response.status_code == 403, response.content
    assert "不能办理该证照" in response.json()["detail"]
    assert "approve" not in response.json().get("allowed_actions", [])
    case.refresh_from_db()
    assert case.state == "under_review" and not Licence.objects.filter(case_ref=case.pk).exists()


def test_through_the_api_an_entitled_officer_approves_and_the_licence_is_issued(api_client, org, items):
    StaffRole.objects.create(user=org.clerk, role=Role.REVIEWER, department=org.market)
    case = accepted(org, items.one)
    assert "approve" in actions_allowed(Case.objects.get(pk=case.pk), org.clerk)
    response = _approve(api_client, org.clerk, case)
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "approved"
    licence = Licence.objects.get(case_ref=case.pk)
    assert licence.holder_id_number == org.person.id_number and licence.department == org.market
