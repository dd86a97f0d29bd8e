from django.urls import path

from . import views

app_name = "ratings"

urlpatterns = [
    path("", views.public, name="public"),
    path("mine/", views.mine, name="mine"),
    path("cases/<int:case_id>/<str:service>/", views.rate, name="rate"),
    path("rectifications/", views.rectifications, name="rectifications"),
    path("rectifications/<int:pk>/", views.rectification, name="rectification"),
    path("rectifications/<int:pk>/rate/", views.rate_rectification, name="rate_rectification"),
    path("rectifications/<int:pk>/<str:act>/", views.rectification_action, name="rectification_action"),
]
