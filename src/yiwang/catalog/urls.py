from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.index, name="index"),
    path("items/<int:pk>/", views.item, name="item"),
    path("items/<int:pk>/guide.pdf", views.item_pdf, name="item_pdf"),
    path("bundles/<int:pk>/", views.bundle, name="bundle"),
    path("bundles/<int:pk>/guide.pdf", views.bundle_pdf, name="bundle_pdf"),
    path("figures/", views.figures, name="figures"),
]
