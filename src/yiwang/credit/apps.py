from django.apps import AppConfig


class CreditConfig(AppConfig):
    name = "yiwang.credit"
    label = "credit"
    verbose_name = "信用"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import panels  # noqa: F401  the enterprise page's credit panel
