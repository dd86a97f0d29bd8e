"""The enterprise page's credit panel (credit registers it; the registry does not know credit): the grades with
their explanations, the records and the measures in force for the enterprise's own agents and for staff who read
credit in full; the published records (信用公示) for anyone else who may open the page."""
from yiwang.enterprises.panels import Panel, register


def _context(request, enterprise, viewer):
    from . import access, queries
    from .models import Subject

    subject = Subject.objects.by_code(enterprise.uscc).first()
    if subject is None:
        return {"subject": None, "records": [], "full": False}
    full = viewer.is_agent or access.reads_all(viewer.user)
    return queries.panel(subject, full=full)


register(Panel("credit", "信用", 70, "credit/_enterprise_panel.html", _context))
