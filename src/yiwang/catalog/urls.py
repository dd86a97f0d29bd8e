from django.urls import path

from . import manage_views, views

app_name = "catalog"

urlpatterns = [
    path("", views.index, name="index"),
    path("items/<int:pk>/", views.item, name="item"),
    path("items/<int:pk>/guide.pdf", views.item_pdf, name="item_pdf"),
    path("bundles/<int:pk>/", views.bundle, name="bundle"),
    path("bundles/<int:pk>/guide.pdf", views.bundle_pdf, name="bundle_pdf"),
    path("figures/", views.figures, name="figures"),
    path("manage/import/", manage_views.import_page, name="import"),
    path("manage/import/<int:pk>/", manage_views.import_job, name="import_job"),
    path("manage/import/<int:pk>/confirm/", manage_views.import_confirm, name="import_confirm"),
    path("manage/import/<int:pk>/cancel/", manage_views.import_cancel, name="import_cancel"),
    path("manage/import/<int:pk>/report.xlsx", manage_views.import_report, name="import_report"),
    path("manage/template.xlsx", manage_views.template, name="template"),
    path("manage/export.xlsx", manage_views.export, name="export"),
    path("manage/pending/", manage_views.pending, name="pending"),
]
