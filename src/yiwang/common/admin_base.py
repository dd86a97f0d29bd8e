"""The read-only Django admin base: records that change only through their audited service functions are shown
in the admin, never added, changed or deleted there."""
from django.contrib import admin


class ReadOnlyAdminMixin:
    """For model admins and inlines alike."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass
