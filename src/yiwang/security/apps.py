from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """等保 2.0 level 3 controls: login protection (django-axes), password policy, session timeouts, 三员分立
    (the administrators' separate duties), machine clients (django-oauth-toolkit), and the audit of all of it."""

    name = "yiwang.security"
    label = "security"
    verbose_name = "安全管理"
    default_auto_field = "django.db.models.BigAutoField"
    page_prefix = "security/"

    def ready(self):
        from . import schema, signals  # noqa: F401  (the OpenAPI scheme; login, lockout and admin audit receivers)
