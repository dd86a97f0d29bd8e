"""The inbox is filtered in SQL (queries.waiting_for): it must hold exactly the cases for which the lifecycle
and the services' rules (actions_allowed) leave the person a move to make, for every kind of person and case."""
from datetime import timedelta

import pytest

from tests.cases.factories import MON, accepted, file_all, make_bundle, mats, pdf
from tests.factories import staff
from yiwang.cases import services
from yiwang.cases.api.views import INBOX_STATES
from yiwang.cases.queries import APPLICANT_WAITING, STAFF_WAITING, actions_allowed, cases_visible_to, waiting_for
from yiwang.catalog.domain.bundles import material_key
from yiwang.catalog.services import material_dict
from yiwang.org.models import Role, StaffRole, User

pytestmark = pytest.mark.django_db


def by_python(user) -> set[int]:
    wanted = APPLICANT_WAITING if user.kind == user.Kind.APPLICANT else STAFF_WAITING
    return {c.pk for c in cases_visible_to(user).filter(state__in=INBOX_STATES)
            if wanted.intersection(actions_allowed(c, user))}


def by_sql(user) -> set[int]:
    return set(cases_visible_to(user).filter(waiting_for(user), state__in=INBOX_STATES).values_list("pk", flat=True))


@pytest.fixture
def zoo(org, items):
    """Cases in every inbox-relevant situation: each state, each step of each tier, separation of steps, 容缺."""
    cases = {}
    v = lambda c: c.version  # noqa: E731
    cases["received"] = file_all(org, items.two)
    cases["received_health"] = file_all(org, items.health)
    sup = file_all(org, items.two, skip=(1,))
    cases["supplementing"] = services.notify_supplement(sup, actor=org.clerk, expected_version=sup.version,
                                                     today=MON).case
    cases["one_step"] = accepted(org, items.one)                         # the officer's own step
    other_officer_case = file_all(org, items.one)
    cases["one_step_other"] = services.accept(other_officer_case, actor=org.clerk, expected_version=1, today=MON)
    cases["two_reviewer"] = accepted(org, items.two)
    c = accepted(org, items.two)
    cases["two_section_head"] = services.forward(c, actor=org.reviewer, expected_version=v(c))
    c = accepted(org, items.two)
    c = services.forward(c, actor=org.reviewer, expected_version=v(c))
    cases["two_sent_back"] = services.send_back(c, actor=org.section_head, expected_version=v(c), reason="再核")
    cases["three_acceptor"] = accepted(org, items.three, clerk=org.clerk2)
    c = accepted(org, items.three)
    cases["three_reviewer"] = services.forward(c, actor=org.clerk, expected_version=v(c))
    c = services.forward(services.forward(accepted(org, items.three), actor=org.clerk, expected_version=2),
                         actor=org.reviewer, expected_version=3)
    cases["three_leader"] = c
    c = accepted(org, items.two)
    cases["suspended"] = services.suspend(c, actor=org.reviewer, expected_version=v(c), kind="testing",
                                          reason="检测", expected_days=5).case
    c = accepted(org, items.one)
    cases["approved"] = services.approve(c, actor=org.clerk, expected_version=v(c))
    c = accepted(org, items.one)
    cases["denied"] = services.deny(c, actor=org.clerk, expected_version=v(c), reason="不符合", legal_basis="第X条")
    c = file_all(org, items.two, skip=(1,))  # 平面图 deferrable: 容缺受理
    cases["deferred"] = services.accept(c, actor=org.clerk, expected_version=v(c), deferral_due=MON + timedelta(5),
                                        commitment_signer="张三",
                                        today=MON)
    c = file_all(org, items.two, skip=(1,))
    c = services.accept(c, actor=org.clerk, expected_version=v(c), deferral_due=MON + timedelta(5),
                        commitment_signer="张三", today=MON)
    cases["deferred_last_step"] = services.forward(c, actor=org.reviewer, expected_version=v(c))
    c = file_all(org, items.two, applicant=org.company, submitter=org.agent)
    cases["company"] = services.notify_supplement(c, actor=org.clerk, expected_version=v(c),
                                                  defective={mats(items.two)[0].pk: "不清晰"}, today=MON).case
    cases["withdrawn"] = services.withdraw(file_all(org, items.two), actor=org.person_user, expected_version=1)
    # people with two parts: separation of steps decides what waits for them
    multi = staff("multi", Role.REVIEWER, department=org.market)
    StaffRole.objects.create(user=multi, role=Role.SECTION_HEAD, department=org.market)
    c = accepted(org, items.two)
    cases["multi_took_review"] = services.forward(c, actor=multi, expected_version=v(c))  # not multi's any more
    cases["multi_section_head"] = services.forward(accepted(org, items.two), actor=org.reviewer, expected_version=2)
    desk = staff("desk", Role.CLERK, hall=org.hall)
    StaffRole.objects.create(user=desk, role=Role.REVIEWER, department=org.market)
    c = accepted(org, items.three, clerk=desk)
    cases["desk_accepted"] = services.forward(c, actor=desk, expected_version=v(c))  # desk took the acceptor step
    cases["desk_reviews"] = services.forward(accepted(org, items.three), actor=org.clerk, expected_version=2)
    # a 一件事: its children are delivered together, never one by one
    bundle = make_bundle(org, [items.one, items.health])
    files = {material_key(material_dict(m)): pdf(m.name) for ver in (items.one, items.health) for m in mats(ver)}
    bc = services.submit_bundle(submitter=org.person_user, applicant=org.person, bundle=bundle,
                                idempotency_key="zoo-bundle", files=files, today=MON)
    child = bc.children.get(item_version=items.one)
    child = services.accept(child, actor=org.clerk, expected_version=child.version, today=MON)
    cases["bundle_child_approved"] = services.approve(child, actor=org.clerk, expected_version=child.version)
    return cases


