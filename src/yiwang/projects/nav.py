"""Project links, shown with the predicates the pages refuse with (projects.access)."""
from django.utils.translation import gettext_lazy as _


def _sees(user) -> bool:
    from .access import sees_projects

    return sees_projects(user)


def _centre(user) -> bool:
    from .access import is_centre

    return is_centre(user)


LINKS = [
    ("projects:board", _("工程建设项目"), _("项目跟踪：阶段、事项、全流程用时与时限、瓶颈"), _sees),
    ("projects:matrix", _("风险分级矩阵"), _("按用途、面积、高度等因素分级，决定办理流程"), _centre),
]
