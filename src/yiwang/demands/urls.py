from django.urls import path

from . import views

app_name = "demands"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<str:action>/", views.act, name="act"),
    path("assignments/<int:pk>/<str:action>/", views.assignment_act, name="assignment_act"),
    path("problems/<int:pk>/to-demand/", views.from_problem, name="from_problem"),
    path("figures/", views.figures_view, name="figures"),
    path("meetings/", views.meetings, name="meetings"),
    path("commissioner/", views.workbench, name="workbench"),
    path("assessment/", views.assessment, name="assessment"),
]
