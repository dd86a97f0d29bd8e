"""Catalogue administration links (the public catalogue link is a core one in web.navigation)."""
from django.utils.translation import gettext_lazy as _


def _manages_items(user) -> bool:
    """Shown to those the import page serves: catalogue administrators (of some department) and sysadmins."""
    from .permissions import manages_any

    return bool(user and user.is_authenticated and getattr(user, "kind", "") == "staff" and manages_any(user))


LINKS = [
    ("catalog:import", _("事项导入"), _("导入国家和省级目录，下载模板，导出目录"), _manages_items),
]
