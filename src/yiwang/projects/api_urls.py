from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("projects/risk-matrix", api.RiskMatrixViewSet, basename="project-risk-matrix")
router.register("projects/stage-items", api.StageItemViewSet, basename="project-stage-item")
router.register("projects", api.ProjectViewSet, basename="project")

urlpatterns = [*router.urls]
