from django.contrib import admin

from .models import Credential, MachineClient
from .roles import ADMIN_ROLES, roles_of

_default_has_permission = admin.site.has_permission


def _has_permission(request):
    """Django admin is open to the three administrators (三员分立) and to accounts flagged staff; what each sees
    inside is what the role table gives (roles.ADMIN_MODELS)."""
    user = request.user
    return bool(user.is_active and (user.is_staff or roles_of(user) & ADMIN_ROLES))


admin.site.has_permission = _has_permission


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):
    list_display = ("user", "password_changed_at", "must_change", "demo")
    list_filter = ("must_change", "demo")
    search_fields = ("user__username", "user__display_name")
    readonly_fields = ("user", "password_changed_at", "demo")
    fields = ("user", "password_changed_at", "must_change", "demo")

    def has_add_permission(self, request):
        return False


@admin.register(MachineClient)
class MachineClientAdmin(admin.ModelAdmin):
    """Read-only here: clients are issued, rotated and revoked on the security administrator's page (audited)."""

    list_display = ("name", "scopes", "rate", "expires_at", "revoked_at", "issued_by")
    readonly_fields = [f.name for f in MachineClient._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
