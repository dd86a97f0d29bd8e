from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "yiwang.enterprises"
    label = "enterprises"
    verbose_name = "企业服务"
    default_auto_field = "django.db.models.BigAutoField"
    page_prefix = "enterprises/"

    def ready(self):
        from .builtin_panels import register_builtin

        register_builtin()
