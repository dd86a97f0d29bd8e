from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("policies/rounds", api.RoundViewSet, basename="policy-round")
router.register("policies/grants", api.GrantViewSet, basename="policy-grant")
router.register("policies/objections", api.ObjectionViewSet, basename="policy-objection")
router.register("policies/enterprises", api.EnterprisePoliciesViewSet, basename="policy-enterprise")
router.register("policies", api.PolicyViewSet, basename="policy")

urlpatterns = router.urls
