"""Read-only admin: projects change through services (audited)."""
from django.contrib import admin

from yiwang.common.admin_base import ReadOnlyAdmin

from .models import Project, RegionalAssessment, RiskMatrix, StageApplication, StageItem


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "route", "risk_level", "builder"]
    list_filter = ["kind", "route", "risk_level"]
    search_fields = ["code", "name"]


admin.site.register([RiskMatrix, RegionalAssessment, StageItem, StageApplication], ReadOnlyAdmin)
