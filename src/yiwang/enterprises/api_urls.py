from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("enterprises/industries", api.IndustryViewSet, basename="industry")
router.register("enterprises", api.EnterpriseViewSet, basename="enterprise")

urlpatterns = router.urls
