"""Read side of the catalogue: public browsing, search, bundle guides and figures (no state changes)."""
from __future__ import annotations

import math

from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import mark_safe

from . import conf
from .domain import bundles as bundle_rules
from .domain import figures as fig
from .domain import ranking
from .domain.search import bigrams, normalise, terms
from .models import Bundle, ServiceItem

PUBLIC_STATUSES = [ServiceItem.Status.ACTIVE, ServiceItem.Status.SUSPENDED]

# handling-mode filters offered to the public: key -> (label, Q on the version in force)
MODES = {
    "online": ("全程网办", Q(current_version__fully_online=True)),
    "one_visit": ("最多跑一次", Q(current_version__max_visits__lte=1)),
    "on_the_spot": ("当场办结", Q(current_version__on_the_spot=True)),
    "immediate": ("即办件", Q(current_version__promised_limit_days=0)),
    "advance": ("提前服务", Q(current_version__advance_service=True)),
    "same_year": ("当年落地", Q(current_version__same_year_landing=True)),
    "express": ("快办", Q(current_version__express=True)),
    "holiday": ("节假日可办", Q(current_version__holiday_service=True)),
    "commitment": ("告知承诺", Q(current_version__commitment_allowed=True)),
}


def public_items() -> QuerySet[ServiceItem]:
    return (ServiceItem.objects.filter(status__in=PUBLIC_STATUSES, current_version__isnull=False)
            .select_related("department", "current_version"))


def synonyms() -> dict[str, tuple[str, ...]]:
    """The built-in synonyms, extended and overridden by the managed list (catalog.SearchSynonym)."""
    from .models import SearchSynonym

    out = dict(ranking.DEFAULT_SYNONYMS)
    for s in SearchSynonym.objects.all():
        out[normalise(s.term)] = tuple(s.expansion_list)
    return {normalise(k): v for k, v in out.items() if k}


def expanded_terms(query: str) -> list[list[str]]:
    syn = synonyms()
    return [ranking.expand(t, syn) for t in terms(query)]


def _term_q(expansions: list[str]) -> Q:
    """Items that may answer one term: every bigram of an expansion indexed and the text containing it, or
    (terms of three or more characters) most of its bigrams indexed, or its pinyin initials."""
    from .models import SearchToken

    q = Q(pk__in=[])
    for e in expansions:
        grams = [g for g in bigrams(e) if len(g) == 2]
        exact = Q(search_text__contains=e)
        for g in grams:
            exact &= Q(pk__in=_token_items(g))
        q |= exact
        if len(e) >= 3 and grams and not ranking.is_initials(e):
            need = max(2, math.ceil(0.6 * len(grams)))
            q |= Q(pk__in=SearchToken.objects.filter(token__in=grams).values("item_id")
                   .annotate(n=Count("id")).filter(n__gte=need).values("item_id"))
            if _trigram():  # PostgreSQL: word similarity on the name, served by the pg_trgm GIN index
                q |= Q(pk__in=RawSQL("SELECT id FROM catalog_serviceitem WHERE %s <%% name", [e]))
    return q


