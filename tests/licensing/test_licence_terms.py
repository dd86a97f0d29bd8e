"""A licence after its issue, through the API (行政许可法 arts. 49, 50, 70): renewal applied for at least 30 days before
expiry, reminders before that, a decision before expiry or — none — renewal deemed granted; change on application;
cancellation on expiry without renewal and on the holder's end. Each leaves the public verification saying what
happened and when, and an older printout still verifies."""
from datetime import date

import pytest

from yiwang.licences import lifecycle
from yiwang.licences.models import Licence
from yiwang.notify.models import Message

pytestmark = pytest.mark.django_db


def _verify(client, token):
    r = client.post("/api/v1/licences/verify/", {"payload": token}, format="json")
    assert r.status_code == 200
    return r.json()


def _post(client, licence, path, expect=200, **data):
    licence.refresh_from_db()
    r = client.post(f"/api/v1/licences/{licence.pk}/{path}/", {"version": licence.version, **data}, format="json")
    assert r.status_code == expect, r.json()
    return r.json()


def _one_year(issue, clock, **kw):
    clock.day = date(2026, 1, 5)
    return issue(valid_from=date(2026, 1, 5), valid_until=date(2027, 1, 4), **kw)


def test_reminders_then_a_timely_renewal_granted_before_expiry(keyed_org, issue, clock, as_user):
    org = keyed_org
    licence = _one_year(issue, clock)
    holder, head, public = as_user(org.person_user), as_user(org.section_head), as_user(None)
    assert holder.get(f"/api/v1/licences/{licence.pk}/").json()["renewal_apply_by"] == "2026-12-05"
    # reminders 30 and 7 days before the last day to apply, each once
    assert lifecycle.send_renewal_reminders(date(2026, 10, 1)) == 0
    assert lifecycle.send_renewal_reminders(date(2026, 11, 5)) == 1
    assert lifecycle.send_renewal_reminders(date(2026, 11, 6)) == 0
    assert lifecycle.send_renewal_reminders(date(2026, 11, 28)) == 1
    bodies = list(Message.objects.filter(event="licence.renewal_reminder").values_list("body", flat=True))
    assert len(bodies) == 2 and all("2026年12月05日前" in b for b in bodies)

    clock.day = date(2026, 12, 1)
    body = holder.get(f"/api/v1/licences/{licence.pk}/").json()
    assert "apply_renewal" in body["allowed_actions"] and "decide_renewal" not in body["allowed_actions"]
    body = _post(holder, licence, "renewal")
    assert body["requests"][0]["requested_until"] == "2028-01-04"  # the same one-year term
    assert "decide_renewal" in head.get(f"/api/v1/licences/{licence.pk}/").json()["allowed_actions"]
    old_token = body["token"]

    clock.day = date(2026, 12, 20)
    body = _post(head, licence, "renewal/decide", grant=True, note="经审查符合延续条件")
    assert body["valid_until"] == "2028-01-04" and not body["deemed_renewed"] and body["token"] != old_token
    # the new code verifies as valid with its history; the old printout still verifies and says it was renewed
    now = _verify(public, body["token"])
    assert now["status"] == "valid" and now["licence"]["valid_until"] == "2028-01-04"
    assert [e["label"] for e in now["history"]] == ["准予延续"] and now["history"][0]["on"] == "2026-12-20"
    then = _verify(public, old_token)
    assert then["status"] == "superseded" and "2026年12月20日准予延续" in then["reason"]
    assert then["current_valid_until"] == "2028-01-04"
    # the written decision, a PDF with the embedded CJK font, from the licence page
    from django.test import Client

    from tests.workbench.helpers import pdf_text
    from tests.workbench.test_documents import assert_embedded

    web = Client()
    web.force_login(org.person_user)
    event = Licence.objects.get(pk=licence.pk).events.get(kind="renewed")
    page = web.get(f"/licences/{licence.number}/").content.decode()
    assert f"/licences/{licence.number}/events/{event.pk}.pdf" in page and "准予延续" in page
    data = web.get(f"/licences/{licence.number}/events/{event.pk}.pdf").content
    assert_embedded(data)
    assert "准予延续行政许可决定书" in pdf_text(data) and "有效期由2027-01-04延续至2028-01-04" in pdf_text(data)


