from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "yiwang.supervision"
    label = "supervision"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from yiwang.workdays.signals import calendar_changed

        from .services import on_calendar_changed

        calendar_changed.connect(on_calendar_changed, dispatch_uid="supervision.recompute_order_dues")

        from . import board, inspection_watch, rating_watch

        board.register_source("inspections", inspection_watch.rows)
        board.register_source("ratings", rating_watch.rows)
