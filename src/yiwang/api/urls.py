"""/api/v1/: gathers each installed app's `api_urls.urlpatterns` (each app owns its serializers and viewsets), in
INSTALLED_APPS order; a new app needs no edit here."""
from importlib import import_module
from importlib.util import find_spec

from django.urls import include, path

from django.conf import settings

API_APPS = [name.split(".", 1)[1] for name in settings.INSTALLED_APPS if name.startswith("yiwang.")]

urlpatterns = []
for app in API_APPS:
    name = f"yiwang.{app}.api_urls"
    if find_spec(name) is not None:
        import_module(name)
        urlpatterns.append(path("", include(name)))
