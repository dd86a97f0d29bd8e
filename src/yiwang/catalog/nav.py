"""Catalogue administration links (the public catalogue link is a core one in web.navigation)."""
from django.utils.translation import gettext_lazy as _

LINKS = [
    ("catalog:import", _("事项导入"), _("导入国家和省级目录，下载模板，导出目录"), "staff"),
]
