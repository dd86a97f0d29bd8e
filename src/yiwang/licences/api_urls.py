from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("licences", api.LicenceViewSet, basename="licence")

urlpatterns = [path("licences/verify/", api.verify, name="licence-verify"), *router.urls]
