"""Back-office views of cases: read-only. A case changes state only through `yiwang.cases.services` (checked,
versioned and audited), never in the admin."""
from django.contrib import admin

from yiwang.common.admin_base import ReadOnlyAdminMixin

from .models import Blob, BundleCase, Case, CaseEvent, CaseMaterial, CaseStep, PostCheck, SupplementNotice, Suspension


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False


class MaterialInline(ReadOnlyInline):
    model = CaseMaterial
    fields = readonly_fields = ["material", "status", "file_name", "supplied_on", "supplied_round", "problem"]


class NoticeInline(ReadOnlyInline):
    model = SupplementNotice
    fields = readonly_fields = ["number", "issued_on", "issued_by", "items", "answered_on"]


class SuspensionInline(ReadOnlyInline):
    model = Suspension
    fields = readonly_fields = ["kind", "reason", "expected_days", "started_on", "resumed_on"]


class StepInline(ReadOnlyInline):
    model = CaseStep
    fields = readonly_fields = ["at", "step", "action", "actor", "opinion"]


class EventInline(ReadOnlyInline):
    model = CaseEvent
    fields = readonly_fields = ["on", "at", "action", "actor", "role", "from_state", "to_state", "note"]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "item_version", "applicant", "department", "state", "received_on", "deadline",
                    "deemed_accepted"]
    list_filter = ["state", "channel", "department", "deemed_accepted", "tier"]
    search_fields = ["number", "applicant__name", "item_version__name", "item_version__item__code"]
    date_hierarchy = "received_on"
    list_select_related = ["item_version", "applicant", "department"]
    inlines = [MaterialInline, NoticeInline, SuspensionInline, StepInline, EventInline]


@admin.register(BundleCase)
class BundleCaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "status", "channel", "created_at", "concluded_on", "delivered_on"]
    list_filter = ["status", "channel"]
    search_fields = ["applicant__name", "bundle__name", "bundle__code"]


@admin.register(PostCheck)
class PostCheckAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["case", "due_on", "status", "checked_on", "checked_by"]
    list_filter = ["status"]
    search_fields = ["case__number"]


@admin.register(Blob)
class BlobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["sha256", "size", "content_type", "created_at"]
    search_fields = ["sha256"]
    exclude = ["file"]  # files are served only through the scoped API, never by a path in the admin
