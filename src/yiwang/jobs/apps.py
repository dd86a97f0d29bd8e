from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "yiwang.jobs"
    label = "jobs"
    verbose_name = "定时任务"
    default_auto_field = "django.db.models.BigAutoField"
