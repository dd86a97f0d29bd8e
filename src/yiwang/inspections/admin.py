from django.contrib import admin

from .models import Benchmark, Inspector, Item, LeniencyEntry, Plan, Task


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    """Read-only: items change through the service functions (audited)."""

    list_display = ("code", "name", "department", "kind", "active")
    list_filter = ("kind", "department")
    search_fields = ("code", "name")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Inspector)
class InspectorAdmin(ItemAdmin):
    list_display = ("cert_no", "name", "department", "available", "active")
    list_filter = ("department", "available")
    search_fields = ("cert_no", "name")


@admin.register(Plan)
class PlanAdmin(ItemAdmin):
    list_display = ("number", "title", "kind", "department", "year")
    list_filter = ("kind", "year")
    search_fields = ("number", "title")


@admin.register(Task)
class TaskAdmin(ItemAdmin):
    list_display = ("number", "title", "status", "draw_at", "snapshot_hash")
    list_filter = ("status",)
    search_fields = ("number", "title")
    exclude = ("snapshot",)


@admin.register(LeniencyEntry)
class LeniencyAdmin(ItemAdmin):
    list_display = ("code", "violation", "department")
    list_filter = ("department",)
    search_fields = ("code", "violation")


@admin.register(Benchmark)
class BenchmarkAdmin(ItemAdmin):
    list_display = ("code", "circumstance", "low", "high", "department")
    list_filter = ("department",)
    search_fields = ("code", "violation")
