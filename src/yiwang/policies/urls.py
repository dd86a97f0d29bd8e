from django.urls import path

from . import views

app_name = "policies"

urlpatterns = [
    path("", views.index, name="index"),
    path("export.xlsx", views.export, name="export"),
    path("new/", views.edit, name="new"),
    path("figures/", views.figures_view, name="figures"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/list/", views.round_public, name="round_public"),
    path("rounds/<int:pk>/<str:action>/", views.round_act, name="round_act"),
    path("entries/<int:pk>/<str:action>/", views.entry_act, name="entry_act"),
    path("objections/<int:pk>/", views.objection, name="objection"),
    path("grants/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/rule/", views.rule, name="rule"),
    path("<int:pk>/rule/preview/", views.rule_preview, name="rule_preview"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/propose/", views.propose, name="propose"),
    path("<int:pk>/instant/<int:enterprise_id>/", views.instant, name="instant"),
    path("<int:pk>/object/<int:enterprise_id>/", views.object_, name="object"),
]
