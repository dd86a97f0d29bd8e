from django.contrib import admin

from .models import Licence, SigningKey


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin):
    list_display = ["key_id", "department", "status", "created_at", "retired_at"]
    list_filter = ["status", "department"]
    exclude = ["private_key_sealed"]
    readonly_fields = ["department", "key_id", "sequence", "public_key", "status", "created_at", "retired_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Licence)
class LicenceAdmin(admin.ModelAdmin):
    list_display = ["number", "licence_type", "holder_name", "department", "status", "issued_on"]
    list_filter = ["status", "department"]
    search_fields = ["number", "holder_name", "case_number"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Licence._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
