from django.urls import path

from . import views

app_name = "enterprises"

urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/correct/", views.correct, name="correct"),
    path("<int:pk>/visit/", views.visit, name="visit"),
    path("<int:pk>/rate/", views.rate, name="rate"),
    path("corrections/", views.corrections, name="corrections"),
    path("corrections/<int:pk>/review/", views.review_correction, name="review_correction"),
    path("import/", views.import_page, name="import"),
    path("import/template.xlsx", views.template, name="template"),
    path("export.xlsx", views.export, name="export"),
    path("assign/", views.assign, name="assign"),
]
