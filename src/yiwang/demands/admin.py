from django.contrib import admin

from .models import Category, Demand


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "time_limit_days", "default_department", "order", "is_active")
    list_editable = ("time_limit_days", "order", "is_active")


@admin.register(Demand)
class DemandAdmin(admin.ModelAdmin):
    """Read-only: demands change only through the loop's service functions."""

    list_display = ("number", "title", "channel", "category", "status", "submitted_on", "lead_department")
    list_filter = ("status", "channel", "category")
    search_fields = ("=number", "title")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Demand._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
