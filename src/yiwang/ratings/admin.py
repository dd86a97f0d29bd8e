"""Read-only admin views: ratings and rectifications change only through the services."""
from django.contrib import admin

from .models import Rating, Rectification


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Rating)
class RatingAdmin(ReadOnly):
    list_display = ["case", "service", "grade", "negative", "channel", "on_behalf", "is_default", "rated_on",
                    "excluded"]
    list_filter = ["grade", "negative", "channel", "excluded", "department"]


@admin.register(Rectification)
class RectificationAdmin(ReadOnly):
    list_display = ["pk", "department", "status", "follow_up_due", "reply_due", "replied_on", "appeal_status"]
    list_filter = ["status", "appeal_status", "department"]
