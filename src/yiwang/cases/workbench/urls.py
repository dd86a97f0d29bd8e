"""Workbench, inbox and document URLs, mounted by yiwang.cases.urls into the "cases" namespace under /cases/."""
from django.urls import path

from . import views_docs, views_office, views_window

urlpatterns = [
    path("workbench/", views_window.workbench, name="workbench"),
    path("workbench/applicants/", views_window.register_applicant, name="register_applicant"),
    path("workbench/intake/<int:applicant_pk>/", views_window.intake, name="intake"),
    path("workbench/intake/<int:applicant_pk>/items/", views_window.intake_items, name="intake_items"),
    path("workbench/intake/<int:applicant_pk>/materials/", views_window.intake_materials, name="intake_materials"),
    path("workbench/delivery/", views_window.delivery, name="delivery"),
    path("workbench/delivery/<str:kind>/<int:pk>/", views_window.deliver, name="deliver"),
    path("inbox/", views_office.inbox, name="inbox"),
    path("inbox/load/", views_office.load, name="load"),
    path("work/<int:pk>/", views_office.case_page, name="work_case"),
    path("work/<int:pk>/act/<str:action>/", views_office.act, name="act"),
    path("<int:pk>/materials/<int:material_pk>/file/", views_office.material_file, name="material_file"),
    path("<int:pk>/documents/receipt.pdf", views_docs.receipt, name="receipt_pdf"),
    path("<int:pk>/documents/notice/<str:kind>.pdf", views_docs.notice, name="notice_pdf"),
    path("<int:pk>/documents/decision.pdf", views_docs.decision, name="decision_pdf"),
]
