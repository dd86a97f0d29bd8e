from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import InboxViewSet, PreferenceView

router = SimpleRouter()
router.register("notify/messages", InboxViewSet, basename="notify-message")

urlpatterns = router.urls + [
    path("notify/preferences/", PreferenceView.as_view(), name="notify-preferences"),
]
