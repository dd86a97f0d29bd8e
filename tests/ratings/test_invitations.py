"""Rating invitations (issue 19): each rated service's invitation recorded with the channels that reached the
rater, one reminder, the signed link that opens that one rating without a password, and the dashboard's
invitation and response rates."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from yiwang.audit.models import AuditEvent
from yiwang.notify.models import Message
from yiwang.ratings import invitations
from yiwang.ratings.models import Invitation, Rating

from .factories import accepted_at_window, delivered

pytestmark = pytest.mark.django_db


def _sms_link(case, service):
    return Message.objects.get(event="ratings.invite", ref=f"rating-invite:{case.pk}:{service}",
                               deliveries__channel="sms").link


def test_each_service_records_one_invitation_with_the_channels_that_reached_the_rater(org, items):
    case = accepted_at_window(org, items.one)
    inv = Invitation.objects.get(case=case)
    assert inv.service == "acceptance" and inv.department_id == case.department_id
    assert inv.service_on == case.accepted_on and "site" in inv.channels and "sms" in inv.channels
    assert AuditEvent.objects.filter(action="rating.invite", target_id=str(inv.pk)).exists()
    from yiwang.cases import services

    case = services.approve(case, actor=org.clerk, expected_version=case.version)
    services.deliver(case, actor=org.clerk, expected_version=case.version, method="window")
    assert sorted(Invitation.objects.filter(case=case).values_list("service", flat=True)) == [
        "acceptance", "delivery"]


def test_one_reminder_for_an_unanswered_invitation_and_none_once_rated(org, items):
    waiting = accepted_at_window(org, items.one)
    rated = accepted_at_window(org, items.one)
    from yiwang.ratings import services

    services.rate(rated, actor=org.person_user, service="acceptance", grade=5, channel="portal")
    later = timezone.now() + timedelta(days=4)
    assert invitations.send_reminders(now=timezone.now()) == 0  # not yet three days
    assert invitations.send_reminders(now=later) == 1
    reminder = Message.objects.get(event="ratings.remind", deliveries__channel="site")
    assert reminder.ref == f"rating-remind:{waiting.pk}:acceptance" and "尚未评价" in reminder.body
    assert reminder.link == reverse("ratings:rate", args=[waiting.pk, "acceptance"])
    assert Invitation.objects.get(case=waiting).reminded_at is not None
    assert invitations.send_reminders(now=later + timedelta(days=10)) == 0  # one reminder, never two
    answered = Invitation.objects.get(case=rated)
    assert answered.rating == Rating.objects.get(case=rated) and answered.answered_at is not None


def test_the_sms_link_opens_that_one_rating_without_a_password(org, items, client):
    case = accepted_at_window(org, items.one)
    other = accepted_at_window(org, items.one)
    link = _sms_link(case, "acceptance")
    token = link.split("?via=", 1)[1]
    page = client.get(link)
    assert page.status_code == 200 and 'name="grade"' in page.content.decode()
    # the token opens nothing else: another case, or no token at all, asks for the sign-in
    assert client.get(reverse("ratings:rate", args=[other.pk, "acceptance"]) + f"?via={token}").status_code == 302
    assert client.get(reverse("ratings:rate", args=[case.pk, "acceptance"])).status_code == 302
    assert client.get(reverse("ratings:rate", args=[case.pk, "acceptance"]) + "?via=forged").status_code == 302
    response = client.post(reverse("ratings:rate", args=[case.pk, "acceptance"]), {"grade": "4", "via": token})
    assert response.status_code == 302
    rating = Rating.objects.get(case=case, service="acceptance")
    assert rating.channel == "sms" and not rating.on_behalf and rating.grade == 4
    assert Invitation.objects.get(case=case).rating == rating
    # rated once: the link shows the rating, and a second post through it is refused
    again = client.post(reverse("ratings:rate", args=[case.pk, "acceptance"]), {"grade": "1", "via": token})
    assert again.status_code == 400 and Rating.objects.get(case=case, service="acceptance").grade == 4


def test_the_dashboard_shows_invitation_and_response_rates_with_their_definitions(org, items):
    from yiwang.ratings import services
    from yiwang.supervision import figures

    a = delivered(org, items.one)
    b = delivered(org, items.one)
    services.rate(a, actor=org.person_user, service="case", grade=5, channel="portal")
    day = b.delivered_on
    start, end = day - timedelta(days=30), day + timedelta(days=1)
    row = figures.rating_figures(start, end)[a.department_id]
    assert row["invitation_rate"] == 100.0 and row["response_rate"] == 50.0
    assert figures.dashboard(start, end)["total"]["response_rate"] == 50.0
    assert "逾期默认评价不计" in figures.DEFINITION_MAP["response_rate"][2]
