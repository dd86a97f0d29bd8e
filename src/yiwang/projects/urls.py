from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.board, name="board"),
    path("new/", views.new, name="new"),
    path("risk-matrix/", views.matrix, name="matrix"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/stages/<str:stage>/", views.stage_form, name="stage_form"),
]
