"""The rule tree as one database filter: `to_q(tree, ctx)` selects exactly the enterprises whose verdict is True
(SQL's own NULL logic is not relied on: each node yields a definitely-true and a definitely-false predicate, see
domain.rules.fold). Works on SQLite and PostgreSQL; the property test in tests/policies holds it to the Python
verdict."""
from __future__ import annotations

from functools import reduce

from django.db.models import Exists, OuterRef, Q

from yiwang.credit.domain import kinds as credit_kinds
from yiwang.credit.models import Record, Subject
from yiwang.enterprises.models import EnterpriseTag, YearlyFigure
from yiwang.org.models import Park, Region

from .domain import rules

_NONE = Q(pk__in=[])


def _and(qs):
    return reduce(lambda a, b: a & b, qs)


def _or(qs):
    return reduce(lambda a, b: a | b, qs)


def _range_q(col: str, lo, hi, truth: bool) -> Q:
    if truth:
        q = Q()
        if lo is not None:
            q &= Q(**{f"{col}__gte": lo})
        if hi is not None:
            q &= Q(**{f"{col}__lte": hi})
        return q
    parts = ([Q(**{f"{col}__lt": lo})] if lo is not None else []) + ([Q(**{f"{col}__gt": hi})] if hi is not None else [])
    return _or(parts) if parts else _NONE


def _leaf(ctx: rules.Context):
    def leaf(node, truth: bool) -> Q:
        if isinstance(node, rules.InSet):
            if node.var == "park":
                ids = Park.objects.filter(code__in=node.values).values("id")
                return Q(park_id__in=ids) if truth else (Q(park_id__isnull=True) | ~Q(park_id__in=ids))
            col = node.var
            return Q(**{f"{col}__in": node.values}) if truth else (~Q(**{col: ""}) & ~Q(**{f"{col}__in": node.values}))
        if isinstance(node, rules.Prefix):
            if node.var == "industry":
                def one(p):
                    letter, digits = rules._INDUSTRY.match(p).groups()
                    q = Q(industry_id__isnull=False)
                    if letter:
                        q &= Q(industry_section=letter)
                    if digits:
                        q &= Q(industry__code__startswith=digits)
                    return q
                t = _or([one(p) for p in node.prefixes])
                return t if truth else (Q(industry_id__isnull=False) & ~t)
            ids = Region.objects.filter(_or([Q(code__startswith=rules.region_prefix(p)) for p in node.prefixes])
                                        ).values("id")
            return Q(region_id__in=ids) if truth else (Q(region_id__isnull=False) & ~Q(region_id__in=ids))
        if isinstance(node, rules.Range):
            if node.var == "age_years":
                latest, after = rules.age_bounds(node, ctx.today)
                if truth:
                    q = Q(founded_on__isnull=False)
                    if latest is not None:
                        q &= Q(founded_on__lte=latest)
                    if after is not None:
                        q &= Q(founded_on__gt=after)
                    return q
                parts = ([Q(founded_on__gt=latest)] if latest is not None else []) + (
                    [Q(founded_on__lte=after)] if after is not None else [])
                return _or(parts) if parts else _NONE
            m = rules._FIGURE_VAR.match(node.var)
            if m:
                base = YearlyFigure.objects.filter(enterprise_id=OuterRef("pk"), year=int(m.group(1)), is_current=True)
                return Q(Exists(base.filter(_range_q(m.group(2), node.lo, node.hi, truth))))
            return _range_q(node.var, node.lo, node.hi, truth)
        if isinstance(node, rules.HasTag):
            day = node.on or ctx.today
            held = EnterpriseTag.objects.filter(enterprise_id=OuterRef("pk"), tag__code=node.tag).filter(
                Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
            return Q(Exists(held)) if truth else ~Q(Exists(held))
        if isinstance(node, rules.CreditAtLeast):
            at = rules.GRADE_ORDER.index(node.grade)
            grades = rules.GRADE_ORDER[: at + 1] if truth else rules.GRADE_ORDER[at + 1:]
            if not grades:
                return _NONE
            return Q(Exists(Subject.objects.filter(enterprise_id=OuterRef("pk"), public_grade__in=grades)))
        if isinstance(node, rules.SeriousDishonest):
            listed = Record.objects.filter(subject__enterprise_id=OuterRef("pk"),
                                           kind=credit_kinds.SERIOUS_DISHONESTY, status=Record.Status.ACTIVE)
            return Q(Exists(listed)) if truth else ~Q(Exists(listed))
        if isinstance(node, rules.Received):
            from .models import Grant

            pid = ctx.policy_id if node.policy == "self" else node.policy
            got = Grant.objects.filter(enterprise_id=OuterRef("pk"), policy_id=pid, status=Grant.Status.GRANTED)
            return Q(Exists(got)) if truth else ~Q(Exists(got))
        raise TypeError(node)
    return leaf


def to_q(tree, ctx: rules.Context) -> Q:
    """Rows where the rule is definitely True."""
    t, _f = rules.fold(tree, leaf=_leaf(ctx), and_=_and, or_=_or)
    return t


def to_q_false(tree, ctx: rules.Context) -> Q:
    """Rows where the rule is definitely False (the rest of the registry is unknown)."""
    _t, f = rules.fold(tree, leaf=_leaf(ctx), and_=_and, or_=_or)
    return f
