"""On-site appointments: choose hall, day and slot; my appointments and cancelling; the clerks' day list."""
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from yiwang.api.errors import DomainError
from yiwang.catalog.models import ItemVersion
from yiwang.org.models import Hall, Role
from yiwang.org.scoping import scope_of

from ..models import Appointment
from . import queries, services
from .common import applicant_required, is_htmx, my_applicants
from .forms import BookingForm

WEEKDAYS = "一二三四五六日"


def _day(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _booking_context(request, version, *, hall=None, day=None, applicant=None, error=""):
    halls = list(queries.halls_for(version))
    hall = hall or (halls[0] if halls else None)
    days = queries.open_days(hall) if hall else []
    day = day if day in days else (days[0] if days else None)
    applicants = list(my_applicants(request.user))
    return {
        "v": version, "halls": halls, "hall": hall, "days": [(d, f"周{WEEKDAYS[d.weekday()]}") for d in days],
        "day": day, "slots": queries.slot_availability(hall, version, day) if hall and day else [],
        "applicants": applicants, "applicant": applicant or (applicants[0] if applicants else None), "error": error,
    }


@applicant_required
def book(request, version_id):
    version = get_object_or_404(ItemVersion.objects.select_related("item__department"), pk=version_id,
                                state=ItemVersion.State.PUBLISHED)
    hall = Hall.objects.filter(pk=request.GET.get("hall") or 0).first()
    applicant = my_applicants(request.user).filter(pk=request.GET.get("applicant") or 0).first()
    if request.method == "POST":
        form = BookingForm(request.POST)
        if not form.is_valid():
            ctx = _booking_context(request, version, error=next(iter(form.errors.values()))[0])
            return render(request, "cases/portal/book.html", ctx, status=400)
        hall = get_object_or_404(queries.halls_for(version), pk=form.cleaned_data["hall"])
        applicant = get_object_or_404(my_applicants(request.user), pk=form.cleaned_data["applicant"])
        try:
            appt = services.book_appointment(user=request.user, applicant=applicant, item_version=version, hall=hall,
                                             day=form.cleaned_data["day"], start=form.cleaned_data["start"])
        except DomainError as exc:
            ctx = _booking_context(request, version, hall=hall, day=form.cleaned_data["day"], applicant=applicant,
                                   error=exc.message)
            return render(request, "cases/portal/book.html", ctx, status=exc.status)
        messages.success(request, f"预约成功：{appt.day:%Y年%m月%d日} {appt.start:%H:%M}-{appt.end:%H:%M}，"
                                  f"{appt.hall.name}{appt.window.number}号窗口，预约号{appt.code}。")
        return redirect("cases:appointments")
    ctx = _booking_context(request, version, hall=hall, day=_day(request.GET.get("day")), applicant=applicant)
    template = "cases/portal/_slots.html" if is_htmx(request) else "cases/portal/book.html"
    return render(request, template, ctx)


@applicant_required
def mine(request):
    return render(request, "cases/portal/appointments.html", {
        "appointments": queries.my_appointments(request.user)[:100], "today": timezone.localdate(),
        "section": "appointments"})


@require_POST
@applicant_required
def cancel(request, pk):
    appt = get_object_or_404(queries.my_appointments(request.user), pk=pk)
    try:
        services.cancel_appointment(appt, user=request.user)
        messages.success(request, f"预约{appt.code}已取消")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("cases:appointments")


@login_required
def today(request):
    """The day's appointments at the clerk's hall(s) (supervisors and administrators see every hall)."""
    scope = scope_of(request.user)
    if scope.reads_all:
        halls = Hall.objects.order_by("code")
    elif scope.has(Role.CLERK):
        halls = Hall.objects.filter(pk__in=scope.hall_ids).order_by("code")
    else:
        return render(request, "cases/portal/staff_only.html", {"clerks_only": True}, status=403)
    halls = list(halls)
    hall = next((h for h in halls if str(h.pk) == request.GET.get("hall")), halls[0] if halls else None)
    day = _day(request.GET.get("day")) or timezone.localdate()
    rows = queries.appointments_for(hall, day) if hall else Appointment.objects.none()
    return render(request, "cases/portal/appointments_today.html", {
        "halls": halls, "hall": hall, "day": day, "appointments": rows})
