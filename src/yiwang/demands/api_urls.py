from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api, open311

router = SimpleRouter()
router.register("demands/categories", api.CategoryViewSet, basename="demand-category")
router.register("demands/assignments", api.AssignmentViewSet, basename="demand-assignment")
router.register("demands", api.DemandViewSet, basename="demand")

urlpatterns = [
    path("open311/services.json", open311.services_list, name="open311-services"),
    path("open311/services/<slug:code>.json", open311.service_definition, name="open311-service"),
    path("open311/requests.json", open311.requests_list, name="open311-requests"),
    path("open311/requests/<str:number>.json", open311.request_detail, name="open311-request"),
    path("open311/services.xml", open311.services_list_xml, name="open311-services-xml"),
    path("open311/services/<slug:code>.xml", open311.service_definition_xml, name="open311-service-xml"),
    path("open311/requests.xml", open311.requests_list_xml, name="open311-requests-xml"),
    path("open311/requests/<str:number>.xml", open311.request_detail_xml, name="open311-request-xml"),
    *router.urls,
]
