from datetime import timedelta

import pytest

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.models import AuditEvent
from yiwang.ratings import services
from yiwang.ratings.models import Rating, Rectification

from tests.cases.factories import MON
from .factories import accepted_at_window, at, delivered

pytestmark = pytest.mark.django_db


def test_applicant_rates_a_concluded_online_case_once(org, items):
    case = delivered(org, items.one)
    r = services.rate(case, actor=org.person_user, service="case", grade=5, tags=["办事高效"], comment="很快",
                      channel="portal", now=at(MON))
    assert (r.grade, r.channel, r.on_behalf, r.negative) == (5, "portal", False, False)
    assert r.department == org.market and r.item == items.one.item
    assert AuditEvent.objects.filter(action="rating.rate", target_id=str(r.pk)).exists()
    with pytest.raises(Conflict) as e:
        services.rate(case, actor=org.person_user, service="case", grade=1, now=at(MON))
    assert "只能评价一次" in e.value.message
    assert Rating.objects.count() == 1 and not Rectification.objects.exists()


def test_someone_other_than_the_applicant_is_refused(org, items):
    case = delivered(org, items.one)
    for outsider in (org.other_user, org.agent, org.reviewer):
        with pytest.raises(DomainError) as e:
            services.rate(case, actor=outsider, service="case", grade=1, now=at(MON))
        assert e.value.status == 403
    assert not Rating.objects.exists()


def test_an_agent_of_the_enterprise_rates_its_case(org, items):
    case = delivered(org, items.one, applicant=org.company, submitter=org.agent)
    r = services.rate(case, actor=org.agent, service="case", grade=4, now=at(MON))
    assert r.applicant == org.company and r.rated_by == org.agent


def test_on_site_case_rated_per_service_as_each_happens(org, items):
    case = accepted_at_window(org, items.one)
    with pytest.raises(Conflict):
        services.rate(case, actor=org.person_user, service="delivery", grade=5, now=at(MON))
    with pytest.raises(DomainError) as e:
        services.rate(case, actor=org.person_user, service="case", grade=5, now=at(MON))
    assert e.value.field == "service"
    r = services.rate(case, actor=org.person_user, service="acceptance", grade=5, channel="window_pad",
                      now=at(MON))
    assert r.service_on == MON and r.channel == "window_pad"


def test_hotline_rating_recorded_by_staff_is_marked(org, items):
    case = delivered(org, items.one)
    r = services.rate(case, actor=org.clerk, service="case", grade=4, channel="portal", now=at(MON))
    assert r.channel == "hotline" and r.on_behalf and r.rated_by == org.clerk
    other = delivered(org, items.one)
    with pytest.raises(DomainError) as e:  # the handling department may not rate itself
        services.rate(other, actor=org.unit_leader, service="case", grade=5, now=at(MON))
    assert e.value.status == 403


def test_bad_input_is_refused_field_by_field(org, items):
    case = delivered(org, items.one)
    for kwargs, field in (({"grade": 9}, "grade"), ({"grade": 5, "tags": ["编的标签"]}, "tags"),
                          ({"grade": 5, "channel": "hotline"}, "channel"), ({"grade": 5, "comment": "长" * 501},
                                                                            "comment")):
        with pytest.raises(DomainError) as e:
            services.rate(case, actor=org.person_user, service="case", now=at(MON), **kwargs)
        assert e.value.field == field


def test_edit_within_the_grace_period_then_never(org, items):
    case = delivered(org, items.one)
    r = services.rate(case, actor=org.person_user, service="case", grade=5, now=at(MON, 10))
    r = services.edit(r, actor=org.person_user, expected_version=r.version, grade=4, comment="还行",
                      now=at(MON, 20))
    assert r.grade == 4 and r.version == 2
    with pytest.raises(Conflict):  # stale version
        services.edit(r, actor=org.person_user, expected_version=1, grade=3, now=at(MON, 21))
    with pytest.raises(DomainError) as e:
        services.edit(r, actor=org.other_user, expected_version=r.version, grade=1, now=at(MON, 21))
    assert e.value.status == 403
    with pytest.raises(Conflict) as e:
        services.edit(r, actor=org.person_user, expected_version=r.version, grade=1,
                      now=at(MON, 10) + timedelta(hours=24, minutes=1))
    assert "24 小时" in e.value.message
    r.refresh_from_db()
    assert r.grade == 4 and r.comment == "还行"


def test_grace_period_is_a_setting(org, items, settings):
    settings.YIWANG_RATINGS_EDIT_GRACE_HOURS = 2
    case = delivered(org, items.one)
    r = services.rate(case, actor=org.person_user, service="case", grade=5, now=at(MON, 10))
    with pytest.raises(Conflict):
        services.edit(r, actor=org.person_user, expected_version=r.version, grade=4, now=at(MON, 13))


def test_edit_to_negative_opens_and_back_withdraws_the_rectification(org, items):
    case = delivered(org, items.one)
    r = services.rate(case, actor=org.person_user, service="case", grade=5, now=at(MON, 10))
    r = services.edit(r, actor=org.person_user, expected_version=r.version, grade=2, now=at(MON, 11))
    assert r.rectification.status == "open"
    r = services.edit(r, actor=org.person_user, expected_version=r.version, grade=4, now=at(MON, 12))
    r.rectification.refresh_from_db()
    assert r.rectification.status == "withdrawn"
