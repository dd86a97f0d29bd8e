from django.contrib import admin

from .models import Benefit, Grant, GrantRound, Match, Objection, Policy, Push, RuleVersion


class BenefitInline(admin.TabularInline):
    model = Benefit
    extra = 0


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "lead_department", "mode", "status", "issued_on", "published_on",
                    "rule_version", "match_count"]
    list_filter = ["status", "mode", "lead_department"]
    search_fields = ["number", "title"]
    readonly_fields = ["rule", "rule_text", "rule_version", "matched_version", "matched_at", "match_count", "version"]
    inlines = [BenefitInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GrantRound)
class GrantRoundAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "policy", "status", "proposed_by", "confirmed_by", "confirmed_at"]
    list_filter = ["status"]

    def has_change_permission(self, request, obj=None):
        return False


for model in (RuleVersion, Match, Push, Grant, Objection):
    admin.site.register(model, type(f"{model.__name__}Admin", (admin.ModelAdmin,), {
        "has_change_permission": lambda self, request, obj=None: False,
        "has_add_permission": lambda self, request: False,
    }))
