from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.index, name="index"),
    path("items.xlsx", views.items_xlsx, name="items_xlsx"),
    path("rules/", views.rules, name="rules"),
    path("draw.py", views.checker, name="checker"),
    path("figures/", views.figures_view, name="figures"),
    path("directory/", views.directory, name="directory"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/replay/", views.replay_page, name="replay"),
    path("tasks/<int:pk>/files/<str:name>", views.file_download, name="file"),
    path("tasks/<int:pk>/<str:action>/", views.task_act, name="task_act"),
    path("objects/<int:pk>/<str:action>/", views.sampled_act, name="sampled_act"),
    path("results/<int:pk>/violation/", views.violation, name="violation"),
]
