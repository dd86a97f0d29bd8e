"""去评价 where a rating is due: the link on the applicant's case page, and the message sent right after each
rated service (受理, 出件, or the case as a whole online). Cases knows nothing of ratings: it sends
`case_changed` and shows the links registered with its case page (cases.portal.extensions)."""
from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yiwang.audit.services import record
from yiwang.notify.models import Delivery
from yiwang.notify.services import enqueue

from . import access, conf
from .channels import invitation_token
from .domain.occasions import SERVICE_LABELS
from .models import Invitation, RatingChannel

# The actions after which a service of the case may have just become ratable.
SERVICE_ACTIONS = frozenset({"accept", "deem_accept", "refuse", "deliver", "withdraw", "terminate"})


def due(case) -> list[str]:
    """The services of the case that have happened and are not rated yet."""
    from .queries import occasions_for

    happened = occasions_for(case)
    if not happened:
        return []
    rated = set(case.ratings.values_list("service", flat=True))
    return [s for s in happened if s not in rated]


def rate_url(case_id: int, service: str) -> str:
    return reverse("ratings:rate", args=[case_id, service])


def links(case, user) -> list[dict]:
    """The case page's 去评价 links for the rater (the applicant or their enterprise's agent)."""
    if not access.is_rater(user, case):
        return []
    return [{"id": f"rate-{s}", "label": "去评价", "service": SERVICE_LABELS[s], "url": rate_url(case.pk, s)}
            for s in due(case)]


def staff_links(case, user) -> list[dict]:
    """The staff case page's 去评价 / 代录 links: a clerk of the receiving hall records the rating the applicant
    gives at the window (channel 窗口, marked as recorded on their behalf)."""
    if not access.is_hall_clerk(user, case):
        return []
    return [{"id": f"rate-{s}", "label": "去评价 / 代录", "service": SERVICE_LABELS[s],
             "url": f"{rate_url(case.pk, s)}?at=window"} for s in due(case)]


def _send(case, service: str, *, event: str, ref: str, subject: str, body: str) -> list[str]:
    """The invitation's messages (in-site and e-mail; SMS with a signed link of its own). Returns the channels
    that reached someone."""
    applicant = case.applicant
    user = applicant.user
    if user is None and case.submitted_by.kind == case.submitted_by.Kind.APPLICANT:
        user = case.submitted_by
    url = rate_url(case.pk, service)
    sent = [enqueue(event=event, subject=subject, body=body, user=user, email=applicant.email, link=url, ref=ref,
                    channels=["site", "email"])]
    if applicant.phone or (user and user.phone):
        sent.append(enqueue(event=event, subject=subject, body=body, user=user, phone=applicant.phone,
                            link=f"{url}?via={invitation_token(case.pk, service, RatingChannel.SMS)}", ref=ref,
                            channels=["sms"]))
    return sorted(Delivery.objects.filter(message__in=sent).exclude(status=Delivery.Status.SKIPPED)
                  .values_list("channel", flat=True).distinct())


def invite(sender, *, case, action: str, **kwargs) -> None:
    """After a service: the invitation recorded (评价邀请) and sent — in-site and e-mail, and by SMS with a link of
    its own, so a rating through the SMS link is recorded as 短信链接. Once per case and service."""
    if action not in SERVICE_ACTIONS:
        return
    happened = None
    for service in due(case):
        if Invitation.objects.filter(case=case, service=service).exists():
            continue
        if happened is None:
            from .queries import occasions_for

            happened = occasions_for(case)
        with transaction.atomic():
            label = SERVICE_LABELS[service]
            channels = _send(
                case, service, event="ratings.invite", ref=f"rating-invite:{case.pk}:{service}",
                subject=f"请您评价：{case.item_version.name}",
                body=f"您办理的“{case.item_version.name}”{label}已完成，欢迎对本次服务作出评价（好差评），点击链接去评价。")
            inv = Invitation.objects.create(case=case, service=service, department_id=case.department_id,
                                            service_on=happened[service], invited_at=timezone.now(),
                                            channels=channels)
            record(actor=None, action="rating.invite", target=inv, role="system",
                   after={"case": case.pk, "service": service, "channels": channels})


def answered(rating) -> None:
    """A rating given by the rater (or recorded on their behalf) answers the invitation; a default grade does not."""
    if rating.is_default:
        return
    Invitation.objects.filter(case_id=rating.case_id, service=rating.service, rating__isnull=True).update(
        rating=rating, answered_at=timezone.now())


def send_reminders(now=None) -> int:
    """The one reminder (评价提醒) for each invitation unanswered `reminder_days` after it was sent, while the
    service can still be rated. Returns how many were sent."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=conf.reminder_days())
    pending = (Invitation.objects.filter(rating__isnull=True, reminded_at__isnull=True, invited_at__lte=cutoff)
               .exclude(channels=[]).select_related("case__applicant__user", "case__submitted_by",
                                                     "case__item_version").order_by("id"))
    n = 0
    for inv in pending.iterator(chunk_size=200):
        with transaction.atomic():
            inv = Invitation.objects.select_for_update(of=("self",)).select_related(
                "case__applicant__user", "case__submitted_by", "case__item_version").get(pk=inv.pk)
            if inv.reminded_at is not None or inv.rating_id is not None:
                continue
            if inv.case.ratings.filter(service=inv.service).exists():
                continue
            name = inv.case.item_version.name
            label = SERVICE_LABELS[inv.service]
            channels = _send(inv.case, inv.service, event="ratings.remind",
                             ref=f"rating-remind:{inv.case_id}:{inv.service}", subject=f"评价提醒：{name}",
                             body=f"您办理的“{name}”{label}尚未评价，您的评价将帮助我们改进服务，点击链接去评价。")
            inv.reminded_at = now
            inv.save(update_fields=["reminded_at"])
            record(actor=None, action="rating.remind", target=inv, role="system",
                   after={"case": inv.case_id, "service": inv.service, "channels": channels})
            n += 1
    return n
