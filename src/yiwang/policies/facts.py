"""From the registry and credit to the rule core: the vocabulary a rule may name and each enterprise's facts."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from yiwang.credit.domain import kinds as credit_kinds
from yiwang.credit.models import Record, Subject
from yiwang.enterprises.models import Enterprise, EnterpriseTag, Industry, Tag, YearlyFigure
from yiwang.org.models import Park, Region

from .domain import rules

FIGURE_FIELDS = list(rules.FIGURE_FIELDS)


def vocabulary(check: bool = True) -> rules.Vocabulary:
    from .models import Policy

    industries = {}
    for code, level, section, name in Industry.objects.values_list("code", "level", "section", "name"):
        if level == Industry.Level.SECTION:
            industries[code] = name
        else:
            industries[f"{section}{code}"] = name
            industries[code] = name
    return rules.Vocabulary(
        tags=dict(Tag.objects.values_list("code", "name")),
        parks=dict(Park.objects.values_list("code", "name")),
        regions=dict(Region.objects.values_list("code", "name")),
        industries=industries,
        entity_types={k: str(v) for k, v in Enterprise.EntityType.choices},
        statuses={k: str(v) for k, v in Enterprise.Status.choices},
        policies=dict(Policy.objects.values_list("id", "title")),
        check=check,
    )


def facts_for_many(enterprises, today: dt.date | None = None) -> dict[int, rules.Facts]:
    """Facts of several enterprises in a handful of queries (a list of Enterprise rows, or a queryset)."""
    from .models import Grant

    rows = list(enterprises.select_related("region", "park") if hasattr(enterprises, "select_related")
                else enterprises)
    ids = [e.pk for e in rows]
    figures: dict[int, dict] = defaultdict(dict)
    for f in YearlyFigure.objects.filter(enterprise_id__in=ids, is_current=True).values(
            "enterprise_id", "year", *FIGURE_FIELDS):
        figures[f["enterprise_id"]][f["year"]] = {k: f[k] for k in FIGURE_FIELDS}
    tags: dict[int, list] = defaultdict(list)
    for eid, code, a, b in EnterpriseTag.objects.filter(enterprise_id__in=ids).values_list(
            "enterprise_id", "tag__code", "valid_from", "valid_to"):
        tags[eid].append((code, a, b))
    grades = dict(Subject.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", "public_grade"))
    serious = set(Record.objects.filter(subject__enterprise_id__in=ids, kind=credit_kinds.SERIOUS_DISHONESTY,
                                        status=Record.Status.ACTIVE).values_list("subject__enterprise_id", flat=True))
    received: dict[int, set] = defaultdict(set)
    for eid, pid in Grant.objects.filter(enterprise_id__in=ids, status=Grant.Status.GRANTED).values_list(
            "enterprise_id", "policy_id"):
        received[eid].add(pid)
    out = {}
    for e in rows:
        out[e.pk] = rules.Facts(
            industry=e.industry_id, industry_section=e.industry_section, scale=e.scale or None,
            entity_type=e.entity_type or None, status=e.status or None,
            region=e.region.code if e.region_id else None, park=e.park.code if e.park_id else None,
            founded_on=e.founded_on, registered_capital=e.registered_capital, figures=dict(figures.get(e.pk, {})),
            tags=tags.get(e.pk, []), credit_grade=grades.get(e.pk) or None, serious_dishonest=e.pk in serious,
            received=received.get(e.pk, set()))
    return out


def facts_for(enterprise: Enterprise, today: dt.date | None = None) -> rules.Facts:
    return facts_for_many([enterprise], today or timezone.localdate())[enterprise.pk]