def _trigram() -> bool:
    """PostgreSQL with pg_trgm installed (migration 0004 creates it where the database allows)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return False
    if not hasattr(_trigram, "ok"):
        with connection.cursor() as c:
            c.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            _trigram.ok = c.fetchone() is not None
    return _trigram.ok


def search(qs: QuerySet[ServiceItem], query: str) -> QuerySet[ServiceItem]:
    """Items that may answer every term of the query (synonyms, pinyin initials and near matches included);
    `ranked` orders them. The bigram table narrows the candidates through its index on SQLite and PostgreSQL;
    on PostgreSQL the text test is also served by a pg_trgm index (migration 0004)."""
    for expansions in expanded_terms(query):
        qs = qs.filter(_term_q(expansions))
    return qs


def ranked(qs: QuerySet[ServiceItem], query: str, limit: int | None = 200) -> list[ServiceItem]:
    """The items answering the query, most relevant first, each with `.highlighted` (its name with the
    matched words marked) and `.relevance`."""
    expanded = expanded_terms(query)
    if not expanded:
        return list(qs[:limit] if limit else qs)
    for expansions in expanded:
        qs = qs.filter(_term_q(expansions))
    out = []
    for item in qs.distinct():
        name = normalise(item.name)
        hit = ranking.score(expanded, name, item.search_text, ranking.initials(item.name))
        if hit is None:
            continue
        item.relevance, item.highlighted = hit.score, mark_safe(ranking.highlight(item.name, hit.matched))
        out.append((-hit.score, hit.position, len(name), item.code, item))
    out.sort(key=lambda t: t[:4])
    items = [t[-1] for t in out]
    return items[:limit] if limit else items


def _token_items(token: str):
    from .models import SearchToken

    return SearchToken.objects.filter(token=token).values("item_id")


def browse(*, department=None, item_type=None, topic=None, mode=None, q=None):
    """Public items filtered; with a query, a list ranked by relevance, otherwise a queryset by department."""
    qs = public_items()
    if department:
        qs = qs.filter(department__code=department)
    if item_type:
        qs = qs.filter(item_type=item_type)
    if topic:
        qs = qs.filter(current_version__topics__code=topic)
    if mode in MODES:
        qs = qs.filter(MODES[mode][1])
    if q:
        return ranked(qs.distinct(), q, limit=None)
    return qs.distinct().order_by("department__code", "code")


def group_handling_items(items: list[ServiceItem]) -> list[ServiceItem]:
    """主项 / 业务办理项: handling items listed under their main item (as `.handling`) when both are in the list;
    the others stay where they are."""
    present = {i.pk: i for i in items}
    for i in items:
        i.handling = []
    out = []
    for i in items:
        main = present.get(i.main_item_id) if i.main_item_id else None
        if main is not None and main is not i:
            main.handling.append(i)
        else:
            out.append(i)
    return out


def materials_to_submit(version) -> list:
    return [m for m in version.materials.all() if not m.exempt_by_sharing]


def facts_of(version) -> fig.ItemFacts:
    mats = list(version.materials.all())
    return fig.ItemFacts(
        fully_online=version.fully_online, legal_limit_days=version.legal_limit_days,
        promised_limit_days=version.promised_limit_days,
        materials=sum(1 for m in mats if not m.exempt_by_sharing), materials_total=len(mats),
        materials_given=version.materials_given)


def catalogue_figures(department=None) -> fig.Figures:
    """Figures over the items in use (status active) and their versions in force."""
    qs = ServiceItem.objects.filter(status=ServiceItem.Status.ACTIVE, current_version__isnull=False)
    if department is not None:
        qs = qs.filter(department=department)
    versions = [i.current_version for i in qs.select_related("current_version")
                .prefetch_related("current_version__materials")]
    return fig.compute([facts_of(v) for v in versions], online_target=conf.online_target())


def figures_by_department() -> list[tuple]:
    from yiwang.org.models import Department

    out = []
    for d in Department.objects.annotate(n=Count("service_items", filter=Q(service_items__status="active"))).filter(
            n__gt=0):
        out.append((d, catalogue_figures(d)))
    return out


def bundle_guide(bundle: Bundle) -> dict:
    """What the bundle guide shows: items with their versions in force, the deduplicated materials, one form."""
    members = [bi.item for bi in bundle.bundle_items.select_related("item__current_version", "item__department")]
    versions = [(i, i.current_version) for i in members if i.current_version_id]
    materials = bundle_rules.merge_materials(
        (i.name, [{"name": m.name, "code": m.code, "requirement": m.requirement, "condition": m.condition,
                   "originals": m.originals, "copies": m.copies, "is_key": m.is_key, "deferrable": m.deferrable,
                   "exempt_by_sharing": m.exempt_by_sharing, "commitment_replaceable": m.commitment_replaceable}
                  for m in v.materials.all()]) for i, v in versions)
    form = bundle_rules.merge_form_fields(v.form_field_list for _, v in versions)
    limits = [v.promised_limit_days for _, v in versions]
    return {
        "bundle": bundle,
        "items": versions,
        "materials": materials,
        "materials_before": sum(v.materials.count() for _, v in versions),
        "form_fields": form,
        "promised_limit_days": bundle.promised_limit_days if bundle.promised_limit_days is not None
        else (max(limits) if limits else None),
        "departments": sorted({i.department.name for i, _ in versions}),
    }
