from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("inspections/items", api.ItemViewSet, basename="inspection-item")
router.register("inspections/inspectors", api.InspectorViewSet, basename="inspection-inspector")
router.register("inspections/other-objects", api.OtherObjectViewSet, basename="inspection-other-object")
router.register("inspections/plans", api.PlanViewSet, basename="inspection-plan")
router.register("inspections/tasks", api.TaskViewSet, basename="inspection-task")
router.register("inspections/objects", api.SampledViewSet, basename="inspection-object")
router.register("inspections/results", api.ResultViewSet, basename="inspection-result")
router.register("inspections/violations", api.ViolationViewSet, basename="inspection-violation")
router.register("inspections/leniency", api.LeniencyViewSet, basename="inspection-leniency")
router.register("inspections/benchmarks", api.BenchmarkViewSet, basename="inspection-benchmark")

urlpatterns = [
    path("inspections/replay/", api.replay, name="inspection-replay"),
    *router.urls,
]
