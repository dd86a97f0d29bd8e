"""The enterprise page's demands panel (the demands app registers it; the registry does not know demands)."""
from yiwang.enterprises.panels import Panel, register


def _context(request, enterprise, viewer):
    from .queries import visible_demands

    qs = visible_demands(viewer.user).filter(enterprise=enterprise).select_related("category")
    return {"rows": list(qs.order_by("-submitted_at")[:10]), "may_raise": viewer.is_agent}


register(Panel("demands", "诉求", 40, "demands/_enterprise_panel.html", _context))
