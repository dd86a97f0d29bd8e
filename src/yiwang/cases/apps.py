from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "yiwang.cases"
    label = "cases"
    verbose_name = "办件"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from yiwang.workdays.signals import calendar_changed

        from .services.clock import on_calendar_changed

        calendar_changed.connect(on_calendar_changed, dispatch_uid="cases.recompute_deadlines")

        from .enterprise_panel import register_panel

        register_panel()

        from yiwang.org.queries import register_reach

        from .queries import applicants_reached

        register_reach(applicants_reached)
