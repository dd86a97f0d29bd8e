from django.contrib import admin

from yiwang.common.admin_base import ReadOnlyAdmin

from .models import AuditEvent, ChainHead


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("seq", "at", "actor_name", "role", "action", "target_type", "target_id", "target_repr")
    list_filter = ("action", "target_type", "role")
    search_fields = ("action", "actor_name", "target_id", "target_repr")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    actions = None


@admin.register(ChainHead)
class ChainHeadAdmin(ReadOnlyAdmin):
    list_display = ("seq", "hash")
    actions = None
