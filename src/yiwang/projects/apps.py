from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "yiwang.projects"
    label = "projects"
    verbose_name = "工程建设项目审批"
    default_auto_field = "django.db.models.BigAutoField"
    page_prefix = "projects/"

    def ready(self):
        from . import receivers  # noqa: F401  a concluded case files the item that follows it, concludes its stage
