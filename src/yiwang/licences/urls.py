from django.urls import path

from . import views, views_law

app_name = "licences"

urlpatterns = [
    path("", views.licence_list, name="index"),
    path("verify/", views.verify, name="verify"),
    path("<str:number>/", views.licence_detail, name="detail"),
    path("<str:number>/pdf/", views.licence_pdf, name="pdf"),
    path("<str:number>/revoke/", views.revoke, name="revoke"),
    path("<str:number>/act/<str:action>/", views_law.act, name="act"),
    path("<str:number>/events/<int:event_id>.pdf", views_law.event_pdf, name="event_pdf"),
]
