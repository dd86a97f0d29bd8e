"""Reads more than one page or the API needs: the public list, an enterprise's matches / near misses / grants,
the figures and the collection clock."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from yiwang.notify.models import Channel, Delivery

from . import conf
from .domain import rules
from .models import Grant, GrantRound, Match, Mode, Objection, Policy, Push

PUBLIC_STATUSES = [Policy.Status.PUBLISHED, Policy.Status.EXPIRED]


def public_policies(*, q: str = "", department=None, theme: str = "", mode: str = "", status: str = "",
                    staff: bool = False):
    qs = Policy.objects.all() if staff else Policy.objects.filter(status__in=PUBLIC_STATUSES)
    q = " ".join(str(q or "").split())
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q) | Q(summary__icontains=q))
    if department and str(department).isdigit():
        qs = qs.filter(Q(lead_department_id=department) | Q(departments__id=department)).distinct()
    if theme:
        qs = qs.filter(themes__icontains=theme)
    if mode in Mode.values:
        qs = qs.filter(mode=mode)
    if status in Policy.Status.values:
        qs = qs.filter(status=status)
    return qs.select_related("lead_department").order_by("-published_on", "-issued_on", "-id")


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    y, m = day.year + y, m + 1
    import calendar

    return day.replace(year=y, month=m, day=min(day.day, calendar.monthrange(y, m)[1]))


def collection_clock(today: dt.date | None = None) -> dict:
    """Seed 004: every new policy collected and published within one month of issue. The share over the policies
    published (or due), and the late ones (published late, or still unpublished past the month)."""
    today = today or timezone.localdate()
    months = conf.collection_months()
    rows, late = [], []
    for p in Policy.objects.exclude(status=Policy.Status.WITHDRAWN).select_related("lead_department"):
        due = add_months(p.issued_on, months)
        if p.published_on is None and due >= today:
            continue  # still within its month
        on_time = p.published_on is not None and p.published_on <= due
        rows.append(p)
        if not on_time:
            late.append({"policy": p, "due": due, "days_late": ((p.published_on or today) - due).days})
    n = len(rows)
    return {"count": n, "on_time": n - len(late), "share": round(100 * (n - len(late)) / n, 1) if n else None,
            "late": late, "months": months}


def _read_messages(message_ids: list[int]) -> set[int]:
    return set(Delivery.objects.filter(message_id__in=message_ids, channel=Channel.SITE, read_at__isnull=False)
               .values_list("message_id", flat=True))


DIMENSIONS = {"policy": "政策", "department": "责任部门", "park": "园区", "industry": "行业门类", "month": "月份"}


def figures(*, by: str = "policy", start: dt.date | None = None, end: dt.date | None = None) -> dict:
    """Policies published, enterprises reached (pushed), read rate, applications (即申即享 and 申请兑现), grants and
    amounts granted — by policy, department, park, industry or month."""
    by = by if by in DIMENSIONS else "policy"
    pushes = Push.objects.select_related("policy__lead_department", "enterprise__park")
    grants = Grant.objects.filter(status=Grant.Status.GRANTED).select_related("policy__lead_department",
                                                                            "enterprise__park")
    policies = Policy.objects.filter(published_on__isnull=False).select_related("lead_department")
    if start:
        pushes, grants = pushes.filter(pushed_at__date__gte=start), grants.filter(granted_at__date__gte=start)
        policies = policies.filter(published_on__gte=start)
    if end:
        pushes, grants = pushes.filter(pushed_at__date__lte=end), grants.filter(granted_at__date__lte=end)
        policies = policies.filter(published_on__lte=end)

    def key(policy, enterprise, when):
        if by == "policy":
            return policy.title
        if by == "department":
            return policy.lead_department.name
        if by == "park":
            return enterprise.park.name if enterprise and enterprise.park_id else "（不在园区）"
        if by == "industry":
            return (enterprise.industry_section or "（未分类）") if enterprise else "—"
        return f"{when:%Y-%m}" if when else "—"

    rows = defaultdict(lambda: {"published": 0, "pushed": 0, "read": 0, "applications": 0, "grants": 0,
                                "amount": Decimal("0")})
    for p in policies:
        if by in ("policy", "department", "month"):
            rows[key(p, None, p.published_on)]["published"] += 1
    push_list = list(pushes)
    read = _read_messages([m for p in push_list for m in p.messages])
    for p in push_list:
        r = rows[key(p.policy, p.enterprise, timezone.localtime(p.pushed_at).date())]
        r["pushed"] += 1
        r["read"] += any(m in read for m in p.messages)
    for g in grants:
        r = rows[key(g.policy, g.enterprise, timezone.localtime(g.granted_at).date())]
        r["grants"] += 1
        r["applications"] += g.mode in (Mode.INSTANT, Mode.APPLY)
        r["amount"] += g.amount or 0
    out = []
    for k in sorted(rows):
        r = rows[k]
        out.append({"key": k, **r, "read_rate": round(100 * r["read"] / r["pushed"], 1) if r["pushed"] else None})
    total = {f: sum(r[f] for r in out) for f in ("published", "pushed", "read", "applications", "grants", "amount")}
    total["read_rate"] = round(100 * total["read"] / total["pushed"], 1) if total["pushed"] else None
    return {"rows": out, "total": total, "dimension": by, "dimension_label": DIMENSIONS[by]}


def enterprise_view(enterprise, *, today: dt.date | None = None) -> dict:
    """What the enterprise page shows: matched policies (stored matches, with the live explanation and the time
    they were computed), policies nearly met with what is missing, grants, objections."""
    from .facts import facts_for, vocabulary
    from .services.matching import published_trees

    today = today or timezone.localdate()
    facts = facts_for(enterprise, today)
    vocab = vocabulary(check=False)
    stored = {m.policy_id: m for m in Match.objects.filter(enterprise=enterprise)}
    granted = {g.policy_id: g for g in Grant.objects.filter(enterprise=enterprise).select_related("policy")}
    matched, near = [], []
    limit = conf.near_miss_limit()
    # explained against the cached trees; only the policies shown are loaded (with their benefits)
    shown = []
    for pk, _version, tree in published_trees():
        ex = rules.explain(tree, facts, rules.Context(today=today, policy_id=pk), vocab)
        if pk in stored or (ex.verdict is not True and ex.missing and len(ex.missing) <= limit):
            shown.append((pk, ex))
    policies = Policy.objects.select_related("lead_department").prefetch_related("benefits").in_bulk(
        [pk for pk, _ex in shown])
    for pk, ex in shown:
        p = policies[pk]
        if pk in stored:
            matched.append({"policy": p, "explanation": ex, "match": stored[pk], "grant": granted.get(pk),
                            "stale": ex.verdict is not True})
        else:
            near.append({"policy": p, "explanation": ex, "grant": granted.get(pk)})
    return {"matched": matched, "near": near, "grants": list(granted.values()),
            "objections": list(Objection.objects.filter(enterprise=enterprise).select_related("policy")[:20]),
            "today": today}


def published_rounds(policy: Policy):
    return GrantRound.objects.filter(policy=policy, status=GrantRound.Status.CONFIRMED, published_at__isnull=False)


def round_counts(r: GrantRound) -> dict:
    agg = r.entries.aggregate(n_kept=Count("id", filter=Q(excluded=False)),
                              n_excluded=Count("id", filter=Q(excluded=True)),
                              total=Sum("amount", filter=Q(excluded=False)))
    return {"kept": agg["n_kept"], "excluded": agg["n_excluded"], "amount": agg["total"]}
