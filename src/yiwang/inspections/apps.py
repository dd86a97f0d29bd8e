from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "yiwang.inspections"
    label = "inspections"
    verbose_name = "双随机、一公开"
    default_auto_field = "django.db.models.BigAutoField"
    page_prefix = "inspections/"
