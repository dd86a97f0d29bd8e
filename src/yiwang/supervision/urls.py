from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.board, name="board"),
    path("orders/new/", views.issue, name="issue"),
    path("orders/<int:pk>/", views.order, name="order"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
