"""Admin for the calendar. Saving a year goes through `services.load_year` (validated, audited, signal sent);
the inline rows are never saved directly."""
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from yiwang.api.errors import DomainError

from . import services
from .models import CalendarDay, CalendarYear


def _collect(formset) -> tuple[dict, dict]:
    holidays, workdays = {}, {}
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE") or not data.get("date"):
            continue
        target = holidays if data.get("kind") == CalendarDay.Kind.HOLIDAY else workdays
        target[data["date"]] = data.get("name") or ""
    return holidays, workdays


class CalendarDayFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors) or not self.instance.year:
            return
        holidays, workdays = _collect(self)
        try:
            services.validate_days(self.instance.year, holidays, workdays)
        except DomainError as exc:
            raise ValidationError(exc.message) from exc


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    formset = CalendarDayFormSet
    fields = ("date", "kind", "name")
    extra = 3


class CalendarYearForm(forms.ModelForm):
    expected_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CalendarYear
        fields = ["year", "status", "notice"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_revision"].initial = self.instance.revision

    def clean(self):
        data = super().clean()
        year = data.get("year") or self.instance.year
        try:
            if not self.instance.pk and year:
                services.check_adjacent(year)
        except DomainError as exc:
            raise ValidationError({"year": exc.message}) from exc
        expected = data.get("expected_revision")
        if self.instance.pk and expected is not None:
            current = CalendarYear.objects.filter(pk=self.instance.pk).values_list("revision", flat=True).first()
            if current != expected:
                raise ValidationError(f"{year} 年的日历已被他人修改（修订号 {current}），请刷新页面后重新编辑。")
        return data


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    form = CalendarYearForm
    inlines = [CalendarDayInline]
    list_display = ("year", "status", "notice", "source", "loaded_at", "revision")
    list_filter = ("status",)
    search_fields = ("year", "notice")

    def get_readonly_fields(self, request, obj=None):
        return ("year", "source", "loaded_at", "revision") if obj else ("source", "loaded_at", "revision")

    def has_delete_permission(self, request, obj=None):
        return False  # removing a year would leave a gap in the calendar; reload it instead

    def save_model(self, request, obj, form, change):
        pass  # saved by services.load_year in save_related, together with its days

    def save_related(self, request, form, formsets, change):
        holidays, workdays = {}, {}
        for formset in formsets:
            h, w = _collect(formset)
            holidays.update(h)
            workdays.update(w)
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        obj = form.instance
        row = services.load_year(
            obj.year,
            holidays,
            workdays,
            announced=obj.status == CalendarYear.Status.ANNOUNCED,
            notice=obj.notice,
            actor=request.user,
            source="管理后台",
            expected_revision=form.cleaned_data.get("expected_revision") if change else None,
        )
        obj.pk = row.pk
        obj.revision, obj.loaded_at, obj.source = row.revision, row.loaded_at, row.source


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Read-only list for searching; edit days through their year."""

    list_display = ("date", "kind", "name", "calendar_year")
    list_filter = ("kind", "calendar_year__status")
    search_fields = ("name",)
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
