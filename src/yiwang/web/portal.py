"""What the two home pages show: the public's search-first portal (个人 / 法人 tabs, popular items, themes, the 好差评
entry) and a staff member's workbench (the counts of their own work, each linked to the page that lists it, and
only those whose page they may open; then short lists of their own items that the apps add in
`yiwang/<app>/home.py`). Reads only: the counts and lists come from the apps' own queries."""
from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .navigation import all_links, sees

AUDIENCES = (("natural", _("个人办事")), ("legal", _("法人办事")))
POPULAR = 8
POPULAR_DAYS = 180
# not yet delivered or closed
OPEN_STATES = ("received", "supplementing", "under_review", "suspended", "approved", "denied")


def _popular_items(kind: str, today) -> list:
    """The public items most filed by applicants of `kind` lately, topped up with the catalogue's first items."""
    from yiwang.cases.models import Case
    from yiwang.catalog.queries import public_items

    public = public_items()
    ranked = (Case.objects.filter(applicant__kind=kind, received_on__gte=today - timedelta(days=POPULAR_DAYS))
              .values("item_version__item").annotate(n=Count("id")).order_by("-n", "item_version__item")[:POPULAR * 2])
    ids = [r["item_version__item"] for r in ranked]
    by_id = {i.pk: i for i in public.filter(pk__in=ids)}
    items = [by_id[i] for i in ids if i in by_id][:POPULAR]
    if len(items) < POPULAR:
        items += list(public.exclude(pk__in=[i.pk for i in items]).order_by("department__code", "code")
                      [:POPULAR - len(items)])
    return items


def public_home(user) -> dict:
    from yiwang.catalog.models import Bundle, Topic

    today = timezone.localdate()
    tabs = []
    for kind, label in AUDIENCES:
        topics = Topic.objects.filter(audience__in=[kind, Topic.Audience.BOTH])
        tabs.append({"kind": kind, "label": label, "items": _popular_items(kind, today), "topics": list(topics)})
    ctx = {"tabs": tabs, "bundles": list(Bundle.objects.filter(status=Bundle.Status.ACTIVE)[:6])}
    if user.is_authenticated:
        from yiwang.cases.queries import cases_visible_to, waiting_for
        from yiwang.ratings.queries import cases_to_rate

        ctx["mine"] = {
            "waiting": cases_visible_to(user).filter(waiting_for(user)).count(),
            "open": cases_visible_to(user).filter(state__in=OPEN_STATES).count(),
            "to_rate": len(cases_to_rate(user)),
        }
    return ctx


# ---- staff ---------------------------------------------------------------------------------------------------------
def _audience(url_name: str):
    for name, _label, _help, who in all_links():
        if name == url_name:
            return who
    return None


def _may_open(user, url_name: str) -> bool:
    who = _audience(url_name)
    return who is not None and sees(user, who)


def _tile(label, count, url_name, *, level="", query="", note=""):
    return {"label": label, "count": count, "url": reverse(url_name) + (f"?{query}" if query else ""),
            "level": level, "note": note}


def staff_counts(user) -> list[dict]:
    """The counts of a staff member's own work, each linked to where it is listed."""
    today = timezone.localdate()
    tiles = []
    if _may_open(user, "cases:workbench"):
        from yiwang.cases.models import Case
        from yiwang.cases.workbench.queries import hall_ids

        halls = hall_ids(user)
        tiles.append(_tile(_("今日收件"), Case.objects.filter(hall_id__in=halls, received_on=today).count(),
                           "cases:workbench", note=_("本大厅今天收到的申请")))
    if _may_open(user, "cases:inbox"):
        from yiwang.cases.workbench.queries import annotate_urgency, inbox

        waiting = annotate_urgency(list(inbox(user)[:2000]), today)
        near = sum(1 for c in waiting if c.urgency.level == "near")
        overdue = sum(1 for c in waiting if c.urgency.level == "overdue")
        tiles.append(_tile(_("待我办理"), len(waiting), "cases:inbox", note=_("下一步由我办理的办件")))
        tiles.append(_tile(_("临近期限"), near, "cases:inbox", level="yellow" if near else "",
                           note=_("剩余工作日不多的待办")))
        tiles.append(_tile(_("已超期"), overdue, "cases:inbox", level="red" if overdue else "",
                           note=_("超过办理时限的待办")))
    if _may_open(user, "supervision:board"):
        from yiwang.supervision.access import SupervisionScope
        from yiwang.supervision.models import SupervisionOrder

        scope = SupervisionScope(user)
        orders = scope.filter(SupervisionOrder.objects.filter(status=SupervisionOrder.Status.OPEN))
        n = orders.count()
        label = _("督办待答复") if scope.is_supervisor else _("督办待我部门答复")
        overdue_orders = orders.filter(reply_due__lt=today).count()
        tiles.append(_tile(label, n, "supervision:board", level="red" if overdue_orders else ("yellow" if n else ""),
                           note=_("其中逾期 %(n)s 件") % {"n": overdue_orders}))
    if _may_open(user, "ratings:rectifications"):
        from yiwang.ratings.models import Rectification
        from yiwang.ratings.queries import rectifications_visible_to

        live = Q(status__in=[Rectification.Status.OPEN, Rectification.Status.CONTACTED])
        n = rectifications_visible_to(user).filter(live).count()
        tiles.append(_tile(_("差评待整改"), n, "ratings:rectifications", level="red" if n else "",
                           note=_("待回访或整改中的差评")))
    return tiles


# ---- the apps' short lists of a person's own work ------------------------------------------------------------------
def work_lists(user) -> list[dict]:
    """Each app may add short lists of a staff member's own work in `yiwang/<app>/home.py` as
    `work(user) -> list[dict]`, gathered in INSTALLED_APPS order. A list is {"key", "title", "url" (the page that
    lists all of it), "items": [{"label", "url", "note"}], "empty": what to say when there is nothing}; an app
    returns none for a person it has no work for. Every item's link opens for that person."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.conf import settings

    out = []
    for app in settings.INSTALLED_APPS:
        if app.startswith("yiwang.") and find_spec(f"{app}.home") is not None:
            out.extend(import_module(f"{app}.home").work(user))
    return out
