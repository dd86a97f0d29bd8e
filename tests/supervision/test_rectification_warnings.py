"""Overdue rectifications: a negative rating's follow-up (1 working day) and reply (15 working days) raise yellow and
red warnings on the board and in the API (counted on the real working-day calendar), clear once done, and become
supervision orders to the responsible unit."""
from datetime import date

import pytest

from tests.ratings.factories import at, delivered
from yiwang.audit.models import AuditEvent
from yiwang.notify.models import Message
from yiwang.ratings import services as ratings
from yiwang.supervision import rating_watch, services
from yiwang.supervision.models import SupervisionOrder, Warning

pytestmark = pytest.mark.django_db
FRI = date(2026, 3, 6)  # follow-up due Monday 9 March, reply due Friday 27 March
THU_BEFORE_MAY_DAY = date(2026, 4, 30)  # 1–5 May 2026 are holidays: follow-up due Wednesday 6 May


def negative(org, items, day=FRI, grade=1):
    case = delivered(org, items.one, today=day)
    return ratings.rate(case, actor=org.person_user, service="case", grade=grade, tags=["态度差"],
                        comment="窗口让我跑了三次", now=at(day)).rectification


def levels(today):
    return {k[1]: f["level"] for k, f in rating_watch.findings(today).items()}


def test_follow_up_and_reply_dues_raise_yellow_then_red_on_working_days(org, items):
    rect = negative(org, items)
    assert (rect.follow_up_due, rect.reply_due) == (date(2026, 3, 9), date(2026, 3, 27))
    assert levels(FRI) == {"rect_follow_up": "yellow"}  # 1 working day left: within the threshold
    assert levels(date(2026, 3, 9)) == {"rect_follow_up": "yellow"}  # the due day itself
    assert levels(date(2026, 3, 10)) == {"rect_follow_up": "red"}
    rect = ratings.follow_up(rect, actor=org.reviewer, expected_version=rect.version, method="电话",
                             note="已联系评价人", today=date(2026, 3, 10))
    assert levels(date(2026, 3, 23)) == {}  # 4 working days left of 15: not yet
    assert levels(date(2026, 3, 24)) == {"rect_reply": "yellow"}  # 3 left: 20 % of 15
    assert levels(date(2026, 3, 30)) == {"rect_reply": "red"}
    ratings.reply(rect, actor=org.reviewer, expected_version=rect.version, verification="属实", measures="培训",
                  reply_text="已整改", today=date(2026, 3, 30))
    assert levels(date(2026, 3, 30)) == {}


def test_holidays_do_not_count(org, items):
    rect = negative(org, items, day=THU_BEFORE_MAY_DAY)
    assert rect.follow_up_due == date(2026, 5, 6)
    assert levels(date(2026, 5, 4)) == {"rect_follow_up": "yellow"}  # four calendar days on, still not late
    assert levels(date(2026, 5, 6)) == {"rect_follow_up": "yellow"}
    assert levels(date(2026, 5, 7)) == {"rect_follow_up": "red"}


def test_sync_stores_notifies_once_and_clears(org, items):
    rect = negative(org, items)
    assert rating_watch.sync(today=date(2026, 3, 10)) == {"raised": 1, "changed": 0, "cleared": 0}
    assert rating_watch.sync(today=date(2026, 3, 10)) == {"raised": 0, "changed": 0, "cleared": 0}
    w = Warning.objects.get(rectification=rect)
    assert (w.kind, w.level, w.department, w.due_on, w.remaining_days) == (
        "rect_follow_up", "red", org.market, date(2026, 3, 9), -1)
    assert "逾期" in w.detail
    told = Message.objects.filter(event="supervision.warning.red", ref=f"warning:{w.pk}")
    assert org.section_head in {m.user for m in told} and told.count() == len({m.user_id for m in told})
    assert AuditEvent.objects.filter(action="supervision.warning.raise", target_id=str(w.pk)).exists()
    ratings.follow_up(rect, actor=org.reviewer, expected_version=rect.version, method="电话", note="已联系",
                      today=date(2026, 3, 10))
    assert rating_watch.sync(today=date(2026, 3, 10))["cleared"] == 1
    w.refresh_from_db()
    assert not w.active and w.cleared_on == date(2026, 3, 10)


def test_warnings_api_lists_them_and_a_section_head_of_another_unit_does_not_see_them(api_client, org, items):
    rect = negative(org, items)
    rating_watch.sync(today=date(2026, 3, 10))
    api_client.force_authenticate(org.supervisor)
    rows = api_client.get("/api/v1/supervision/warnings/", {"kind": "rect_follow_up"}).json()["results"]
    assert [(r["rectification"], r["rating"], r["level"], r["kind_label"]) for r in rows] == [
        (rect.pk, rect.rating_id, "red", "差评回访时限")]
    api_client.force_authenticate(org.section_head)
    assert len(api_client.get("/api/v1/supervision/warnings/", {"kind": "rect_follow_up"}).json()["results"]) == 1


def test_the_board_shows_it_live_and_a_supervisor_turns_it_into_an_order(client, org, items, monkeypatch):
    rect = negative(org, items)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: date(2026, 3, 10))
    client.force_login(org.supervisor)
    page = client.get("/supervision/").content.decode()
    assert "差评回访时限" in page and f"/ratings/rectifications/{rect.pk}/" in page
    assert f'name="rectification" value="{rect.pk}"' in page  # not stored yet: the form names the rectification
    r = client.post("/supervision/orders/new/", {"rectification": rect.pk, "kind": "rect_follow_up",
                                                   "instruction": "请立即回访评价人并报告", "reply_days": 2})
    o = SupervisionOrder.objects.get()
    assert r.status_code == 302 and o.department == org.market and o.case is None
    assert o.warning.rectification == rect and o.warning.level == "red"
    assert Message.objects.filter(event="supervision.order", user=org.section_head).exists()
    o = services.reply_order(o, actor=org.section_head, expected_version=o.version, reply="已于当日回访",
                             today=date(2026, 3, 10))
    assert o.status == "replied"


def test_a_section_head_sees_no_order_form_and_another_unit_sees_nothing(client, api_client, org, items,
                                                                         monkeypatch):
    rect = negative(org, items)
    rating_watch.sync(today=date(2026, 3, 10))
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: date(2026, 3, 10))
    client.force_login(org.section_head)
    page = client.get("/supervision/").content.decode()
    assert f"/ratings/rectifications/{rect.pk}/" in page and 'name="rectification"' not in page and 'name="warning"' not in page
    from yiwang.org.models import Role, StaffRole

    StaffRole.objects.create(user=org.health_reviewer, role=Role.SECTION_HEAD, department=org.health)
    client.force_login(org.health_reviewer)
    assert f"/ratings/rectifications/{rect.pk}/" not in client.get("/supervision/").content.decode()
    api_client.force_authenticate(org.health_reviewer)
    assert api_client.get("/api/v1/supervision/warnings/", {"kind": "rect_follow_up"}).json()["results"] == []
