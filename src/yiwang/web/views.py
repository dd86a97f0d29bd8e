from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import portal
from .context import DISPLAY_COOKIE, ELDER


def home(request):
    """Staff land on their workbench (their counts, short lists of their own items, their links); the public and applicants on the search-first
    portal."""
    user = request.user
    if user.is_authenticated and getattr(user, "kind", "") == "staff":
        return render(request, "web/workbench_home.html", {"tiles": portal.staff_counts(user),
                                                           "lists": portal.work_lists(user)})
    return render(request, "web/home.html", portal.public_home(user))


@require_POST
def display(request):
    """适老化 on or off for this browser (a cookie, a year long), then back to the page the reader was on."""
    nxt = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        nxt = "/"
    response = HttpResponseRedirect(nxt)
    if request.POST.get("elder") == "1":
        response.set_cookie(DISPLAY_COOKIE, ELDER, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=request.is_secure(), httponly=True)
    else:
        response.delete_cookie(DISPLAY_COOKIE, samesite="Lax")
    return response


def health(request):
    """Liveness for load balancers; also the bare JSON view the benchmarks compare against."""
    return JsonResponse({"status": "ok"})
