"""/api/v1/: gathers each installed app's `api_urls.urlpatterns` (each app owns its serializers and viewsets), in
INSTALLED_APPS order; a new app needs no edit here. `/api/v1/` itself lists the resources (every collection a
client can start from) with links to the OpenAPI document and the docs."""
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path, reverse
from rest_framework.decorators import api_view, permission_classes, schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

API_APPS = [name.split(".", 1)[1] for name in settings.INSTALLED_APPS if name.startswith("yiwang.")]


def _collections(patterns, prefix: str = "") -> list[tuple[str, str]]:
    """(path, url name) of every route without parameters: a viewset's list, or a single-purpose endpoint."""
    out = []
    for p in patterns:
        route = str(p.pattern)
        if isinstance(p, URLResolver):
            out += _collections(p.url_patterns, prefix + route)
        elif isinstance(p, URLPattern) and p.name and "<" not in route and "(?P" not in route and _reads(p):
            full = prefix + route.lstrip("^").rstrip("$")
            if full and not full.endswith(".<format>") and "\\." not in full:
                out.append((full, p.name))
    return out


def _reads(p: URLPattern) -> bool:
    """The route answers GET (a viewset's list or a read-only endpoint; not a POST-only action)."""
    actions = getattr(p.callback, "actions", None)
    if actions is not None:
        return "get" in actions
    cls = getattr(p.callback, "cls", None) or getattr(p.callback, "view_class", None)
    return cls is None or hasattr(cls, "get")


@api_view(["GET"])
@permission_classes([AllowAny])
@schema(None)
def api_root(request):
    """The API's front door: each resource's address, grouped by app."""
    groups: dict[str, dict[str, str]] = {}
    base = reverse("api-root")
    for app, module in _api_modules:
        for route, name in _collections(import_module(module).urlpatterns):
            groups.setdefault(app, {})[name.removeprefix("api-").removesuffix("-list")] = \
                request.build_absolute_uri(base + route)
    return Response({
        "title": settings.SPECTACULAR_SETTINGS.get("TITLE", "API"),
        "schema": request.build_absolute_uri(reverse("api-schema")),
        "docs": request.build_absolute_uri(reverse("api-docs")),
        "redoc": request.build_absolute_uri(reverse("api-redoc")),
        "resources": groups,
    })


_api_modules: list[tuple[str, str]] = []
urlpatterns = [path("", api_root, name="api-root")]
for app in API_APPS:
    name = f"yiwang.{app}.api_urls"
    if find_spec(name) is not None:
        import_module(name)
        _api_modules.append((app, name))
        urlpatterns.append(path("", include(name)))
