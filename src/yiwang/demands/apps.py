from django.apps import AppConfig


class DemandsConfig(AppConfig):
    name = "yiwang.demands"
    label = "demands"
    verbose_name = "企业诉求"
    default_auto_field = "django.db.models.BigAutoField"
    page_prefix = "demands/"

    def ready(self):
        from . import panels  # noqa: F401  the enterprise page's demands panel
