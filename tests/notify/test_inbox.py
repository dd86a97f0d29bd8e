"""The in-site inbox: /messages/ shows only the user's own messages; marking read; unread count; API."""
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from yiwang.notify.services import enqueue, unread_count


def _notice(user, subject, link="/cases/7/"):
    return enqueue(event="case.accepted", subject=subject, body=f"{subject}的正文", user=user, link=link,
                   ref="B2026-0007", channels=["site"])


def test_inbox_shows_only_the_users_own_messages(org, client):
    _notice(org.person_user, "张三的受理通知")
    _notice(org.other_user, "李四的补正通知")
    client.force_login(org.person_user)
    page = client.get(reverse("notify:inbox"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "张三的受理通知" in html and "李四的补正通知" not in html
    assert "1 条未读" in html


def test_inbox_requires_login(db, client):
    r = client.get("/messages/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_mark_read_and_unread_count(org, client):
    mine = _notice(org.person_user, "通知一").deliveries.get()
    _notice(org.person_user, "通知二")
    assert unread_count(org.person_user) == 2
    client.force_login(org.person_user)
    r = client.post(reverse("notify:mark_read", args=[mine.pk]))
    assert r.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None and unread_count(org.person_user) == 1
    client.post(reverse("notify:mark_all_read"))
    assert unread_count(org.person_user) == 0
    assert "1 条未读" not in client.get(reverse("notify:inbox")).content.decode()


def test_cannot_mark_someone_elses_message(org, client):
    theirs = _notice(org.other_user, "李四的通知").deliveries.get()
    client.force_login(org.person_user)
    assert client.post(reverse("notify:mark_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_a_message_marks_it_read_and_follows_its_link(org, client):
    entry = _notice(org.person_user, "受理通知", link="/cases/7/").deliveries.get()
    client.force_login(org.person_user)
    r = client.get(reverse("notify:open", args=[entry.pk]))  # a GET follows the link and writes nothing
    assert r.status_code == 302 and r["Location"] == "/cases/7/"
    entry.refresh_from_db()
    assert entry.read_at is None
    r = client.post(reverse("notify:open", args=[entry.pk]))  # the inbox's 查看详情 button
    assert r.status_code == 302 and r["Location"] == "/cases/7/"
    entry.refresh_from_db()
    assert entry.read_at is not None


def test_foreign_links_are_not_followed(org, client):
    entry = _notice(org.person_user, "可疑", link="https://evil.example.com/").deliveries.get()
    client.force_login(org.person_user)
    assert client.post(reverse("notify:open", args=[entry.pk]))["Location"] == reverse("notify:inbox")


def test_reading_is_audited(org, client):
    from yiwang.audit.services import events_for

    entry = _notice(org.person_user, "补正通知").deliveries.get()
    client.force_login(org.person_user)
    client.post(reverse("notify:mark_read", args=[entry.pk]))
    (event,) = events_for(entry)
    assert event.action == "notify.read" and event.actor == org.person_user


def test_preferences_page_saves(org, client):
    client.force_login(org.person_user)
    assert client.get(reverse("notify:preferences")).status_code == 200
    client.post(reverse("notify:preferences"), {"site": "on", "sms": "on"})
    pref = org.person_user.notify_preference
    assert (pref.site, pref.email, pref.sms) == (True, False, True)


def test_unread_count_template_tag(org):
    _notice(org.person_user, "通知")
    request = RequestFactory().get("/")
    request.user = org.person_user
    out = Template("{% load notify_tags %}{% unread_count as n %}[{{ n }}]").render(Context({"request": request}))
    assert out == "[1]"


def test_inbox_api_is_the_users_own(org, api_client):
    entry = _notice(org.person_user, "张三的通知").deliveries.get()
    other = _notice(org.other_user, "李四的通知").deliveries.get()
    api_client.force_authenticate(org.person_user)
    body = api_client.get("/api/v1/notify/messages/").json()
    assert [m["subject"] for m in body["results"]] == ["张三的通知"]
    assert api_client.get(f"/api/v1/notify/messages/{other.pk}/").status_code == 404
    assert api_client.get("/api/v1/notify/messages/unread-count/").json() == {"unread": 1}
    r = api_client.post(f"/api/v1/notify/messages/{entry.pk}/read/")
    assert r.status_code == 200 and r.json()["read_at"]
    assert api_client.get("/api/v1/notify/messages/", {"unread": "1"}).json()["results"] == []


def test_preferences_api(org, api_client):
    api_client.force_authenticate(org.person_user)
    assert api_client.get("/api/v1/notify/preferences/").json() == {"site": True, "email": True, "sms": True}
    r = api_client.put("/api/v1/notify/preferences/", {"sms": False}, format="json")
    assert r.json() == {"site": True, "email": True, "sms": False}
    r = api_client.put("/api/v1/notify/preferences/", {"sms": "也许"}, format="json")
    assert r.status_code == 400 and "sms" in r.json()["errors"]
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/notify/preferences/").status_code in (401, 403)
