"""Root URLs. Each app owns its pages (`<app>/urls.py`) and its API (`<app>/api_urls.py`);
they are mounted here by convention, so adding an app's pages or API needs no edit of this file: a new app's pages
are mounted at its AppConfig's `page_prefix` (default: its label and a slash)."""
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView


# app -> URL prefix of its pages
PAGE_PREFIXES = {
    "web": "",
    "org": "org/",
    "workdays": "calendar/",
    "catalog": "catalog/",
    "cases": "cases/",
    "licences": "licences/",
    "supervision": "supervision/",
    "ratings": "ratings/",
    "notify": "messages/",
    "audit": "audit/",
}


def _app_urls(app: str, module: str = "urls"):
    name = f"yiwang.{app}.{module}"
    if find_spec(name) is None:
        return None
    import_module(name)
    return name


admin.site.site_header = "一网 · 政务服务平台管理后台"
admin.site.site_title = "一网管理后台"
admin.site.index_title = "后台数据管理"

urlpatterns = [
    path("api/v1/", include("yiwang.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script under the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

def _page_prefixes() -> dict[str, str]:
    from django.apps import apps

    out = dict(PAGE_PREFIXES)
    for config in apps.get_app_configs():
        if config.name.startswith("yiwang.") and config.label not in out and config.label != "api":
            out[config.label] = getattr(config, "page_prefix", f"{config.label}/")
    return out


for _app, _prefix in _page_prefixes().items():
    _mod = _app_urls(_app)
    if _mod:
        urlpatterns.append(path(_prefix, include(_mod)))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
