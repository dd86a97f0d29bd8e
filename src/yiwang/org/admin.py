from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm

from .models import Applicant, Department, FilingCode, Hall, Park, Region, StaffRole, User, Window


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")


class FilingCodeInline(admin.TabularInline):
    model = FilingCode
    extra = 0


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "uscc", "region", "is_active")
    list_filter = ("kind", "is_active", "region")
    search_fields = ("code", "name", "uscc", "aliases", "filing_codes__code")
    inlines = [FilingCodeInline]


class WindowInline(admin.TabularInline):
    model = Window
    extra = 0
    filter_horizontal = ("departments",)


@admin.register(Park)
class ParkAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "region", "managing_body", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name", "managing_body")


@admin.register(Hall)
class HallAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "region", "open_on_holidays")
    list_filter = ("kind", "open_on_holidays")
    inlines = [WindowInline]


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0
    fk_name = "user"


class InitialPasswordForm(AdminPasswordChangeForm):
    """A password an administrator sets for someone is a default password: changed at the first sign-in."""

    def save(self, commit=True):
        self.user._yiwang_password_set_by_admin = True
        return super().save(commit=commit)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts: the system administrator's (三员分立). Roles are the security administrator's: the role rows show
    here only to someone who may change them, and superuser status and per-user permissions are not granted
    here at all (permissions come from the role table, yiwang.security.roles)."""

    list_display = ("username", "display_name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("username", "display_name")  # a whole phone number also finds its user (keyed index)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("display_name", "first_name", "last_name", "email", "phone", "kind")}),
        ("状态", {"fields": ("is_active", "last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")
    change_password_form = InitialPasswordForm
    inlines = [StaffRoleInline]

    def get_search_results(self, request, queryset, search_term):
        from .pii import index_values

        found, duplicates = super().get_search_results(request, queryset, search_term)
        term = "".join((search_term or "").split())
        if term:
            found = found | queryset.filter(phone_index__in=index_values(term, "org.user.phone"))
        return found, duplicates

    def save_model(self, request, obj, form, change):
        if not change:  # the password set on the add form is a default password
            obj._yiwang_password_set_by_admin = True
        super().save_model(request, obj, form, change)


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    """Role assignments: the security administrator's (三员分立); every change in the audit chain."""

    list_display = ("user", "role", "department", "hall", "window", "is_window_officer")
    list_filter = ("role", "department", "hall")
    search_fields = ("user__username", "user__display_name")
    raw_id_fields = ("user",)


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    # the list shows identifiers masked (org.masking); the whole values only on one applicant's own page
    list_display = ("name", "kind", "masked_id_number", "masked_phone", "is_dishonest", "commitment_breached")
    list_filter = ("kind", "is_dishonest", "commitment_breached")
    search_fields = ("name",)  # a whole ID number or phone number also finds its applicant (keyed index)
    filter_horizontal = ("agents",)
    raw_id_fields = ("user",)
    # derived from the credit records (credit app): changed by entering, ending or repairing a record, never here
    readonly_fields = ("is_dishonest", "dishonest_reason", "commitment_breached", "commitment_breach_note")

    @admin.display(description="证件号码")
    def masked_id_number(self, obj):
        from .masking import mask_identifier

        return mask_identifier(obj.kind, obj.id_number)

    @admin.display(description="联系电话")
    def masked_phone(self, obj):
        from .masking import mask_phone

        return mask_phone(obj.phone)

    def get_search_results(self, request, queryset, search_term):
        found, duplicates = super().get_search_results(request, queryset, search_term)
        term = "".join((search_term or "").split()).upper()
        if term:
            exact = queryset.model.objects.by_identifier(term) | queryset.model.objects.by_phone(term)
            found = found | queryset.filter(pk__in=exact.values("pk"))
        return found, duplicates
