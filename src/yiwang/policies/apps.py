from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "yiwang.policies"
    label = "policies"
    verbose_name = "惠企政策"
    default_auto_field = "django.db.models.BigAutoField"
    page_prefix = "policies/"

    def ready(self):
        from . import panels, signals  # noqa: F401  the enterprise page's panel; recompute on registry changes
