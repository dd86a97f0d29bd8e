"""The enterprise page's panel of the enterprise's cases (cases reads the registry, never the other way)."""
from yiwang.enterprises.panels import Panel, register


def _context(request, enterprise, viewer):
    from .models import Case
    from .queries import cases_visible_to

    if enterprise.applicant_id is None:
        return {"rows": [], "count": 0}
    qs = cases_visible_to(viewer.user).filter(applicant_id=enterprise.applicant_id)
    return {"rows": list(qs.select_related("item_version").order_by("-id")[:10]), "count": qs.count(),
            "portal": viewer.is_agent, "Case": Case}


def register_panel() -> None:
    register(Panel("cases", "办件", 20, "cases/enterprise/_panel.html", _context))
