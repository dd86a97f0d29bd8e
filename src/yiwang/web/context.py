"""Template context for every page: the government frame (who runs the site, its registrations, set per
deployment: docs/deployment.md) and the reader's display choice (适老化, kept in a cookie set by a POST)."""
import re

from django.conf import settings
from django.utils.translation import gettext as _

DISPLAY_COOKIE = "yw_display"
ELDER = "elder"


def elder_mode(request) -> bool:
    return request.COOKIES.get(DISPLAY_COOKIE) == ELDER


def site(request):
    psb = settings.YIWANG_SITE_PSB or ""
    return {
        "gov": {
            "name": settings.YIWANG_SITE_NAME or _("一网通办 · 政务服务平台"),
            "department": settings.YIWANG_SITE_DEPARTMENT,
            "emblem": settings.YIWANG_SITE_EMBLEM,
            "host": settings.YIWANG_SITE_HOST,
            "operator": settings.YIWANG_SITE_OPERATOR,
            "code": settings.YIWANG_SITE_CODE,
            "icp": settings.YIWANG_SITE_ICP,
            "psb": psb,
            "psb_code": "".join(re.findall(r"\d", psb)),
            "contact": settings.YIWANG_SITE_CONTACT,
        },
        "display_mode": {"elder": elder_mode(request)},
    }
