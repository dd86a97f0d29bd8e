from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("supervision/warnings", api.WarningViewSet, basename="supervision-warning")
router.register("supervision/anomalies", api.AnomalyViewSet, basename="supervision-anomaly")
router.register("supervision/orders", api.OrderViewSet, basename="supervision-order")

urlpatterns = [
    path("supervision/figures/", api.FiguresView.as_view(), name="supervision-figures"),
    *router.urls,
]
