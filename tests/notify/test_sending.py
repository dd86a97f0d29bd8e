"""The sender: retries with backoff after a failure, gives up after the maximum, records every outcome."""
import smtplib
from datetime import timedelta

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from yiwang.audit.services import events_for, verify
from yiwang.notify import sending
from yiwang.notify.models import Delivery
from yiwang.notify.services import enqueue
from yiwang.notify.sms import LogBackend
from yiwang.notify.tasks import retry_due, send_pending


class BrokenEmailBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP 服务器无响应")


class RefusingEmailBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"nobody@example.cn": (550, b"no such user")})


class BrokenSmsBackend:
    def send(self, phone, text, *, ref=""):
        raise OSError("网关超时")


def _email_notice(address="zhangsan@example.cn", **kw):
    return enqueue(event="case.accepted", subject="您的办件已受理", body="办件 B2026-0001 已受理。",
                   email=address, link="/cases/1/", ref="B2026-0001", channels=["email"], **kw)


def _delivery(message, channel="email"):
    return message.deliveries.get(channel=channel)


def test_email_is_sent_with_an_absolute_link(db, mailoutbox, settings):
    settings.YIWANG_PUBLIC_URL = "https://zwfw.example.gov.cn"
    message = _email_notice()
    assert send_pending.call_local() == {"sent": 1, "retrying": 0, "failed": 0, "dead": 0}
    (sent,) = mailoutbox
    assert sent.to == ["zhangsan@example.cn"] and sent.subject == "您的办件已受理"
    assert "https://zwfw.example.gov.cn/cases/1/" in sent.body
    d = _delivery(message)
    assert d.status == Delivery.Status.SENT and d.sent_at and d.attempts == 1
    assert [e.action for e in events_for(d)] == ["notify.sent"]
    assert send_pending.call_local()["sent"] == 0  # nothing sent twice


def test_failing_email_stays_pending_with_the_error_and_a_later_run_sends_it(db, settings):
    settings.EMAIL_BACKEND = "tests.notify.test_sending.BrokenEmailBackend"
    message = _email_notice()
    assert send_pending.call_local()["retrying"] == 1
    d = _delivery(message)
    assert d.status == Delivery.Status.PENDING and d.attempts == 1
    assert "SMTP 服务器无响应" in d.last_error
    assert d.next_attempt_at > timezone.now() + timedelta(seconds=50)  # backoff: not retried at once
    assert retry_due.call_local()["retrying"] == 0
    assert _delivery(message).attempts == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    report = sending.send_pending(now=timezone.now() + timedelta(minutes=2))
    assert report.sent == 1 and len(mail.outbox) == 1
    d = _delivery(message)
    assert d.status == Delivery.Status.SENT and d.attempts == 2 and d.last_error == ""
    assert [e.action for e in events_for(d)] == ["notify.retry", "notify.sent"]
    assert verify().ok


def test_dead_after_max_attempts(db, settings):
    settings.EMAIL_BACKEND = "tests.notify.test_sending.BrokenEmailBackend"
    settings.YIWANG_NOTIFY_MAX_ATTEMPTS = 3
    message = _email_notice()
    later = timezone.now()
    statuses = []
    for _ in range(5):
        later += timedelta(hours=7)  # past any backoff
        sending.send_pending(now=later)
        statuses.append(_delivery(message).status)
    assert statuses == ["pending", "pending", "dead", "dead", "dead"]
    d = _delivery(message)
    assert d.attempts == 3 and d.next_attempt_at is None and "SMTP" in d.last_error
    assert events_for(d).last().action == "notify.dead"


def test_refused_address_fails_without_retry(db, settings):
    settings.EMAIL_BACKEND = "tests.notify.test_sending.RefusingEmailBackend"
    message = _email_notice("nobody@example.cn")
    assert send_pending.call_local()["failed"] == 1
    d = _delivery(message)
    assert d.status == Delivery.Status.FAILED and "拒收" in d.last_error and d.next_attempt_at is None


def test_sms_goes_through_the_configured_backend(db, settings):
    settings.YIWANG_SMS_SIGNATURE = "【示范区政务】"
    LogBackend.outbox.clear()
    message = enqueue(event="case.ready", subject="请领取证照", body="您的证照已制作完成，请到窗口领取。",
                      phone="13800000001", ref="B2026-0002", channels=["sms"])
    send_pending.call_local(message_ids=[message.pk])
    (sms,) = LogBackend.outbox
    assert sms["phone"] == "13800000001" and sms["text"].startswith("【示范区政务】您的证照已制作完成")
    d = _delivery(message, "sms")
    assert d.status == Delivery.Status.SENT and d.provider_id == sms["id"]


def test_failing_sms_backend_is_retried(db, settings):
    settings.YIWANG_SMS_BACKEND = "tests.notify.test_sending.BrokenSmsBackend"
    message = enqueue(event="case.ready", subject="请领取", body="请领取", phone="13800000001", channels=["sms"])
    send_pending.call_local()
    d = _delivery(message, "sms")
    assert d.status == Delivery.Status.PENDING and "网关超时" in d.last_error


def test_only_due_deliveries_of_the_given_messages_are_sent(db, mailoutbox):
    first, second = _email_notice("a@example.cn"), _email_notice("b@example.cn")
    send_pending.call_local(message_ids=[second.pk])
    assert [m.to for m in mailoutbox] == [["b@example.cn"]]
    assert _delivery(first).status == Delivery.Status.PENDING


def test_claimed_delivery_is_leased_not_sent_twice(db, mailoutbox):
    message = _email_notice()
    now = timezone.now()
    ids = sending._claim(now, None, 10)  # a sender that claimed and then died
    assert ids == [_delivery(message).pk]
    assert sending.send_pending(now=now).sent == 0
    assert sending.send_pending(now=now + timedelta(minutes=6)).sent == 1
    assert len(mailoutbox) == 1


def test_management_command_sends_what_is_pending(db, mailoutbox, capsys):
    _email_notice("a@example.cn")
    _email_notice("b@example.cn")
    call_command("notify", "send")
    assert len(mailoutbox) == 2
    assert "已发送 2 条" in capsys.readouterr().out