def test_the_sql_inbox_is_the_python_inbox_for_everyone(org, zoo):
    for c in zoo.values():
        c.refresh_from_db()
    assert len({c.state for c in zoo.values()}) >= 7
    multi, desk = User.objects.get(username="multi"), User.objects.get(username="desk")
    assert zoo["multi_took_review"].pk not in by_python(multi) and zoo["multi_section_head"].pk in by_python(multi)
    assert zoo["desk_accepted"].pk not in by_python(desk) and zoo["desk_reviews"].pk in by_python(desk)
    assert zoo["bundle_child_approved"].state == "approved"
    assert zoo["bundle_child_approved"].pk not in by_python(User.objects.get(pk=org.clerk.pk))
    people = ["clerk", "clerk2", "reviewer", "reviewer2", "section_head", "unit_leader", "health_reviewer",
              "supervisor", "catalog_admin", "sysadmin", "person_user", "other_user", "agent"]
    people = [getattr(org, name) for name in people] + list(User.objects.filter(username__in=["multi", "desk"]))
    seen_nonempty = 0
    for person in people:
        expected = by_python(User.objects.get(pk=person.pk))
        assert by_sql(User.objects.get(pk=person.pk)) == expected, person.username
        seen_nonempty += bool(expected)
    assert seen_nonempty >= 8  # the comparison is about real inboxes, not empty ones


def test_the_inbox_follows_the_steps_taken(org, zoo, as_user):
    """Separation of steps: the reviewer who took a step of a case never finds its later steps in the inbox."""
    reviewer_inbox = {c["id"] for c in as_user(org.reviewer).get("/api/v1/cases/inbox/").json()["results"]}
    assert zoo["two_reviewer"].pk in reviewer_inbox and zoo["three_reviewer"].pk in reviewer_inbox
    assert zoo["two_sent_back"].pk in reviewer_inbox  # sent back to the reviewer's own step
    assert zoo["suspended"].pk in reviewer_inbox       # resume
    assert zoo["two_section_head"].pk not in reviewer_inbox
    clerk_inbox = {c["id"] for c in as_user(org.clerk).get("/api/v1/cases/inbox/").json()["results"]}
    assert {zoo["received"].pk, zoo["one_step"].pk, zoo["approved"].pk, zoo["denied"].pk} <= clerk_inbox
    assert zoo["three_acceptor"].pk not in clerk_inbox  # accepted by clerk2: clerk2's step
    assert zoo["three_acceptor"].pk in {c["id"] for c in
                                        as_user(org.clerk2).get("/api/v1/cases/inbox/").json()["results"]}


def test_a_clerk_of_two_halls_and_a_two_role_person_agree_too(org, zoo):
    from yiwang.org.models import Hall, StaffRole

    other = Hall.objects.create(code="ZX9", name="第二中心", kind=Hall.Kind.COMMUNITY_CENTRE, region=org.district,
                                address="别处")
    both = staff("both", Role.CLERK, hall=other)
    StaffRole.objects.create(user=both, role=Role.CLERK, hall=org.hall, is_window_officer=True)
    StaffRole.objects.create(user=both, role=Role.REVIEWER, department=org.market)
    expected = by_python(User.objects.get(pk=both.pk))
    assert expected and by_sql(User.objects.get(pk=both.pk)) == expected


def test_the_inbox_is_paginated_in_the_database(org, items, as_user):
    for _ in range(5):
        file_all(org, items.two)
    first = as_user(org.clerk).get("/api/v1/cases/inbox/", {"page_size": 2}).json()
    assert first["count"] == 5 and len(first["results"]) == 2
    again = as_user(org.clerk).get(first["next"]).json()
    assert len(again["results"]) == 2 and not {c["id"] for c in again["results"]} & {c["id"] for c in first["results"]}
