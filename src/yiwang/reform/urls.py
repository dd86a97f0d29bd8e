from django.urls import path

from . import views

app_name = "reform"

urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/resolve/", views.resolve, name="resolve"),
    path("plans/<int:pk>/publish/", views.publish, name="publish"),
    path("plans/<int:pk>/revision/", views.revision, name="revision"),
    path("plans/<int:pk>/assessment/", views.assessment, name="assessment"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("tasks/<int:pk>/", views.task, name="task"),
    path("tasks/<int:pk>/<str:act>/", views.task_action, name="task_action"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
