from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("reform/plans", api.PlanViewSet, basename="reform-plan")
router.register("reform/tasks", api.TaskViewSet, basename="reform-task")
router.register("reform/milestones", api.MilestoneViewSet, basename="reform-milestone")

urlpatterns = [path("reform/read/", api.read, name="reform-read"), *router.urls]
