from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "yiwang.ratings"
    label = "ratings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from yiwang.workdays.signals import calendar_changed

        from .services import on_calendar_changed

        calendar_changed.connect(on_calendar_changed, dispatch_uid="ratings.recompute_due_dates")

        from yiwang.cases.portal.extensions import register_case_links, register_staff_case_links
        from yiwang.cases.signals import case_changed

        from . import invitations

        case_changed.connect(invitations.invite, dispatch_uid="ratings.invite_after_service")
        register_case_links("ratings", invitations.links)
        register_staff_case_links("ratings", invitations.staff_links)
