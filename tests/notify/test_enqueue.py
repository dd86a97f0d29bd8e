"""enqueue(): outbox rows in the caller's transaction, channels chosen by argument or preference."""
import pytest
from django.db import transaction

from yiwang.notify.models import ChannelPreference, Delivery, Message
from yiwang.notify.services import enqueue, set_preferences
from yiwang.notify.tasks import send_pending


def _notice(user=None, **kw):
    return enqueue(event="case.accepted", subject="您的办件已受理", body="办件 B2026-0001 已受理。",
                   user=user, link="/cases/1/", ref="B2026-0001", **kw)


def _channels(message):
    return {d.channel: d for d in message.deliveries.all()}


def test_rolled_back_transaction_sends_nothing(org, mailoutbox, django_capture_on_commit_callbacks):
    org.person_user.email = "zhangsan@example.cn"
    org.person_user.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                _notice(org.person_user)
                raise RuntimeError("受理失败")
    assert callbacks == []
    assert not Message.objects.exists() and not Delivery.objects.exists()
    send_pending.call_local()
    assert mailoutbox == []


def test_committed_notice_schedules_the_sender_once(org, django_capture_on_commit_callbacks, monkeypatch):
    scheduled = []
    monkeypatch.setattr("yiwang.notify.services._schedule_sender", scheduled.append)
    org.person_user.email = "zhangsan@example.cn"
    org.person_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        message = _notice(org.person_user)
    assert scheduled == [message.pk]


def test_channels_from_the_users_addresses(org):
    org.person_user.email, org.person_user.phone = "zhangsan@example.cn", "13800000001"
    org.person_user.save()
    d = _channels(_notice(org.person_user))
    assert d["site"].status == Delivery.Status.SENT and d["site"].user == org.person_user
    assert (d["email"].status, d["email"].address) == (Delivery.Status.PENDING, "zhangsan@example.cn")
    assert (d["sms"].status, d["sms"].address) == (Delivery.Status.PENDING, "13800000001")


def test_channel_without_address_is_skipped_with_reason(org):
    d = _channels(_notice(org.other_user))  # 李四 has neither email nor phone
    assert d["site"].status == Delivery.Status.SENT
    assert d["email"].status == Delivery.Status.SKIPPED and "邮箱" in d["email"].last_error
    assert d["sms"].status == Delivery.Status.SKIPPED and "手机" in d["sms"].last_error


def test_address_arguments_without_a_user(org):
    d = _channels(_notice(email="company@example.cn", phone="13900000000"))
    assert d["site"].status == Delivery.Status.SKIPPED and "用户" in d["site"].last_error
    assert d["email"].address == "company@example.cn" and d["sms"].address == "13900000000"


def test_saved_preference_is_respected(org, mailoutbox):
    org.person_user.email, org.person_user.phone = "zhangsan@example.cn", "13800000001"
    org.person_user.save()
    with transaction.atomic():
        set_preferences(org.person_user, site=True, email=False, sms=True)
    d = _channels(_notice(org.person_user))
    assert d["email"].status == Delivery.Status.SKIPPED and "偏好" in d["email"].last_error
    assert d["sms"].status == Delivery.Status.PENDING
    send_pending.call_local()
    assert mailoutbox == []
    assert ChannelPreference.objects.get(user=org.person_user).email is False


def test_explicit_channels_override_preference(org):
    with transaction.atomic():
        set_preferences(org.person_user, site=True, email=False, sms=False)
    d = _channels(_notice(org.person_user, email="x@example.cn", channels=["email"]))
    assert set(d) == {"email"} and d["email"].status == Delivery.Status.PENDING


def test_preference_change_is_audited(org):
    from yiwang.audit.services import events_for

    with transaction.atomic():
        pref = set_preferences(org.person_user, site=True, email=True, sms=False)
    (event,) = events_for(pref)
    assert event.action == "notify.preferences" and event.after == {"site": True, "email": True, "sms": False}


def test_many_at_once_write_what_one_at_a_time_writes(org, django_capture_on_commit_callbacks, monkeypatch):
    """A periodic task raising thousands of warnings writes them through enqueue_many: the same messages and
    deliveries, by each person's preference, as enqueue() one by one — and one sender queued for all."""
    from yiwang.notify.services import enqueue_many

    org.person_user.email, org.person_user.phone = "zhangsan@example.cn", "13800000001"
    org.person_user.save()
    set_preferences(org.person_user, site=True, email=False, sms=True)
    people = [org.person_user, org.other_user]

    def shape(messages):
        return [(m.user_id, m.subject, m.ref, sorted((d.channel, d.status, d.address, d.last_error)
                                                     for d in m.deliveries.all())) for m in messages]

    one_by_one = [_notice(u) for u in people]
    scheduled = []
    monkeypatch.setattr("yiwang.notify.services._schedule_many", scheduled.append)
    with django_capture_on_commit_callbacks(execute=True):
        many = enqueue_many([{"event": "case.accepted", "subject": "您的办件已受理", "body": "办件 B2026-0001 已受理。",
                              "user": u, "link": "/cases/1/", "ref": "B2026-0001"} for u in people])
    assert shape(Message.objects.filter(pk__in=[m.pk for m in many]).order_by("pk")) == shape(one_by_one)
    sms = Delivery.objects.get(message=many[0], channel="sms")
    assert scheduled == [[many[0].pk]] and sms.status == Delivery.Status.PENDING
    with pytest.raises(ValueError):
        enqueue_many([{"event": "case.accepted", "subject": "", "user": org.person_user}])
