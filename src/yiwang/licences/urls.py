from django.urls import path

from . import views

app_name = "licences"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("<str:number>/pdf/", views.licence_pdf, name="pdf"),
]
