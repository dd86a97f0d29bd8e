"""What the portal's views share: who may use them and how a domain error is shown."""
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from yiwang.org.models import Applicant
from yiwang.org.scoping import scope_of


def applicant_required(view):
    """Logged in with an applicant account (staff file for applicants at the window workbench)."""
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.kind != request.user.Kind.APPLICANT:
            return render(request, "cases/portal/staff_only.html", status=403)
        return view(request, *args, **kwargs)
    return wrapped


def my_applicants(user):
    return Applicant.objects.filter(pk__in=scope_of(user).applicant_ids).order_by("kind", "name")


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


