from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("credit/records", api.RecordViewSet, basename="credit-record")
router.register("credit/measures", api.MeasureViewSet, basename="credit-measure")
router.register("credit/models", api.GradeModelViewSet, basename="credit-model")
router.register("credit/repairs", api.RepairViewSet, basename="credit-repair")

urlpatterns = [
    path("credit/search/", api.search, name="credit-search"),
    path("credit/subjects/<int:pk>/", api.subject, name="credit-subject"),
    path("credit/checks/", api.check, name="credit-check"),
    path("credit/figures/", api.figures, name="credit-figures"),
    path("credit/reports/", api.issue_report, name="credit-report-issue"),
    path("credit/reports/verify/", api.verify_report, name="credit-report-verify"),
    *router.urls,
]
