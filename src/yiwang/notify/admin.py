from django.contrib import admin

from .models import ChannelPreference, Delivery, Message, mask_address


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ("channel", "masked_address", "user", "status", "attempts", "next_attempt_at", "last_error", "sent_at",
              "read_at")
    readonly_fields = fields

    @admin.display(description="地址")
    def masked_address(self, obj):
        return mask_address(obj.address)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "event", "subject", "ref", "user")
    list_filter = ("event",)
    search_fields = ("subject", "ref", "user__username")
    readonly_fields = ("event", "subject", "body", "link", "ref", "user", "created_at")
    inlines = [DeliveryInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("id", "channel", "masked_address", "user", "status", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("status", "channel")
    search_fields = ("address", "message__ref", "message__subject")
    readonly_fields = [f.name for f in Delivery._meta.fields]

    @admin.display(description="地址")
    def masked_address(self, obj):
        return mask_address(obj.address)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "site", "email", "sms", "updated_at")
    readonly_fields = ("user", "site", "email", "sms", "updated_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
