"""The notify interface. `enqueue()` writes the outbox rows in the caller's transaction and, once it commits,
queues the sender; inbox and preference changes also live here (each audited)."""
from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from yiwang.audit.services import record

from . import conf
from .domain.planning import plan_channels
from .models import Channel, ChannelPreference, Delivery, Message

log = logging.getLogger(__name__)


def _preferred(user) -> list[str] | None:
    if user is None:
        return None
    pref = ChannelPreference.objects.filter(user=user).first()
    return pref.enabled() if pref else None


def _schedule_sender(message_id: int) -> None:
    from .tasks import send_pending

    send_pending(message_ids=[message_id])


def _deliveries(message, plan, user, now) -> list[Delivery]:
    rows = []
    for p in plan:
        d = Delivery(message=message, channel=p.channel, address=p.address[:254],
                     user=user if p.channel == Channel.SITE else None)
        if p.skipped:
            d.status, d.last_error = Delivery.Status.SKIPPED, p.skip_reason
        elif p.channel == Channel.SITE:
            # The inbox entry is the delivery: it is there the moment the transaction commits.
            d.status, d.sent_at = Delivery.Status.SENT, now
        else:
            d.next_attempt_at = now
        rows.append(d)
    return rows


def enqueue(*, event: str, subject: str, body: str, user=None, email: str = "", phone: str = "", link: str = "",
            ref: str = "", channels: list[str] | None = None) -> Message:
    """Write one Message and a Delivery per channel inside the caller's transaction.

    Channels: `channels` if given, else the user's saved preference, else all three. The site channel needs a
    user, email an address (argument, else the user's), SMS a phone (argument, else the user's); a channel
    without one is recorded as skipped with the reason. Nothing is sent before the transaction commits, and
    nothing at all if it rolls back."""
    if not event:
        raise ValueError("通知必须注明事件（如 case.accepted）")
    if not subject:
        raise ValueError("通知必须有标题")
    if user is not None and getattr(user, "pk", None) is None:
        user = None
    email = email or (getattr(user, "email", "") if user is not None else "")
    phone = phone or (getattr(user, "phone", "") if user is not None else "")
    plan = plan_channels(channels=channels, preferred=_preferred(user) if channels is None else None,
                         has_user=user is not None, email=email, phone=phone)
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.create(event=event[:100], subject=subject[:200], body=body, link=link[:500],
                                         ref=ref[:100], user=user)
        rows = _deliveries(message, plan, user, now)
        Delivery.objects.bulk_create(rows)
        if conf.dispatch_on_commit() and any(r.status == Delivery.Status.PENDING for r in rows):
            transaction.on_commit(lambda: _schedule_sender(message.pk), robust=True)
    return message


def enqueue_many(items: list[dict]) -> list[Message]:
    """`enqueue()` for many messages at once (a periodic task raising thousands): each item has enqueue()'s
    event, subject, body, user, link and ref; the same rows — a Message and a Delivery per planned channel, by
    each user's preference — written in three statements, and one sender queued after the commit."""
    if not items:
        return []
    for it in items:
        if not it.get("event"):
            raise ValueError("通知必须注明事件（如 case.accepted）")
        if not it.get("subject"):
            raise ValueError("通知必须有标题")
    users = {it["user"].pk for it in items if it.get("user") is not None}
    prefs = {p.user_id: p.enabled() for p in ChannelPreference.objects.filter(user_id__in=users)}
    now = timezone.now()
    with transaction.atomic():
        messages = Message.objects.bulk_create([
            Message(event=it["event"][:100], subject=it["subject"][:200], body=it.get("body", ""),
                    link=it.get("link", "")[:500], ref=it.get("ref", "")[:100], user=it.get("user")) for it in items],
            batch_size=1000)
        rows = []
        for it, message in zip(items, messages):
            user = it.get("user")
            plan = plan_channels(channels=None, preferred=prefs.get(user.pk) if user is not None else None,
                                 has_user=user is not None, email=getattr(user, "email", "") or "",
                                 phone=getattr(user, "phone", "") or "")
            rows.extend(_deliveries(message, plan, user, now))
        Delivery.objects.bulk_create(rows, batch_size=1000)
        pending = sorted({r.message_id for r in rows if r.status == Delivery.Status.PENDING})
        if conf.dispatch_on_commit() and pending:
            transaction.on_commit(lambda: _schedule_many(pending), robust=True)
    return messages


def _schedule_many(message_ids: list[int]) -> None:
    from .tasks import send_pending

    send_pending(message_ids=message_ids)


def inbox(user):
    """The user's in-site messages, newest first."""
    return (Delivery.objects.filter(user=user, channel=Channel.SITE, status=Delivery.Status.SENT)
            .select_related("message").order_by("-message__created_at", "-id"))


def unread_count(user) -> int:
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return inbox(user).filter(read_at__isnull=True).count()


def mark_read(user, delivery_ids: list[int] | None = None) -> int:
    """Mark the user's own unread inbox entries read (all of them if no ids); returns how many changed.
    Each reading is audited: the time a notice was read can matter as proof of service (送达)."""
    now = timezone.now()
    with transaction.atomic():
        qs = inbox(user).filter(read_at__isnull=True).select_for_update()
        if delivery_ids is not None:
            qs = qs.filter(pk__in=delivery_ids)
        entries = list(qs)
        for d in entries:
            Delivery.objects.filter(pk=d.pk).update(read_at=now)
            record(actor=user, action="notify.read", target=d, after={"read_at": now},
                   data={"message": d.message_id, "event": d.message.event, "ref": d.message.ref})
    return len(entries)


def set_preferences(user, *, site: bool, email: bool, sms: bool) -> ChannelPreference:
    with transaction.atomic():
        pref, _ = ChannelPreference.objects.select_for_update().get_or_create(user=user)
        before = {"site": pref.site, "email": pref.email, "sms": pref.sms}
        pref.site, pref.email, pref.sms = bool(site), bool(email), bool(sms)
        pref.save()
        record(actor=user, action="notify.preferences", target=pref, before=before,
               after={"site": pref.site, "email": pref.email, "sms": pref.sms})
    return pref


def preferences_of(user) -> ChannelPreference:
    """The saved preference, or an unsaved default one (every channel on)."""
    return ChannelPreference.objects.filter(user=user).first() or ChannelPreference(user=user)
