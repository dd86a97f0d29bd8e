"""/api/v1/: gathers each app's `api_urls.urlpatterns` (each app owns its serializers and viewsets)."""
from importlib import import_module
from importlib.util import find_spec

from django.urls import include, path

API_APPS = ["workdays", "audit", "notify", "org", "catalog", "cases", "licences", "supervision", "ratings"]

urlpatterns = []
for app in API_APPS:
    name = f"yiwang.{app}.api_urls"
    if find_spec(name) is not None:
        import_module(name)
        urlpatterns.append(path("", include(name)))
