"""The applicant portal's pages (mounted under /cases/ in the "cases" namespace by cases/urls.py)."""
from django.urls import path

from . import views_apply, views_appointments, views_cases, views_hearings, views_law

urlpatterns = [
    path("", views_cases.home, name="portal"),
    path("hearings/", views_hearings.hearings, name="hearings"),
    path("<int:pk>/", views_cases.case_page, name="case"),
    path("<int:pk>/supplement/", views_cases.supplement, name="case_supplement"),
    path("<int:pk>/deferred/", views_cases.supply_deferred, name="case_deferred"),
    path("<int:pk>/withdraw/", views_cases.withdraw, name="case_withdraw"),
    path("<int:pk>/law/<str:action>/", views_law.act, name="case_law_act"),
    path("<int:pk>/delivery/", views_cases.delivery, name="case_delivery"),
    path("bundles/<int:pk>/", views_cases.bundle_case, name="bundle_case"),
    path("apply/bundle/<int:pk>/", views_apply.apply_bundle, name="apply_bundle"),
    path("apply/<str:ref>/", views_apply.apply_item, name="apply"),
    path("drafts/<int:pk>/", views_apply.draft, name="draft"),
    path("drafts/<int:pk>/materials/<int:index>/", views_apply.upload, name="draft_upload"),
    path("drafts/<int:pk>/materials/<int:index>/remove/", views_apply.remove_upload, name="draft_remove"),
    path("drafts/<int:pk>/discard/", views_apply.discard, name="draft_discard"),
    path("appointments/", views_appointments.mine, name="appointments"),
    path("appointments/today/", views_appointments.today, name="appointments_today"),
    path("appointments/new/<int:version_id>/", views_appointments.book, name="appointment_new"),
    path("appointments/<int:pk>/cancel/", views_appointments.cancel, name="appointment_cancel"),
]
