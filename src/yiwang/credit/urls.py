from django.urls import path

from . import views

app_name = "credit"

urlpatterns = [
    path("", views.public, name="public"),
    path("subjects/<int:pk>/", views.subject_public, name="subject"),
    path("mine/", views.mine, name="mine"),
    path("records/<int:pk>/repair/", views.apply_repair, name="apply_repair"),
    path("reports/issue/<int:pk>/", views.issue_report, name="issue_report"),
    path("reports/verify/", views.verify, name="verify"),
    path("reports/<str:number>/pdf/", views.report_pdf, name="report_pdf"),
    path("office/", views.office, name="office"),
    path("office/records/add/", views.add_record, name="add_record"),
    path("office/records/import/", views.import_records, name="import_records"),
    path("office/records/template/", views.import_template, name="import_template"),
    path("office/repairs/<int:pk>/decide/", views.decide_repair, name="decide_repair"),
    path("office/measures/<int:pk>/switch/", views.switch_measure, name="switch_measure"),
]
