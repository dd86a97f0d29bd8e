"""A negative rating's full rectification: follow-up within 1 working day, reply within 15, the rater's view."""
from datetime import date

import pytest

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.models import AuditEvent
from yiwang.notify.models import Message
from yiwang.ratings import queries, services
from yiwang.ratings.models import Rectification

from tests.cases.factories import MON
from .factories import at, delivered

pytestmark = pytest.mark.django_db
FRI = date(2026, 3, 6)


def negative(org, items, grade=1, day=FRI, comment="窗口态度差，让我跑了三次"):
    case = delivered(org, items.one, today=day)
    return services.rate(case, actor=org.person_user, service="case", grade=grade, tags=["态度差", "多次跑"],
                         comment=comment, now=at(day))


def test_full_rectification_of_a_negative_rating(org, items):
    r = negative(org, items)
    rect = r.rectification
    # Friday 6 March 2026: follow-up due next working day (Monday 9th), reply in 15 working days (27 March).
    assert (rect.status, rect.department, rect.follow_up_due, rect.reply_due) == (
        "open", org.market, date(2026, 3, 9), date(2026, 3, 27))
    assert Message.objects.filter(event="ratings.negative", user=org.section_head).exists()
    ack = Message.objects.get(event="ratings.negative_received")
    assert ack.user == org.person_user and "2026-03-27" in ack.body
    assert queries.actions_on(rect, org.reviewer) == ["follow_up"]
    assert queries.actions_on(rect, org.health_reviewer) == []

    with pytest.raises(Conflict) as e:
        services.reply(rect, actor=org.reviewer, expected_version=rect.version, verification="属实",
                       measures="培训", reply_text="抱歉", today=FRI)
    assert "先回访" in e.value.message
    with pytest.raises(DomainError) as e:
        services.follow_up(rect, actor=org.health_reviewer, expected_version=rect.version, method="电话",
                           note="已联系", today=FRI)
    assert e.value.status == 403
    with pytest.raises(DomainError) as e:
        services.follow_up(rect, actor=org.reviewer, expected_version=rect.version, method="电话", note=" ")
    assert e.value.field == "note"

    rect = services.follow_up(rect, actor=org.reviewer, expected_version=rect.version, method="电话",
                              note="已电话联系张三，了解情况", today=date(2026, 3, 9))
    assert rect.status == "contacted" and rect.followed_up_on_time
    with pytest.raises(Conflict):  # someone else working from the old page
        services.reply(rect, actor=org.reviewer2, expected_version=rect.version - 1, verification="x",
                       measures="x", reply_text="x")
    rect = services.reply(rect, actor=org.reviewer2, expected_version=rect.version,
                          verification="经核实，窗口人员未一次性告知材料", measures="对窗口人员进行批评教育并培训",
                          reply_text="已对相关人员批评教育，今后一次性告知", today=date(2026, 3, 20))
    assert rect.status == "replied" and rect.replied_on_time
    msg = Message.objects.get(event="ratings.rectification_replied")
    assert msg.user == org.person_user and "一次性告知" in msg.body

    assert queries.actions_on(rect, org.person_user) == ["rate_rectification"]
    with pytest.raises(DomainError):
        services.rate_rectification(rect, actor=org.other_user, grade=5)
    rect = services.rate_rectification(rect, actor=org.person_user, grade=4, comment="满意")
    assert rect.rater_grade == 4
    with pytest.raises(Conflict):
        services.rate_rectification(rect, actor=org.person_user, grade=5)

    figs = queries.figures(MON, date(2026, 3, 31), org.market)
    assert figs["per_grade"][1] == 1 and figs["negative"] == 1
    assert figs["rectified_on_time"] == 1 and figs["rectification_rate"] == 1.0
    # The supervision dashboard's per-department counts agree.
    # the one rated service was invited (in-site and SMS) and answered
    assert queries.rating_counts(MON, date(2026, 3, 31)) == {org.market.id: {
        "ratings": 1, "negative": 1, "rectified": 1, "services": 1, "invited": 1, "answered": 1}}
    from yiwang.supervision.figures import rating_figures

    assert rating_figures(MON, date(2026, 3, 31))[org.market.id]["ratings"] == 1
    actions = set(AuditEvent.objects.filter(target_id=str(rect.pk), action__startswith="rating.rectification")
                  .values_list("action", flat=True))
    assert actions == {"rating.rectification.open", "rating.rectification.follow_up",
                       "rating.rectification.reply", "rating.rectification.rate"}


def test_late_reply_counts_as_rectified_but_not_on_time(org, items):
    rect = negative(org, items).rectification
    rect = services.follow_up(rect, actor=org.reviewer, expected_version=rect.version, method="电话", note="联系",
                              today=date(2026, 3, 10))
    assert not rect.followed_up_on_time
    services.reply(rect, actor=org.reviewer, expected_version=rect.version, verification="v", measures="m",
                   reply_text="r", today=date(2026, 3, 30))
    figs = queries.figures(MON, date(2026, 3, 31))
    assert (figs["rectified"], figs["rectified_on_time"], figs["followed_up_on_time"]) == (1, 0, 0)


def test_which_grades_are_negative_is_a_setting(org, items, settings):
    settings.YIWANG_RATINGS_NEGATIVE_GRADES = (2,)
    r = negative(org, items, grade=1)
    assert not r.negative and not Rectification.objects.exists()
    r2 = negative(org, items, grade=2)
    assert r2.negative and r2.rectification.status == "open"


def test_reply_period_is_a_setting(org, items, settings):
    settings.YIWANG_RATINGS_REPLY_DAYS = 5
    assert negative(org, items).rectification.reply_due == date(2026, 3, 13)
