"""Case lists: filters, the inbox order (deadline first), pagination, and each person's inbox."""
import pytest

from django.utils.timezone import localdate

from tests.cases.factories import MON, accepted, file_all
from yiwang.cases import services

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.json()
    return [c["id"] for c in response.json()["results"]]


@pytest.fixture
def cases(org, items):
    from datetime import timedelta

    early = accepted(org, items.two, today=MON)                         # deadline in March: overdue now
    late = accepted(org, items.three, today=MON + timedelta(days=14))   # a later deadline
    received = file_all(org, items.two)
    health = file_all(org, items.health)
    return early, late, received, health


def test_the_list_is_in_inbox_order_deadline_first(org, cases, as_user):
    early, late, received, health = cases
    assert ids(as_user(org.supervisor).get("/api/v1/cases/")) == [early.pk, late.pk, received.pk, health.pk]


def test_filters(org, items, cases, as_user):
    early, late, received, health = cases
    sup = as_user(org.supervisor)
    assert ids(sup.get("/api/v1/cases/", {"state": "received"})) == [received.pk, health.pk]
    assert ids(sup.get("/api/v1/cases/", {"state": "under_review,received", "department": org.health.pk})) == \
        [health.pk]
    assert ids(sup.get("/api/v1/cases/", {"item": items.three.item_id})) == [late.pk]
    assert ids(sup.get("/api/v1/cases/", {"overdue": "true"})) == [early.pk, late.pk]
    assert ids(sup.get("/api/v1/cases/", {"overdue": "false"})) == [received.pk, health.pk]
    assert ids(sup.get("/api/v1/cases/", {"number": early.number})) == [early.pk]
    listed = sup.get("/api/v1/cases/", {"number": early.number}).json()["results"][0]
    assert listed["overdue"] is True and listed["state_label"] == "审批中" and listed["item_code"]


def test_bad_filters_are_field_errors(org, cases, as_user):
    sup = as_user(org.supervisor)
    bad_state = sup.get("/api/v1/cases/", {"state": "lost"})
    assert bad_state.status_code == 400 and "未知的办件状态" in bad_state.json()["errors"]["state"][0]
    assert "department" in sup.get("/api/v1/cases/", {"department": "x"}).json()["errors"]
    assert "overdue" in sup.get("/api/v1/cases/", {"overdue": "maybe"}).json()["errors"]


def test_pagination(org, items, as_user):
    for _ in range(3):
        file_all(org, items.two)
    first = as_user(org.clerk).get("/api/v1/cases/", {"page_size": 2}).json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["next"]
    assert len(as_user(org.clerk).get(first["next"]).json()["results"]) == 1


def test_inboxes_hold_what_waits_for_each_person(org, cases, as_user):
    early, late, received, health = cases
    inbox = {u: ids(as_user(getattr(org, u)).get("/api/v1/cases/inbox/"))
             for u in ("clerk", "reviewer", "health_reviewer", "section_head", "person_user", "supervisor")}
    assert inbox["clerk"] == [late.pk, received.pk, health.pk]  # the three-step acceptor step, then to accept
    assert inbox["reviewer"] == [early.pk]              # the two-step case waits for the reviewer
    assert inbox["health_reviewer"] == []              # received, not yet accepted
    assert inbox["section_head"] == []
    assert inbox["person_user"] == []                  # nothing asked of the applicant
    assert inbox["supervisor"] == []
    services.forward(early, actor=org.reviewer, expected_version=early.version)
    assert ids(as_user(org.section_head).get("/api/v1/cases/inbox/")) == [early.pk]
    assert ids(as_user(org.reviewer).get("/api/v1/cases/inbox/")) == []


def test_a_supplement_notice_puts_the_case_in_the_applicants_inbox(org, items, as_user):
    case = file_all(org, items.two, skip=(1,), today=localdate())  # received today: the API acts today (art. 32)
    services.notify_supplement(case, actor=org.clerk, expected_version=case.version)
    assert ids(as_user(org.person_user).get("/api/v1/cases/inbox/")) == [case.pk]
    assert ids(as_user(org.clerk).get("/api/v1/cases/inbox/")) == []
