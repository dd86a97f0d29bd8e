"""The calendar page: a year as month grids, a year switcher and a small "add N working days" form."""
from __future__ import annotations


from django import forms
from django.shortcuts import render
from django.utils import timezone

from .core import CalendarRangeError
from .grid import month_grid
from .models import CalendarDay, CalendarYear
from .services import get_calendar


class AddForm(forms.Form):
    date = forms.DateField(
        label="起始日期（不计入）",
        # <input type=date> takes ISO dates only, whatever the language's display format
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "日期格式错误，应为 YYYY-MM-DD。", "required": "请填写起始日期。"},
    )
    n = forms.IntegerField(
        label="工作日数",
        min_value=-5000,
        max_value=5000,
        error_messages={"invalid": "请填写整数。", "required": "请填写工作日数。"},
    )


def _add_result(form: AddForm) -> dict:
    context: dict = {"form": form}
    if form.is_bound and form.is_valid():
        try:
            context["answer"] = get_calendar().add_working_days_answer(form.cleaned_data["date"], form.cleaned_data["n"])
        except CalendarRangeError as exc:
            form.add_error(None, exc.message)
    return context


def index(request):
    years = list(CalendarYear.objects.order_by("year"))
    by_year = {y.year: y for y in years}
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    current = by_year.get(year)
    context: dict = {"years": years, "year": year, "current": current, "today": today}
    if current is not None:
        calendar = get_calendar()
        marks = {d.date: (d.kind, d.name) for d in current.days.all()}
        context["months"] = [
            {"month": m, "weeks": month_grid(year, m, marks, calendar.is_working_day)} for m in range(1, 13)
        ]
        context["holidays"] = [d for d in current.days.all() if d.kind == CalendarDay.Kind.HOLIDAY]
        context["workdays"] = [d for d in current.days.all() if d.kind == CalendarDay.Kind.WORKDAY]
        context["working_days"] = calendar.working_days_in_year(year)
        context["prev_year"] = year - 1 if year - 1 in by_year else None
        context["next_year"] = year + 1 if year + 1 in by_year else None
    form = AddForm(request.GET if "n" in request.GET else None, initial={"date": today, "n": 20})
    context.update(_add_result(form))
    return render(request, "workdays/index.html", context)


def add(request):
    """The form's answer: a fragment for HTMX, the whole page otherwise."""
    if not request.headers.get("HX-Request"):
        return index(request)
    form = AddForm(request.GET or None, initial={"date": timezone.localdate(), "n": 20})
    return render(request, "workdays/_add_result.html", _add_result(form))
