"""Pages of the in-site channel: the inbox, marking read, channel preferences. Thin: they call services."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import services


@login_required
def inbox(request):
    entries = services.inbox(request.user)
    if request.GET.get("unread") == "1":
        entries = entries.filter(read_at__isnull=True)
    page = Paginator(entries, 20).get_page(request.GET.get("page"))
    return render(request, "notify/inbox.html", {
        "page": page, "unread": services.unread_count(request.user), "only_unread": request.GET.get("unread") == "1",
    })


@login_required
@require_POST
def mark_read(request, pk):
    entry = get_object_or_404(services.inbox(request.user), pk=pk)
    services.mark_read(request.user, [entry.pk])
    return redirect(_next(request) or "notify:inbox")


@login_required
@require_POST
def mark_all_read(request):
    n = services.mark_read(request.user)
    messages.success(request, f"已将 {n} 条消息标为已读")
    return redirect("notify:inbox")


@login_required
def open_message(request, pk):
    """Follow a message's link; the inbox's 查看详情 button (a POST) marks it read on the way. A GET only follows."""
    entry = get_object_or_404(services.inbox(request.user), pk=pk)
    if request.method == "POST" and entry.read_at is None:
        services.mark_read(request.user, [entry.pk])
    link = entry.message.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure()):
        return redirect(link)
    return redirect("notify:inbox")


@login_required
def preferences(request):
    pref = services.preferences_of(request.user)
    if request.method == "POST":
        services.set_preferences(request.user, site="site" in request.POST, email="email" in request.POST,
                                 sms="sms" in request.POST)
        messages.success(request, "通知偏好已保存")
        return redirect("notify:preferences")
    return render(request, "notify/preferences.html", {"pref": pref})


def _next(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""
