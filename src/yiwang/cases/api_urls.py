"""Cases API routes (mounted under /api/v1/ by yiwang.api.urls); see yiwang.cases.api for the conventions."""
from rest_framework.routers import SimpleRouter

from .api.bundles import BundleCaseViewSet
from .api.views import CaseViewSet

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="api-case")
router.register("bundle-cases", BundleCaseViewSet, basename="api-bundle-case")

urlpatterns = router.urls
