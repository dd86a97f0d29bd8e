"""Every case endpoint × every role → the expected status. A case outside your scope is a 404 (never 403), so no
id or case number reveals that someone else's case exists."""
import pytest

from yiwang.cases.models import Case

pytestmark = pytest.mark.django_db

# role → the user (by attribute of `org`, or of `world`); None: anonymous
ROLES = {
    "owner": "person_user",          # 张三, the applicant
    "other_applicant": "other_user",  # 李四
    "agent_elsewhere": "agent",       # acts for the company, not for 张三
    "clerk": "clerk",                 # clerk of the receiving hall
    "reviewer": "reviewer",           # the item's department (market)
    "other_department": "health_reviewer",
    "far_clerk": "world.far_clerk",   # clerk of another hall
    "supervisor": "supervisor",
    "anonymous": None,
}

READS = {
    "detail": "/api/v1/cases/{id}/",
    "materials": "/api/v1/cases/{id}/materials/",
    "file": "/api/v1/cases/{id}/materials/{material}/file/",
    "timeline": "/api/v1/cases/{id}/timeline/",
    "receipt": "/api/v1/cases/{id}/receipt/",
}
SEES = {"owner", "clerk", "reviewer", "supervisor"}


def _user(role, org, world):
    name = ROLES[role]
    if name is None:
        return None
    if name.startswith("world."):
        return getattr(world, name.split(".", 1)[1])
    return getattr(org, name)


def _expected_read(role):
    if role == "anonymous":
        return 403
    return 200 if role in SEES else 404


@pytest.mark.parametrize("endpoint", list(READS))
@pytest.mark.parametrize("role", list(ROLES))
def test_reads(endpoint, role, org, world, as_user):
    case = world.case
    material = case.materials.exclude(blob=None).first().material_id
    url = READS[endpoint].format(id=case.pk, material=material)
    response = as_user(_user(role, org, world)).get(url)
    assert response.status_code == _expected_read(role), (endpoint, role, response.content[:200])
    if response.status_code == 404:
        assert case.number not in response.content.decode()
        assert response.json()["detail"] == "未找到，或您无权查看"


# POST actions/withdraw by each role with the right version: only the applicant may withdraw; staff who see the
# case are told it is not their part (403); those who cannot see it get 404 and nothing changes.
WITHDRAW = {"owner": 200, "other_applicant": 404, "agent_elsewhere": 404, "clerk": 403, "reviewer": 403,
            "other_department": 404, "far_clerk": 404, "supervisor": 403, "anonymous": 403}


@pytest.mark.parametrize("role", list(ROLES))
def test_action(role, org, world, as_user):
    case = world.case
    response = as_user(_user(role, org, world)).post(
        f"/api/v1/cases/{case.pk}/actions/withdraw/", {"reason": "不办了"}, format="json",
        HTTP_IF_MATCH=f'"{case.version}"')
    assert response.status_code == WITHDRAW[role], (role, response.content[:300])
    case.refresh_from_db()
    assert case.state == ("withdrawn" if role == "owner" else "under_review")


# Unknown-to-you and nonexistent cases look the same, including for actions without If-Match.
@pytest.mark.parametrize("path", ["/api/v1/cases/{id}/", "/api/v1/cases/{id}/timeline/",
                                  "/api/v1/cases/{id}/actions/withdraw/"])
def test_another_applicants_case_looks_like_no_case(path, org, world, as_user):
    client = as_user(org.other_user)
    method = client.post if "actions" in path else client.get
    theirs = method(path.format(id=world.case.pk))
    missing = method(path.format(id=Case.objects.order_by("-pk").first().pk + 1000))
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()


@pytest.mark.parametrize("role", list(ROLES))
def test_lists_are_scoped(role, org, world, as_user):
    user = _user(role, org, world)
    response = as_user(user).get("/api/v1/cases/", {"number": world.case.number})
    if user is None:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    ids = [c["id"] for c in response.json()["results"]]
    assert ids == ([world.case.pk] if role in SEES else [])
    everything = {c["id"] for c in as_user(user).get("/api/v1/cases/").json()["results"]}
    assert (world.case.pk in everything) == (role in SEES)


def test_the_enterprises_agent_sees_the_enterprises_case(org, items, as_user):
    from tests.cases.factories import file_all

    company_case = file_all(org, items.two, submitter=org.agent, applicant=org.company)
    assert as_user(org.agent).get(f"/api/v1/cases/{company_case.pk}/").status_code == 200
    assert as_user(org.person_user).get(f"/api/v1/cases/{company_case.pk}/").status_code == 404
    listed = as_user(org.agent).get("/api/v1/cases/").json()["results"]
    assert [c["id"] for c in listed] == [company_case.pk]
