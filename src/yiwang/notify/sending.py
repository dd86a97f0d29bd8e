"""The sender: claims due deliveries, sends them through their channel, records the outcome.

Claiming is a short transaction (select_for_update(skip_locked=True) where the database supports it) that
counts the attempt and leases the rows for YIWANG_NOTIFY_LEASE_SECONDS, so sending (slow SMTP, a gateway)
holds no lock and two senders never send the same delivery; a sender that dies mid-way leaves the lease to
run out and the delivery is retried."""
from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from yiwang.audit.services import record

from . import conf, sms
from .domain.planning import backoff_seconds, outcome_after_failure
from .models import Channel, Delivery

log = logging.getLogger(__name__)


class PermanentFailure(Exception):
    """A refusal that retrying will not change."""


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"sent": self.sent, "retrying": self.retrying, "failed": self.failed, "dead": self.dead}

    @property
    def summary(self) -> str:
        return f"已发送 {self.sent} 条，待重试 {self.retrying} 条，失败 {self.failed} 条，放弃 {self.dead} 条"


def absolute(link: str) -> str:
    if link.startswith("/"):
        return conf.public_url() + link
    return link


def email_text(delivery: Delivery) -> str:
    m = delivery.message
    return f"{m.body}\n\n查看详情：{absolute(m.link)}" if m.link else m.body


def sms_text(delivery: Delivery) -> str:
    m = delivery.message
    text = f"{conf.sms_signature()}{m.body or m.subject}"
    return f"{text} {absolute(m.link)}" if m.link else text


def _send_email(delivery: Delivery) -> str:
    try:
        EmailMessage(delivery.message.subject, email_text(delivery), settings.DEFAULT_FROM_EMAIL,
                     [delivery.address]).send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        raise PermanentFailure(f"邮件服务器拒收该地址：{exc.recipients}") from None
    return ""


def _send_sms(delivery: Delivery) -> str:
    try:
        return sms.get_backend().send(delivery.address, sms_text(delivery), ref=delivery.message.ref) or ""
    except sms.PermanentSmsError as exc:
        raise PermanentFailure(str(exc)) from None


SENDERS = {Channel.EMAIL: _send_email, Channel.SMS: _send_sms}


def _claim(now, message_ids, limit) -> list[int]:
    with transaction.atomic():
        qs = Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now,
                                     channel__in=list(SENDERS))
        if message_ids is not None:
            qs = qs.filter(message_id__in=message_ids)
        skip = connection.features.has_select_for_update_skip_locked
        ids = list(qs.order_by("next_attempt_at", "id").select_for_update(skip_locked=skip)
                   .values_list("id", flat=True)[:limit])
        if ids:
            Delivery.objects.filter(pk__in=ids).update(
                attempts=F("attempts") + 1, next_attempt_at=now + timedelta(seconds=conf.lease_seconds()))
    return ids


def _finish(delivery_id: int, *, receipt: str = "", error: str = "", permanent: bool = False) -> str:
    """Record one attempt's outcome; returns the new status."""
    now = timezone.now()
    with transaction.atomic():
        d = Delivery.objects.select_for_update(of=("self",)).select_related("message").get(pk=delivery_id)
        if d.status != Delivery.Status.PENDING:
            return d.status  # changed meanwhile (e.g. by an administrator): leave it
        before = {"status": d.status, "attempts": d.attempts}
        if not error:
            d.status, d.sent_at, d.last_error, d.provider_id, d.next_attempt_at = (
                Delivery.Status.SENT, now, "", receipt[:100], None)
        else:
            d.status = outcome_after_failure(d.attempts, conf.max_attempts(), permanent)
            d.last_error = error[:2000]
            d.next_attempt_at = (now + timedelta(seconds=backoff_seconds(
                d.attempts, base=conf.backoff_base_seconds(), cap=conf.backoff_cap_seconds()))
                if d.status == Delivery.Status.PENDING else None)
        d.save(update_fields=["status", "sent_at", "last_error", "provider_id", "next_attempt_at"])
        action = {"sent": "notify.sent", "pending": "notify.retry", "failed": "notify.failed",
                  "dead": "notify.dead"}[d.status]
        record(actor=None, action=action, target=d, before=before,
               after={"status": d.status, "attempts": d.attempts, "next_attempt_at": d.next_attempt_at},
               data={"channel": d.channel, "message": d.message_id, "event": d.message.event,
                     "ref": d.message.ref, "error": d.last_error})
    return d.status


def send_pending(*, message_ids: list[int] | None = None, now=None, limit: int | None = None) -> SendReport:
    """Send every due pending delivery (or only those of `message_ids`) and record each outcome."""
    now = now or timezone.now()
    report = SendReport()
    ids = _claim(now, message_ids, limit or conf.batch_size())
    for delivery in Delivery.objects.filter(pk__in=ids).select_related("message").order_by("id"):
        receipt, error, permanent = "", "", False
        try:
            receipt = SENDERS[delivery.channel](delivery)
        except PermanentFailure as exc:
            error, permanent = str(exc) or "发送被拒绝", True
        except Exception as exc:  # any backend error: keep it, retry later
            error = f"{type(exc).__name__}: {exc}"
        if error:
            log.warning("Delivery %s (%s to %s) failed: %s", delivery.pk, delivery.channel, delivery.address, error)
            report.errors.append(error)
        status = _finish(delivery.pk, receipt=receipt, error=error, permanent=permanent)
        if status == Delivery.Status.SENT:
            report.sent += 1
        elif status == Delivery.Status.PENDING:
            report.retrying += 1
        elif status == Delivery.Status.FAILED:
            report.failed += 1
        elif status == Delivery.Status.DEAD:
            report.dead += 1
    return report
