from django.contrib import admin

from . import models


@admin.register(models.Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "doc_number", "year", "status"]
    list_filter = ["status", "year"]
    readonly_fields = ["status", "version", "published_on", "closed_on"]


@admin.register(models.UnitAlias)
class UnitAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "department", "external", "resolved_by", "resolved_at"]
    search_fields = ["alias"]


@admin.register(models.Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["path", "plan", "lead_name", "lead", "status", "deadline"]
    list_filter = ["status", "plan"]
    search_fields = ["text", "lead_name"]
    readonly_fields = ["status", "version"]
