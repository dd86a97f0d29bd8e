"""Read-only admin: projects change through services (audited)."""
from django.contrib import admin

from .models import Project, RegionalAssessment, RiskMatrix, StageApplication, StageItem


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(ReadOnly):
    list_display = ["code", "name", "kind", "route", "risk_level", "builder"]
    list_filter = ["kind", "route", "risk_level"]
    search_fields = ["code", "name"]


admin.site.register([RiskMatrix, RegionalAssessment, StageItem, StageApplication], ReadOnly)
