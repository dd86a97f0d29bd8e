"""Read-only admin views: ratings and rectifications change only through the services."""
from django.contrib import admin

from yiwang.common.admin_base import ReadOnlyAdmin

from .models import Rating, Rectification


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["case", "service", "grade", "negative", "channel", "on_behalf", "is_default", "rated_on",
                    "excluded"]
    list_filter = ["grade", "negative", "channel", "excluded", "department"]


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "department", "status", "follow_up_due", "reply_due", "replied_on", "appeal_status"]
    list_filter = ["status", "appeal_status", "department"]
