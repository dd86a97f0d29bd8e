"""The demands workbench lists: a handler's department's assignments still to acknowledge or answer, a
commissioner's enterprises' open demands, and the demands escalated to a leader (web.portal.work_lists)."""
from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from yiwang.org.models import Role
from yiwang.org.scoping import scope_of

from . import queries
from .domain import lifecycle as lc

SHOWN = 6


def work(user) -> list[dict]:
    if not (user and user.is_authenticated and getattr(user, "kind", "") == "staff"):
        return []
    scope = scope_of(user)
    out = []
    deps = [dep for role, dep, _h, _o in scope.staff_roles if role == Role.DEMAND_HANDLER and dep]
    if deps:
        items = []
        for a in queries.department_inbox(deps)[:SHOWN]:
            step = "待报到" if a.status == lc.A_DISPATCHED else "待答复"
            role = "牵头" if a.role == "lead" else "协办"
            items.append({"label": f"{a.demand.number} {a.demand.title}", "note": f"{role} · {step}",
                          "url": reverse("demands:detail", args=[a.demand_id])})
        out.append({"key": "demands-inbox", "title": "本部门待办诉求", "url": reverse("demands:index"),
                    "items": items, "empty": "本部门没有待报到或待答复的诉求。"})
    if scope.has(Role.COMMISSIONER):
        from yiwang.enterprises.models import Assignment as Commission

        from .models import Demand

        served = Commission.objects.filter(commissioner=user, ended_on__isnull=True).values("enterprise_id")
        qs = Demand.objects.filter(Q(enterprise_id__in=served) | Q(submitted_by=user), status__in=lc.OPEN)
        items = [{"label": f"{d.number} {d.title}", "note": f"{d.enterprise or d.person_name} · "
                                                            f"{lc.STATUS_LABELS.get(d.status, d.status)}",
                  "url": reverse("demands:detail", args=[d.pk])}
                 for d in qs.select_related("enterprise").order_by("-submitted_at", "-pk")[:SHOWN]]
        out.append({"key": "demands-served", "title": "我服务企业的诉求", "url": reverse("demands:index"),
                    "items": items, "empty": "您服务的企业没有在办的诉求。"})
    from .models import Demand

    escalated = list(Demand.objects.filter(escalated_to=user, status="escalated").order_by("-pk")[:SHOWN])
    if escalated:
        out.append({"key": "demands-escalated", "title": "提级至我的诉求", "url": reverse("demands:index"),
                    "items": [{"label": f"{d.number} {d.title}", "note": "待协调，请企业服务中心重新派单",
                               "url": reverse("demands:detail", args=[d.pk])} for d in escalated],
                    "empty": ""})
    return out
