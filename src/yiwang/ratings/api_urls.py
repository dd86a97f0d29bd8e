from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api, api_exchange

router = SimpleRouter()
router.register("ratings/rectifications", api.RectificationViewSet, basename="ratings-rectification")
router.register("ratings", api.RatingViewSet, basename="ratings-rating")

urlpatterns = [
    path("ratings/figures/", api.figures, name="ratings-figures"),
    path("ratings/exchange/", api_exchange.exchange_view, name="ratings-exchange"),
    path("ratings/public/", api.public, name="ratings-public"),
    *router.urls,
]
