"""Read side of the catalogue: public browsing, search, bundle guides and figures (no state changes)."""
from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from . import conf
from .domain import bundles as bundle_rules
from .domain import figures as fig
from .domain.search import bigrams, terms
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


def search(qs: QuerySet[ServiceItem], query: str) -> QuerySet[ServiceItem]:
    """Items whose search text contains every term of the query. The bigram table narrows the candidates
    through its index; the normalised text then confirms the exact term (identical on SQLite and PostgreSQL)."""
    for term in terms(query):
        for token in bigrams(term):
            if len(token) == 2:
                qs = qs.filter(pk__in=_token_items(token))
        qs = qs.filter(search_text__contains=term)
    return qs


def _token_items(token: str):
    from .models import SearchToken

    return SearchToken.objects.filter(token=token).values("item_id")


def browse(*, department=None, item_type=None, topic=None, mode=None, q=None) -> QuerySet[ServiceItem]:
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
        qs = search(qs, q)
    return qs.distinct().order_by("department__code", "code")


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