def test_no_decision_by_expiry_the_renewal_is_deemed_granted(keyed_org, issue, clock, as_user):
    org = keyed_org
    licence = _one_year(issue, clock)
    holder, head = as_user(org.person_user), as_user(org.section_head)
    clock.day = date(2026, 12, 5)  # the last day to apply
    _post(holder, licence, "renewal", requested_until="2029-01-04")
    assert lifecycle.apply_deemed_renewals(date(2027, 1, 4)) == []  # expiry day: the organ may still decide
    assert lifecycle.cancel_expired(date(2027, 1, 5)) == []  # a pending renewal is not cancelled
    (done,) = lifecycle.apply_deemed_renewals(date(2027, 1, 5))
    assert done.valid_until == date(2029, 1, 4) and done.deemed_renewed and done.status == "valid"
    clock.day = date(2027, 1, 6)
    r = _post(head, licence, "renewal/decide", expect=409, grant=False, note="不符合条件")
    assert "视为准予延续" in str(r)
    v = _verify(as_user(None), Licence.objects.get(pk=licence.pk).token)
    assert v["status"] == "valid" and v["deemed_renewed"] and v["history"][0]["label"] == "视为准予延续"
    assert "第五十条" in v["history"][0]["note"]


def test_a_late_application_is_refused_and_the_licence_is_cancelled_on_expiry(keyed_org, issue, clock, as_user):
    org = keyed_org
    licence = _one_year(issue, clock)
    holder = as_user(org.person_user)
    clock.day = date(2026, 12, 6)
    assert "apply_renewal" not in holder.get(f"/api/v1/licences/{licence.pk}/").json()["allowed_actions"]
    r = _post(holder, licence, "renewal", expect=400)
    assert "30日前" in str(r) and "2026年12月05日" in str(r)
    (gone,) = lifecycle.cancel_expired(date(2027, 1, 5))
    assert gone.status == "revoked" and gone.cancel_ground == "expired"
    v = _verify(as_user(None), gone.token)
    assert v["status"] == "revoked" and "有效期于2027年01月04日届满" in v["revoked_reason"]
    assert v["history"][-1]["label"] == "注销" and v["history"][-1]["on"] == "2027-01-05"


def test_a_change_on_application_and_cancellation_on_the_holders_end(keyed_org, issue, clock, as_user):
    org = keyed_org
    clock.day = date(2026, 3, 2)
    licence = issue(valid_from=date(2026, 3, 2), valid_until=date(2031, 3, 1))
    holder, reviewer, head = as_user(org.person_user), as_user(org.reviewer), as_user(org.section_head)
    _post(holder, licence, "change", expect=400, changes={"licence_type": "别的证"}, reason="x")
    body = _post(holder, licence, "change", changes={"scope": "预包装食品销售；散装食品销售"}, reason="增加散装食品销售")
    assert body["requests"][0]["kind"] == "change" and "decide_change" not in body["allowed_actions"]
    old_token = body["token"]
    clock.day = date(2026, 3, 9)
    body = _post(reviewer, licence, "change/decide", grant=True, note="经现场核查符合条件")
    assert body["scope"] == "预包装食品销售；散装食品销售" and body["token"] != old_token
    then = _verify(as_user(None), old_token)
    assert then["status"] == "superseded" and "准予变更" in then["reason"]
    # art. 70 (3): the holder's end — cancelled by the department; verification says what and when
    clock.day = date(2026, 5, 6)
    _post(holder, licence, "revoke", expect=403, reason="注销", ground="holder_ended")
    body = _post(head, licence, "revoke", reason="持证人死亡，近亲属申请注销", ground="holder_ended")
    assert body["status"] == "revoked" and body["cancel_ground"] == "holder_ended" and body["allowed_actions"] == []
    v = _verify(as_user(None), body["token"])
    assert v["status"] == "revoked" and v["history"][-1]["on"] == "2026-05-06"
    assert "持证主体依法终止" in v["history"][-1]["note"]
