"""Who sees which cases, and which actions each person is offered."""
from django.utils import timezone

from yiwang.cases.queries import actions_allowed, cases_visible_to
from yiwang.org.models import Hall, Role

from .factories import accepted, file_all
from tests.factories import staff


def test_an_applicants_scope_excludes_another_applicants_case(org, items):
    mine = file_all(org, items.two)
    theirs = file_all(org, items.two, submitter=org.other_user, applicant=org.other)
    assert list(cases_visible_to(org.person_user)) == [mine]
    assert list(cases_visible_to(org.other_user)) == [theirs]


def test_an_agent_sees_the_enterprises_cases(org, items):
    company_case = file_all(org, items.two, submitter=org.agent, applicant=org.company)
    file_all(org, items.two)
    assert list(cases_visible_to(org.agent)) == [company_case]


def test_staff_see_their_departments_and_their_halls_cases(org, items):
    market = file_all(org, items.two)
    health = file_all(org, items.health)
    assert set(cases_visible_to(org.reviewer)) == {market}
    assert set(cases_visible_to(org.health_reviewer)) == {health}
    assert set(cases_visible_to(org.clerk)) == {market, health}  # the receiving hall
    other_hall = Hall.objects.create(code="ZX2", name="另一中心", kind=Hall.Kind.COMMUNITY_CENTRE,
                                     region=org.district, address="x")
    stranger = staff("far_clerk", Role.CLERK, hall=other_hall)
    assert not cases_visible_to(stranger).exists()


def test_supervisors_see_everything_and_sysadmins_nothing(org, items):
    file_all(org, items.two)
    file_all(org, items.health)
    assert cases_visible_to(org.supervisor).count() == 2
    assert cases_visible_to(org.sysadmin).count() == 0  # 三员分立: accounts and configuration, not cases


def test_actions_allowed_follow_role_and_state(org, items):
    case = file_all(org, items.two, today=timezone.localdate())  # within the art. 32 days
    assert set(actions_allowed(case, org.clerk)) == {"accept", "refuse", "notify_supplement"}
    assert actions_allowed(case, org.person_user) == ["withdraw"]
    assert actions_allowed(case, org.other_user) == []
    case = accepted(org, items.two)
    assert "forward" in actions_allowed(case, org.reviewer)
    assert "forward" not in actions_allowed(case, org.health_reviewer)
    assert "extend" in actions_allowed(case, org.unit_leader)
    assert "accept" not in actions_allowed(file_all(org, items.one), org.clerk2)  # one-step: officers only
