from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("calendar/years", api.CalendarYearViewSet, basename="calendar-year")

urlpatterns = [
    path("calendar/add/", api.AddWorkingDaysView.as_view(), name="calendar-add"),
    path("calendar/between/", api.WorkingDaysBetweenView.as_view(), name="calendar-between"),
    *router.urls,
]
