"""The registry's own panels on the enterprise page (commissioner, messages) and the slots later apps fill
by registering a panel with the same key (matched policies, inspections, credit)."""
from django.utils import timezone

from .panels import Panel, register


def _commissioner(request, enterprise, viewer):
    from . import access, care
    from .models import GRADES, CommissionerRating

    commissioner = care.current_commissioner(enterprise)
    rating = None
    if commissioner and viewer.is_agent:
        rating = CommissionerRating.objects.filter(enterprise=enterprise, commissioner=commissioner,
                                                   year=timezone.localdate().year).first()
    is_commissioner = commissioner is not None and commissioner.pk == viewer.user.pk
    return {"commissioner": commissioner, "grades": GRADES, "rating": rating, "today": timezone.localdate(),
            "is_commissioner": is_commissioner and access.is_commissioner_of(viewer.user, enterprise),
            "visits": enterprise.visits.all()[:5] if (viewer.is_agent or viewer.is_staff) else []}


def _messages(request, enterprise, viewer):
    from yiwang.notify.services import inbox

    return {"rows": [d.message for d in inbox(viewer.user)[:5]]}


def _slot(text):
    return lambda request, enterprise, viewer: {"text": text}


def register_builtin() -> None:
    register(Panel("commissioner", "服务专员", 30, "enterprises/panels/_commissioner.html", _commissioner))
    register(Panel("policies", "匹配政策", 50, "enterprises/panels/_slot.html",
                   _slot("政策服务上线后，这里列出本企业符合条件的政策和免申即享事项。")))
    register(Panel("inspections", "涉企检查", 60, "enterprises/panels/_slot.html",
                   _slot("这里列出对本企业的行政检查计划和结果。")))
    register(Panel("credit", "信用", 70, "enterprises/panels/_slot.html",
                   _slot("这里显示本企业的信用等级及其依据。")))
    register(Panel("messages", "消息", 90, "enterprises/panels/_messages.html", _messages,
                   visible=lambda viewer: viewer.is_agent))
