"""Registry reads that more than one view needs: the search, the scoped list, an enterprise's agents."""
from __future__ import annotations

import re

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Collate

from yiwang.org.identifiers import USCC_ALPHABET
from yiwang.org.scoping import scope_of

from .models import Enterprise, Tag

_USCC_LIKE = re.compile(rf"^[{USCC_ALPHABET}]{{6,18}}$")
_INDUSTRY = re.compile(r"^([A-Ta-t])?(\d{1,4})?$")


def search(qs=None, *, q: str = "", industry: str = "", park=None, scale: str = "", tag: str = "",
           region=None, status: str = "", entity_type: str = ""):
    """The registry search. `q` is a USCC (or its first characters) or a name prefix; `industry` a GB/T 4754
    prefix ("C", "C39", "391"); the others exact. Every condition is one an index serves (see models)."""
    qs = Enterprise.objects.all() if qs is None else qs
    q = " ".join(str(q or "").split())
    order = ("name", "id")
    if q:
        upper = q.upper()
        if _USCC_LIKE.match(upper) and any(c.isdigit() for c in upper):
            qs = qs.filter(uscc=upper) if len(upper) == 18 else qs.filter(uscc__startswith=upper)
        elif connection.vendor == "postgresql":
            # Filter and order under the "C" collation, which the (name COLLATE "C", id) index serves for both the
            # prefix range and the order: under the database's collation the planner can use an index for one of
            # them only, and a short prefix whose names sort late walked most of the table (5.7 s at 1M). Code-point
            # order, as SQLite's BINARY collation gives.
            qs = qs.alias(name_c=Collate("name", "C")).filter(name_c__startswith=q)
            order = ("name_c", "id")
        else:
            qs = qs.filter(name__startswith=q)
    industry = str(industry or "").strip().replace(" ", "")
    if industry:
        m = _INDUSTRY.match(industry)
        if not m or not (m.group(1) or m.group(2)):
            return qs.none()
        letter, digits = (m.group(1) or "").upper(), m.group(2) or ""
        # A division, group or class is an equality on its own column, so its (column, name, id) index serves
        # the name order; a single digit (divisions 30–39) is a prefix of the division.
        if len(digits) == 4:
            qs = qs.filter(industry_id=digits)
        elif len(digits) == 3:
            qs = qs.filter(industry_group=digits)
        elif len(digits) == 2:
            qs = qs.filter(industry_division=digits)
        elif digits:
            qs = qs.filter(industry_division__startswith=digits)
        if letter:
            qs = qs.filter(industry_section=letter)
    if park:
        qs = qs.filter(park_id=getattr(park, "pk", park))
    if region:
        qs = qs.filter(region_id=getattr(region, "pk", region))
    if scale:
        qs = qs.filter(scale=scale)
    if status:
        qs = qs.filter(status=status)
    if entity_type:
        qs = qs.filter(entity_type=entity_type)
    if tag:
        tag_id = Tag.objects.filter(code=tag).values_list("pk", flat=True).first()
        if tag_id is None:
            return qs.none()
        qs = qs.filter(tags__tag_id=tag_id)
        if not q:
            # the holders of one tag in name order straight from the (tag, enterprise_name, enterprise) index
            # (the copy of the name is kept equal by Enterprise.save)
            order = ("tags__enterprise_name", "id")
    return qs.order_by(*order)


def represented_enterprise_ids(user) -> set[int]:
    """Enterprises whose applicant the user is (or is an agent of)."""
    scope = scope_of(user)
    if not scope.applicant_ids:
        return set()
    return set(Enterprise.objects.filter(applicant_id__in=scope.applicant_ids).values_list("id", flat=True))


def is_agent_of(user, enterprise: Enterprise) -> bool:
    return enterprise.applicant_id is not None and enterprise.applicant_id in scope_of(user).applicant_ids


def enterprise_of_applicant(applicant_id) -> Enterprise | None:
    return Enterprise.objects.filter(applicant_id=applicant_id).first()
