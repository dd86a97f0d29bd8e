"""去评价 / 代录 on the staff case page: a clerk of the receiving hall records the rating the applicant gives at the
window, through ratings.services.rate — channel 窗口, marked as recorded on the applicant's behalf; a supervisor
still records by the hotline, and staff outside the hall get no link."""
import re

import pytest
from django.test import Client

from tests.cases.factories import make_item
from yiwang.audit.models import AuditEvent
from yiwang.api.errors import DomainError
from yiwang.ratings import queries, services
from yiwang.ratings.models import Rating

from .factories import delivered

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_a_window_clerk_records_the_applicants_rating_from_the_staff_case_page(org):
    case = delivered(org, make_item(org.market, tier="one_step", limit=0))
    clerk = _client(org.clerk)
    page = clerk.get(f"/cases/work/{case.pk}/").content.decode()
    link = re.search(r'<a class="button" id="rate-(\w+)" href="([^"]+)">去评价 / 代录</a>', page)
    assert link, "the staff case page offers 去评价 / 代录"
    service, url = link.groups()
    assert url.endswith("?at=window")
    form = clerk.get(url).content.decode()
    assert "将记为窗口渠道并标注代录" in form and 'name="at" value="window"' in form

    answer = clerk.post(url.split("?")[0], {"grade": "4", "tags": ["服务热情"], "comment": "窗口办理很快",
                                            "at": "window"})
    assert answer.status_code == 302
    rating = Rating.objects.get(case=case, service=service)
    assert (rating.channel, rating.on_behalf, rating.rated_by, rating.grade) == ("window", True, org.clerk, 4)
    assert rating.get_channel_display() == "窗口（工作人员代录）"
    event = AuditEvent.objects.get(action="rating.rate", target_id=str(rating.pk))
    assert (event.role, event.data["channel"], event.actor_name or event.actor_id) != ("", "", None)
    assert event.role == "on_behalf" and event.data["channel"] == "window"
    again = clerk.get(f"/cases/work/{case.pk}/").content.decode()
    assert "去评价 / 代录" not in again  # rated: nothing more to record
    shown = clerk.get(url).content.decode()
    assert "窗口（工作人员代录）" in shown and "工作人员代为录入" in shown


def test_only_the_receiving_halls_clerks_record_at_the_window(org):
    case = delivered(org, make_item(org.market, tier="one_step", limit=0))
    for user in (org.reviewer, org.supervisor):
        assert "去评价 / 代录" not in _client(user).get(f"/cases/work/{case.pk}/").content.decode()
    # the applicant's own page keeps its 去评价
    assert "去评价" in _client(org.person_user).get(f"/cases/{case.pk}/").content.decode()
    first = next(iter(queries.occasions_for(case)))
    r = services.rate(case, actor=org.supervisor, service=first, grade=5, channel="window")
    assert r.channel == "hotline" and r.on_behalf  # a supervisor takes ratings by the hotline, not at a window
    with pytest.raises(DomainError) as e:  # a rater cannot claim the staff's window channel
        services.rate(delivered(org, make_item(org.market, tier="one_step", limit=0)), actor=org.person_user,
                      service=first, grade=5, channel="window")
    assert e.value.field == "channel"
