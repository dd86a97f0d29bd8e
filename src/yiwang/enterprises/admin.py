from django.contrib import admin

from .models import Enterprise, EnterpriseTag, Industry, Tag, YearlyFigure


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("code", "level", "name", "section", "parent")
    list_filter = ("level", "section")
    search_fields = ("code", "name")

    def has_add_permission(self, request):  # the national table is data shipped with the code
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "source", "default_validity_years", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name")


class YearlyFigureInline(admin.TabularInline):
    model = YearlyFigure
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in YearlyFigure._meta.fields if f.name != "id"]

    def has_add_permission(self, request, obj=None):
        return False


class EnterpriseTagInline(admin.TabularInline):
    model = EnterpriseTag
    extra = 0
    readonly_fields = ("tag", "source", "reference", "valid_from", "valid_to", "added_by", "added_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    """Read-only here: changes go through the registry's service functions (pages, API, import)."""

    list_display = ("name", "uscc", "entity_type", "industry", "scale", "park", "status")
    list_filter = ("status", "scale", "entity_type", "park")
    search_fields = ("=uscc", "name")
    raw_id_fields = ("applicant", "industry")
    inlines = [YearlyFigureInline, EnterpriseTagInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Enterprise._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
