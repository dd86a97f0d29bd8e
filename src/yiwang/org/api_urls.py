from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("org/regions", api.RegionViewSet, basename="region")
router.register("org/departments", api.DepartmentViewSet, basename="department")
router.register("org/halls", api.HallViewSet, basename="hall")
router.register("org/applicants", api.ApplicantViewSet, basename="applicant")

urlpatterns = [path("org/me/", api.me, name="org-me"), *router.urls]
