"""The channel a rating came through, recorded by the platform (never chosen by the rater): the portal page
(网上办事大厅), the link of the SMS invitation (短信链接, a signed token in the link), the API of the mobile
app (移动端); staff recording a rating on the rater's behalf: 12345 热线, or 窗口 when a clerk of the receiving hall
comes from the staff case page's 去评价 / 代录 (`?at=window`; services.rate checks the clerk's hall)."""
from __future__ import annotations

from django.core import signing

from .models import RatingChannel

SALT = "yiwang.ratings.invitation"
MAX_AGE = 60 * 60 * 24 * 90  # an invitation link is good for ninety days


def invitation_token(case_id: int, service: str, channel: str) -> str:
    """The token an invitation's link carries, naming the case, the service and the channel it was sent by."""
    return signing.dumps([int(case_id), service, channel], salt=SALT, compress=True)


def from_token(token: str, case_id: int, service: str) -> str | None:
    """The channel a valid token for this case and service names, else None (a forged, stale or other token)."""
    if not token:
        return None
    try:
        c, s, ch = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if c != case_id or s != service or ch not in RatingChannel.values:
        return None
    return ch


def of_page(request, case, service: str) -> str:
    """A rating given on the page: through an invitation link (its channel), else the portal; staff recording it
    from the staff case page at the window: 窗口."""
    if at_window(request):
        return RatingChannel.WINDOW
    token = request.POST.get("via") or request.GET.get("via") or ""
    return from_token(token, case.pk, service) or RatingChannel.PORTAL


def at_window(request) -> bool:
    """Staff recording a rating given at the window (the staff case page's 去评价 / 代录 link)."""
    user = request.user
    return (getattr(user, "is_authenticated", False) and user.kind == user.Kind.STAFF
            and (request.POST.get("at") or request.GET.get("at")) == "window")


def of_api(request) -> str:
    """A rating given through the API: the mobile app (the API's rater clients)."""
    return RatingChannel.APP
