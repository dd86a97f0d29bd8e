"""去评价 where a rating is due: the link on the applicant's case page, and the message sent right after each
rated service (受理, 出件, or the case as a whole online). Cases knows nothing of ratings: it sends
`case_changed` and shows the links registered with its case page (cases.portal.extensions)."""
from __future__ import annotations

from django.urls import reverse

from yiwang.notify.models import Message
from yiwang.notify.services import enqueue

from . import access
from .channels import invitation_token
from .domain.occasions import SERVICE_LABELS
from .models import RatingChannel

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


def invite(sender, *, case, action: str, **kwargs) -> None:
    """After a service: one message inviting the rating (in-site and e-mail, and by SMS with a link of its own, so
    a rating through the SMS link is recorded as 短信链接). Once per case and service."""
    if action not in SERVICE_ACTIONS:
        return
    for service in due(case):
        ref = f"rating-invite:{case.pk}:{service}"
        if Message.objects.filter(ref=ref).exists():
            continue
        applicant = case.applicant
        user = applicant.user
        if user is None and case.submitted_by.kind == case.submitted_by.Kind.APPLICANT:
            user = case.submitted_by
        label = SERVICE_LABELS[service]
        subject = f"请您评价：{case.item_version.name}"
        body = f"您办理的“{case.item_version.name}”{label}已完成，欢迎对本次服务作出评价（好差评），点击链接去评价。"
        url = rate_url(case.pk, service)
        enqueue(event="ratings.invite", subject=subject, body=body, user=user, email=applicant.email,
                link=url, ref=ref, channels=["site", "email"])
        if applicant.phone or (user and user.phone):
            enqueue(event="ratings.invite", subject=subject, body=body, user=user, phone=applicant.phone,
                    link=f"{url}?via={invitation_token(case.pk, service, RatingChannel.SMS)}", ref=ref,
                    channels=["sms"])
