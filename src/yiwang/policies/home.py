"""A policy officer's workbench lists: the 免申即享 rounds awaiting them or their department, and their department's
policies (the platform's policy staff, with no department policy of their own: the drafts to publish and the latest
published). A section head or unit leader sees the rounds list only when a round of their department waits
(web.portal.work_lists)."""
from __future__ import annotations

from django.urls import reverse

from yiwang.org.models import Role
from yiwang.org.scoping import scope_of

from . import access

SHOWN = 6


def work(user) -> list[dict]:
    if not (user and user.is_authenticated and getattr(user, "kind", "") == "staff"):
        return []
    officer = scope_of(user).has(Role.POLICY_OFFICER)
    deps = access.round_departments(user)
    if not officer and not deps:
        return []
    from .models import Policy

    # the platform's policy staff, in a department leading no policy, watch every department's
    whole = officer and not Policy.objects.filter(lead_department_id__in=deps).exists()
    out = []
    rounds = _rounds(user, deps, whole)
    if officer or rounds["items"]:
        out.append(rounds)
    if officer:
        out.append(_policies(deps, whole))
    return out


def _rounds(user, deps, whole) -> dict:
    from .models import GrantRound

    qs = GrantRound.objects.filter(status__in=[GrantRound.Status.PROPOSED, GrantRound.Status.SUBMITTED]) \
        .select_related("policy", "proposed_by").order_by("-proposed_at", "-pk")
    if not whole:
        qs = qs.filter(policy__lead_department_id__in=deps)
    items = []
    for r in qs[:SHOWN]:
        if r.status == GrantRound.Status.PROPOSED:
            note = "待审核：逐户核对名单后提交" if r.proposed_by_id == user.pk else f"待审核（{r.proposed_by}提出）"
        elif user.pk in (r.proposed_by_id, r.submitted_by_id):
            note = "已提交，待本部门另一人确认"
        else:
            note = "待您确认发放"
        items.append({"label": r.title, "url": reverse("policies:round", args=[r.pk]), "note": note})
    return {"key": "policy-rounds", "title": "待办的免申即享批次", "url": reverse("policies:rounds"),
            "items": items, "empty": "没有待审核或待确认的批次。"}


def _policies(deps, whole) -> dict:
    from .models import Policy

    qs = Policy.objects.select_related("lead_department")
    if not whole:
        qs = qs.filter(lead_department_id__in=deps).order_by("-issued_on", "-pk")
        title = "本部门政策"
    else:
        qs = qs.order_by("status", "-issued_on", "-pk")  # drafts first ("draft" < "expired" < "published" …)
        title = "政策清单（草稿与近期发布）"
    items = [{"label": p.title, "url": reverse("policies:detail", args=[p.pk]),
              "note": f"{p.number} · {p.get_status_display()}"} for p in qs[:SHOWN]]
    return {"key": "policies", "title": title, "url": reverse("policies:index"), "items": items,
            "empty": "还没有政策。"}
