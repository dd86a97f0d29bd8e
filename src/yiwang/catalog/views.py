"""Public catalogue pages: browsing and search, item and bundle guides (HTML and PDF), figures. Thin."""
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from yiwang.org.models import Department

from . import guides, queries
from .models import Bundle, ItemType, ItemVersion, ServiceItem, Topic


def index(request):
    f = {k: request.GET.get(k, "").strip() for k in ("department", "item_type", "topic", "mode", "q")}
    items = queries.browse(**{k: v for k, v in f.items() if v})
    count = len(items) if isinstance(items, list) else items.count()
    ctx = {
        "items": queries.group_handling_items(list(items[:200])), "count": count, "filters": f,
        "departments": Department.objects.filter(service_items__status__in=queries.PUBLIC_STATUSES).distinct(),
        "types": ItemType.choices, "topics": Topic.objects.all(),
        "modes": [(k, label) for k, (label, _) in queries.MODES.items()],
        "bundles": Bundle.objects.filter(status=Bundle.Status.ACTIVE),
    }
    template = "catalog/_results.html" if request.headers.get("HX-Request") else "catalog/index.html"
    return render(request, template, ctx)


def _item_and_version(request, pk):
    item = get_object_or_404(ServiceItem.objects.select_related("department", "current_version"), pk=pk)
    number = request.GET.get("v")
    if number:
        version = get_object_or_404(ItemVersion, item=item, number=number, state=ItemVersion.State.PUBLISHED)
    else:
        version = item.current_version
    if version is None:
        raise Http404("该事项尚未发布")
    return item, version


def item(request, pk):
    item, v = _item_and_version(request, pk)
    return render(request, "catalog/item.html", {
        "item": item, "v": v, "rows": guides.item_rows(item, v), "materials": guides.material_rows(v),
        "modes": guides.handling_modes(v),
        "versions": item.versions.filter(state=ItemVersion.State.PUBLISHED).order_by("-number"),
        "bundles": item.bundles.filter(status=Bundle.Status.ACTIVE),
        "main_item": item.main_item if item.main_item_id and item.main_item.is_public else None,
        "handling_items": [h for h in item.handling_items.select_related("current_version") if h.is_public],
    })


def item_pdf(request, pk):
    item, v = _item_and_version(request, pk)
    response = HttpResponse(guides.item_pdf(item, v), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="guide-{item.pk}-v{v.number}.pdf"'
    return response


def _bundle(pk):
    bundle = get_object_or_404(Bundle, pk=pk)
    if bundle.status != Bundle.Status.ACTIVE:
        raise Http404("该“一件事”未发布")
    return bundle


def bundle(request, pk):
    b = _bundle(pk)
    return render(request, "catalog/bundle.html", {"g": queries.bundle_guide(b), "b": b, "days": guides.days})


def bundle_pdf(request, pk):
    b = _bundle(pk)
    response = HttpResponse(guides.bundle_pdf(b), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bundle-{b.pk}.pdf"'
    return response


def figures(request):
    return render(request, "catalog/figures.html", {
        "f": queries.catalogue_figures(), "by_department": queries.figures_by_department()})
