from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "yiwang.ratings"
    label = "ratings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from yiwang.workdays.signals import calendar_changed

        from .services import on_calendar_changed

        calendar_changed.connect(on_calendar_changed, dispatch_uid="ratings.recompute_due_dates")
