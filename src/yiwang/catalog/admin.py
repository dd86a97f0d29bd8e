"""Back-office views of catalogue data. Published versions are read-only here: edit through the draft
(services / API), never in the admin."""
from django.contrib import admin

from django.db import transaction

from .models import (Bundle, BundleItem, FeeItem, ImportJob, ItemStatusChange, ItemVersion, Material, SearchSynonym,
                     ServiceItem, Topic)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "audience", "order"]

    def has_change_permission(self, request, obj=None):  # topics change through services.create_topic (audited)
        return False

    def has_add_permission(self, request):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MaterialInline(ReadOnlyInline):
    model = Material
    fields = ["order", "name", "requirement", "condition", "originals", "copies", "exempt_by_sharing", "is_key",
              "deferrable", "commitment_replaceable"]


class FeeInline(ReadOnlyInline):
    model = FeeItem
    fields = ["name", "standard", "basis"]


class StatusChangeInline(ReadOnlyInline):
    model = ItemStatusChange
    fields = ["at", "from_status", "to_status", "reason", "to_region", "to_department", "actor"]
    readonly_fields = fields


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "department", "item_type", "status"]
    list_filter = ["status", "item_type", "department"]
    search_fields = ["code", "name"]
    inlines = [StatusChangeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ItemVersion)
class ItemVersionAdmin(admin.ModelAdmin):
    list_display = ["item", "number", "state", "effective_date", "promised_limit_days", "legal_limit_days"]
    list_filter = ["state", "item_type", "approval_tier", "fully_online"]
    search_fields = ["name", "item__code"]
    inlines = [MaterialInline, FeeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BundleItemInline(ReadOnlyInline):
    model = BundleItem
    fields = ["order", "item"]


@admin.register(Bundle)
class BundleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "status", "lead_department"]
    inlines = [BundleItemInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    """The managed synonym list of catalogue search; every change is audited."""

    list_display = ["term", "expansions"]
    search_fields = ["term", "expansions"]

    def save_model(self, request, obj, form, change):
        from yiwang.audit.services import record

        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record(actor=request.user, action="catalog.synonym.save", target=obj,
                   after={"term": obj.term, "expansions": obj.expansions})

    def delete_model(self, request, obj):
        from yiwang.audit.services import record

        with transaction.atomic():
            record(actor=request.user, action="catalog.synonym.delete", target=obj,
                   before={"term": obj.term, "expansions": obj.expansions})
            super().delete_model(request, obj)

    def has_delete_permission(self, request, obj=None):  # bulk deletion would bypass the audit
        return obj is not None and super().has_delete_permission(request, obj)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Imports are run from the import page or `yiwang catalog import`; here they are only read."""

    list_display = ["filename", "state", "created_by", "created_at", "finished_at"]
    list_filter = ["state"]
    exclude = ["content"]
    readonly_fields = ["filename", "state", "create_departments", "effective_date", "report", "message",
                       "created_by", "confirmed_at", "finished_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
