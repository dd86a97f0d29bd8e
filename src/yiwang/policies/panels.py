"""The enterprise page's policies panel (the policies app registers it under the registry's "policies" slot):
matched policies with the explanation, policies nearly met with what is missing, grants and objections."""
from yiwang.enterprises.panels import Panel, register


def _context(request, enterprise, viewer):
    from . import access, queries

    if not (viewer.is_agent or viewer.is_staff):
        return None
    data = queries.enterprise_view(enterprise)
    data["may_act"] = viewer.is_agent
    data["dept_ids"] = access.round_departments(viewer.user)
    return data


register(Panel("policies", "匹配政策", 50, "policies/_enterprise_panel.html", _context))
