"""听证公告 (行政许可法 arts. 46 and 48 (1)): the public hearings announced or scheduled, for anyone (no login)."""
from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone

from ..models import Hearing


def hearings(request):
    """Public hearings still to be held (and those held in the last 30 days), soonest first."""
    today = timezone.localdate()
    rows = (Hearing.objects.filter(public=True, status__in=[Hearing.Status.ANNOUNCED, Hearing.Status.SCHEDULED,
                                                            Hearing.Status.HELD])
            .exclude(status=Hearing.Status.HELD, held_on__lt=today - timedelta(days=30))
            .select_related("case__department", "case__item_version", "host")
            .order_by("scheduled_for", "notified_on", "id")[:200])
    return render(request, "cases/portal/hearings.html", {"hearings": rows})
