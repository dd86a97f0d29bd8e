"""The enterprise page's panel of the enterprise's e-licences (held under its USCC)."""
from yiwang.enterprises.panels import Panel, register


def _context(request, enterprise, viewer):
    from .models import Licence

    rows = Licence.objects.by_holder(enterprise.uscc).select_related("department").order_by("-issued_on")
    return {"rows": list(rows[:10])}


def register_panel() -> None:
    register(Panel("licences", "电子证照", 25, "licences/enterprise_panel.html", _context))
