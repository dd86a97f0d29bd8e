from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api, api_import

router = SimpleRouter()
router.register("catalog/items", api.ItemViewSet, basename="catalog-item")
router.register("catalog/versions", api.VersionViewSet, basename="catalog-version")
router.register("catalog/materials", api.MaterialViewSet, basename="catalog-material")
router.register("catalog/topics", api.TopicViewSet, basename="catalog-topic")
router.register("catalog/bundles", api.BundleViewSet, basename="catalog-bundle")

urlpatterns = [
    path("catalog/figures/", api.figures, name="catalog-figures"),
    path("catalog/search/", api.search, name="catalog-search"),
    path("catalog/export/", api.export, name="catalog-export"),
    path("catalog/import/", api_import.start, name="catalog-import"),
    path("catalog/import/<int:pk>/", api_import.job, name="catalog-import-job"),
    path("catalog/import/<int:pk>/confirm/", api_import.confirm, name="catalog-import-confirm"),
    *router.urls,
]
