from django.contrib import admin

from .models import NightlyRun


@admin.register(NightlyRun)
class NightlyRunAdmin(admin.ModelAdmin):
    list_display = ("task", "day", "status", "attempts", "started_at", "finished_at", "result")
    list_filter = ("task", "status")
    readonly_fields = [f.name for f in NightlyRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
