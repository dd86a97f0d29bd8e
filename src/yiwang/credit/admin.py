"""Read-only admin views: credit data changes only through the services (pages, API, commands)."""
from django.contrib import admin

from yiwang.common.admin_base import ReadOnlyAdmin
from yiwang.org.masking import mask_identifier, mask_name

from .models import AppliedMeasure, Check, Grade, GradeModel, Measure, Record, Repair, Subject


def _masked_code(kind: str, code: str) -> str:
    """A natural person's code is their ID number: masked in lists like everywhere (org.masking)."""
    return mask_identifier("natural" if kind == Subject.Kind.NATURAL else "legal", code)


@admin.register(Subject)
class SubjectAdmin(ReadOnlyAdmin):
    list_display = ["shown_name", "shown_code", "kind", "risk_class", "public_grade", "dishonest", "graded_at"]
    list_filter = ["kind", "risk_class", "dishonest"]
    search_fields = ["name", "code"]

    @admin.display(description="主体名称")
    def shown_name(self, obj):
        return mask_name(obj.name) if obj.kind == Subject.Kind.NATURAL else obj.name

    @admin.display(description="主体代码")
    def shown_code(self, obj):
        return _masked_code(obj.kind, obj.code)


@admin.register(Record)
class RecordAdmin(ReadOnlyAdmin):
    list_display = ["subject", "kind", "severity", "decision_number", "department", "decided_on", "status"]
    list_filter = ["kind", "status", "source"]
    search_fields = ["subject__name", "subject__code", "decision_number"]


@admin.register(GradeModel)
class GradeModelAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "version", "status", "activated_at"]


@admin.register(Grade)
class GradeAdmin(ReadOnlyAdmin):
    list_display = ["subject", "kind", "grade", "score", "computed_at", "trigger"]
    list_filter = ["kind", "grade"]


@admin.register(Measure)
class MeasureAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "effect", "trigger_type", "enabled", "basis_document"]
    list_filter = ["effect", "enabled"]


@admin.register(Check)
class CheckAdmin(ReadOnlyAdmin):
    list_display = ["shown_code", "procedure", "department", "reference", "checked_at"]

    @admin.display(description="主体代码")
    def shown_code(self, obj):
        return _masked_code(obj.subject.kind if obj.subject_id else "", obj.subject_code)


@admin.register(AppliedMeasure)
class AppliedMeasureAdmin(ReadOnlyAdmin):
    list_display = ["measure", "kind", "department", "applied_at"]


@admin.register(Repair)
class RepairAdmin(ReadOnlyAdmin):
    list_display = ["record", "status", "applied_on", "due_on", "decided_on"]
    list_filter = ["status"]
